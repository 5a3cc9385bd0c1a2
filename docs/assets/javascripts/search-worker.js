/* 法润交通 search worker: speaks Material's worker protocol (SETUP 0 -> READY 1,
 * QUERY 2 -> RESULT 3) with exact substring matching and ranking by field instead of Lunr.
 *
 * Why: Lunr has to build its index in the browser (seconds at 1,000 pages) and
 * Material's query segmentation drops the tail of Chinese words (行政复议 is
 * searched as 行政). A substring scan needs no build, finds every page that
 * contains the term and nothing else, and answers in milliseconds at this size.
 *
 * Matching: every whitespace-separated query word must occur somewhere in the page
 * (AND); 第6期 and 第六期 are the same word; full-width letters and digits, case and the
 * brackets of a 文号 (〔〕[]()（）) do not matter; a number does not match inside a
 * longer one (58号 is not 158号).
 * Ranking (see score()): a page named exactly as the query (a topic, speaker or law)
 * first; then lectures, cases and notices before generated list pages; within each,
 * by the best field each word is in: title, then the item's fields (期数, speaker, tags,
 * laws and their short names, category, notice type, 文号), summary, headings, body;
 * the whole query as one phrase beats its words apart; ties go to the newer item.
 *
 * Words follow the rules of the one markup reader (scripts/farun/markup/reader.py, its docstring):
 * the index text breaks words at block elements and white space, joins inline elements and CJK
 * characters across a line break, and drops the zero-width characters INVISIBLE; a query drops the
 * same characters (INVISIBLE equals reader.INVISIBLE: tests/markup/test_markup_reader.py) and splits
 * at white space.
 *
 * The index (scripts/farun/publish/searchindex.py) is the same online and offline:
 * online, search.js hands Material the small search/farun-search.json, whose
 * config.farun_shards names the compact index's shards, which this worker fetches itself
 * (the page's main thread never parses them), one after the other: it is READY with the
 * first (the newest pages) and answers the last query again as each further shard arrives,
 * so a visitor sees results while a large index is still loading; offline (file://, no
 * fetch), the whole compact index arrives inline as config.farun_inline.
 */
"use strict";

/* Each result shows a short snippet around the first match, never a page's
 * whole text: long result texts made the browser lay out megabytes of text
 * after every keystroke. */
var SNIPPET = 160;
var BEFORE = 36;
/* Material shows ten results and renders more as the visitor scrolls; snippets for
 * the first pages only keep a common word at 5,000 items fast (titles still follow). */
var WITH_SNIPPETS = 100;
/* Occurrences of a word counted per page, at most CAP: beyond a few the score hardly
 * matters, and stopping early spares a scan of the rest of a long text. */
var CAP = 12;

/* Field weights: a word's best field decides its part of the score (x STEP), the
 * number of occurrences (at most CAP) only orders pages whose fields tie. */
var W_TITLE = 10, W_FIELDS = 6, W_SUMMARY = 4, W_HEADING = 3, W_BODY = 1;
var STEP = 20;
var PHRASE = 1e4;  /* above any sum of field scores */
var NAMED = 1e6;  /* the query is exactly this topic's, speaker's or law's name */

var ITEM_KINDS = { lecture: "讲座", case: "案例", notice: "公告" };
var LIST_KINDS = { topic: "主题", speaker: "主讲人", law: "法规", list: "栏目" };

/* One-to-one character folding (the text keeps its length, so a match in the folded
 * text marks the same place in the original): case, full-width Latin and digits,
 * the many brackets of a 文号, the ideographic space. */
var FOLDABLE = /[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\[\]()【】［］〔〕\u3000]/;
var FOLDABLE_ALL = /[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\[\]()【】［］〔〕\u3000]/g;
var OPEN = "[(【［〔", CLOSE = "])】］〕";

function foldChar(ch) {
  var code = ch.charCodeAt(0);
  if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 48);
  if (code >= 0xff21 && code <= 0xff3a) return String.fromCharCode(code - 0xff21 + 97);
  if (code >= 0xff41 && code <= 0xff5a) return String.fromCharCode(code - 0xff41 + 97);
  if (OPEN.indexOf(ch) !== -1) return "（";
  if (CLOSE.indexOf(ch) !== -1) return "）";
  return " ";  /* U+3000 */
}

function fold(text) {
  text = String(text || "");
  return FOLDABLE.test(text) ? text.replace(FOLDABLE_ALL, foldChar) : text;
}

var HTML_SPECIAL = /[&<>"]/;

function escapeHtml(text) {
  text = String(text);
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* 第6期 <-> 第六期 (1..999) */
var CN_DIGITS = "零一二三四五六七八九";

function cnNumber(n) {
  if (!(n > 0 && n < 1000)) return String(n);
  var hundreds = Math.floor(n / 100), tens = Math.floor(n % 100 / 10), units = n % 10;
  var out = hundreds ? CN_DIGITS[hundreds] + "百" : "";
  if (tens) out += (tens === 1 && !hundreds ? "" : CN_DIGITS[tens]) + "十";
  else if (hundreds && units) out += "零";
  if (units) out += CN_DIGITS[units];
  return out;
}

function fromCn(text) {
  var n = 0, section = 0;
  for (var i = 0; i < text.length; i++) {
    var ch = text[i], digit = CN_DIGITS.indexOf(ch);
    if (ch === "两") digit = 2;
    if (digit !== -1) { section = digit; continue; }
    if (ch === "十") { n += (section || 1) * 10; section = 0; }
    else if (ch === "百") { n += (section || 1) * 100; section = 0; }
    else return -1;
  }
  return n + section;
}

function variants(term) {
  var out = [term];
  var m = /^(.*第)(\d{1,3})(期.*)$/.exec(term);
  if (m) out.push(m[1] + cnNumber(parseInt(m[2], 10)) + m[3]);
  m = /^(.*第)([零一二两三四五六七八九十百]+)(期.*)$/.exec(term);
  if (m && fromCn(m[2]) > 0) out.push(m[1] + fromCn(m[2]) + m[3]);
  return out.map(function (text) {
    return { text: text, digitStart: /^\d/.test(text), digitEnd: /\d$/.test(text) };
  });
}

function isDigit(ch) {
  return ch >= "0" && ch <= "9";
}

/* Occurrences of one variant in ``hay`` (at most ``cap``); a number never matches
 * inside a longer number. */
function countOne(hay, v, cap) {
  var needle = v.text, n = 0;
  var at = hay.indexOf(needle);
  while (at !== -1 && n < cap) {
    if ((!v.digitStart || at === 0 || !isDigit(hay[at - 1]))
        && (!v.digitEnd || at + needle.length >= hay.length || !isDigit(hay[at + needle.length]))) n += 1;
    at = hay.indexOf(needle, at + 1);
  }
  return n;
}

function count(hay, term, cap) {
  var n = 0;
  for (var i = 0; i < term.length && n < cap; i++) n += countOne(hay, term[i], cap - n);
  return n;
}

function firstAt(hay, term) {
  var best = -1;
  for (var i = 0; i < term.length; i++) {
    var at = hay.indexOf(term[i].text);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

/* Entries (a page and its sections) and pages, added shard by shard. */
var docs = [];
var pages = [];
var byLocation = {};

/* Add one shard (or the whole index) to what the worker searches. */
function add(index) {
  var rows = index.docs || [];
  var meta = index.pages || {};
  var lists = {};
  (index.lists || []).forEach(function (location) { lists[location] = true; });
  var first = pages.length;
  rows.forEach(function (row) {
    var d = docs.length;
    var location = String(row[0] || ""), title = String(row[1] || ""), text = String(row[2] || "");
    var pageLocation = location.split("#")[0];
    var doc = { location: location, title: title, text: text, tags: row[3] || [], fTitle: fold(title), fText: fold(text) };
    docs.push(doc);
    var p = byLocation[pageLocation];
    if (p === undefined) {
      var info = meta[pageLocation] || [];
      var kind = info[0] || (lists[pageLocation] ? "list" : "page");
      p = byLocation[pageLocation] = pages.length;
      pages.push({
        location: pageLocation, kind: kind, item: !(kind in LIST_KINDS), date: info[1] || "", episode: info[2],
        fields: String(info[3] || ""), summary: String(info[4] || ""),
        fFields: fold(info[3]), fSummary: fold(info[4]),
        names: (info[5] || []).map(function (name) { return squash(name); }),
        parent: -1, entries: []
      });
    }
    doc.page = p;
    pages[p].entries.push(d);
    if (location === pageLocation) pages[p].parent = d;
  });
  pages.slice(first).forEach(function (page) {
    if (page.parent === -1) page.parent = page.entries[0];
    page.fTitle = docs[page.parent].fTitle;
    page.label = label(page);
  });
  /* ties go to the newer item: each page's date as a fraction in [0, 1) of all dates */
  var dates = pages.map(function (page) { return page.date; }).filter(Boolean).sort();
  var order = {};
  dates.forEach(function (date, i) { order[date] = (i + 1) / (dates.length + 1); });
  pages.forEach(function (page) { page.recency = page.date ? order[page.date] : 0; });
}

/* A name as one string: folded, without spaces or the marks around it (as parse() leaves a query). */
function squash(text) {
  return fold(text).replace(/[\s《》“”‘’"'「」『』<>]+/g, "");
}

/* Rule 5 of scripts/farun/markup/reader.py: dropped from the index text and from a query alike. */
var INVISIBLE = /[\u200b\u200c\u200d\ufeff]/g;

function parse(query) {
  var clean = fold(String(query || "").replace(INVISIBLE, ""))
    .replace(/[*~^+:《》“”‘’"'「」『』<>]/g, " ");
  var words = clean.split(/\s+/).filter(Boolean).filter(function (w, i, all) { return all.indexOf(w) === i; });
  return {
    words: words, terms: words.map(variants),
    phrase: words.length > 1 ? variants(words.join("")) : null, name: words.join("")
  };
}

/* One word's part of a page's score: its best field, then how often it occurs; 0 if absent. */
function termScore(page, term) {
  var parent = docs[page.parent];
  var best = 0, seen = 0;
  if (count(page.fTitle, term, 1)) best = W_TITLE;
  if (best < W_FIELDS && page.fFields && count(page.fFields, term, 1)) best = W_FIELDS;
  if (best < W_SUMMARY && page.fSummary && count(page.fSummary, term, 1)) best = W_SUMMARY;
  for (var e = 0; e < page.entries.length; e++) {
    var doc = docs[page.entries[e]];
    if (doc !== parent && best < W_HEADING && count(doc.fTitle, term, 1)) best = W_HEADING;
    if (seen < CAP) seen += count(doc.fText, term, CAP - seen);
  }
  if (seen && !best) best = W_BODY;
  return best ? best * STEP + seen : 0;
}

/* A page's score for the parsed query: 0 when a word is missing (or, for scattered
 * characters, when fewer than q.need of them are there). */
function score(page, q) {
  var total = 0, matched = 0;
  var parent = docs[page.parent];
  for (var t = 0; t < q.terms.length; t++) {
    var part = termScore(page, q.terms[t]);
    if (!part && !q.need) return 0;
    if (part) { matched += 1; total += part; }
  }
  if (q.need && matched < q.need) return 0;
  if (q.phrase) {
    var phrase = 0;
    if (count(page.fTitle, q.phrase, 1)) phrase = W_TITLE;
    else if (page.fFields && count(page.fFields, q.phrase, 1)) phrase = W_FIELDS;
    else if (page.fSummary && count(page.fSummary, q.phrase, 1)) phrase = W_SUMMARY;
    else {
      for (var s = 0; s < page.entries.length && !phrase; s++) {
        var entry = docs[page.entries[s]];
        if (count(entry.fText, q.phrase, 1)) phrase = W_BODY;
        if (entry !== parent && count(entry.fTitle, q.phrase, 1)) phrase = W_HEADING;
      }
    }
    if (phrase) total += PHRASE + phrase * STEP;  /* the words together beat the words apart */
  }
  if (page.fTitle === q.name) total += W_TITLE * STEP;  /* the whole title typed */
  if (page.names.indexOf(q.name) !== -1) total += NAMED;
  return total;
}

/* Entries holding every word (the page itself or a section), for the result's sub-items. */
function entryScore(doc, q) {
  var total = 0, matched = 0;
  for (var t = 0; t < q.terms.length; t++) {
    var n = 10 * count(doc.fTitle, q.terms[t], CAP) + count(doc.fText, q.terms[t], CAP);
    if (!n && !q.need) return 0;
    if (n) { matched += 1; total += n; }
  }
  return q.need && matched < q.need ? 0 : total;
}

/* Nothing has the words as typed (行政复义, 网约车信用修复): look for their characters
 * scattered, as overlapping pairs of a long Chinese word, most of which must be there.
 * Only then: an exact phrase always ranks first because, when one exists, this never runs. */
var SCATTERED_SHARE = 0.6;

function scattered(q) {
  var words = [];
  q.words.forEach(function (word) {
    if (/^[\u3400-\u9fff]{3,}$/.test(word)) {
      for (var i = 0; i + 2 <= word.length; i++) words.push(word.slice(i, i + 2));
    } else {
      words.push(word);
    }
  });
  words = words.filter(function (w, i) { return words.indexOf(w) === i; });
  if (words.length <= q.words.length) return null;
  return { words: words, terms: words.map(variants), phrase: null, name: "", need: Math.ceil(words.length * SCATTERED_SHARE) };
}

function rank(q) {
  var scores = new Float64Array(pages.length);
  var hits = [];
  for (var p = 0; p < pages.length; p++) {
    var s = score(pages[p], q);
    if (s) { scores[p] = s; hits.push(p); }
  }
  return { scores: scores, hits: hits };
}

function snippetOf(text, folded, q, needles) {
  var first = -1;
  for (var i = 0; i < q.terms.length; i++) {
    var at = firstAt(folded, q.terms[i]);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  if (first === -1) return "";
  var start = first > BEFORE ? first - BEFORE : 0;
  if (start > 0) {
    /* begin after a punctuation mark or space, not inside a number or word */
    var cut = text.slice(start, first).search(/[\s。，、；：！？）》」』｜]/);
    if (cut !== -1) start += cut + 1;
  }
  var end = Math.min(text.length, start + SNIPPET);
  var part = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  return "<p>" + mark(part, needles) + "</p>";
}

/* Highlight every variant of every word, overlapping and adjacent matches as one mark.
 * Matching is on folded text, so positions in the folded copy cut the original. */
function mark(text, needles) {
  var folded = fold(text);
  var covered = null;  /* allocated only for a text that has a match (most deep titles have none) */
  for (var i = 0; i < needles.length; i++) {
    var needle = needles[i];
    for (var at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      if (!covered) covered = new Uint8Array(folded.length);
      covered.fill(1, at, at + needle.length);
    }
  }
  if (!covered) return escapeHtml(text);
  var out = "", start = 0;
  for (var k = 1; k <= text.length; k++) {
    if (k === text.length || covered[k] !== covered[start]) {
      var part = escapeHtml(text.slice(start, k));
      out += covered[start] ? "<mark>" + part + "</mark>" : part;
      start = k;
    }
  }
  return out;
}

function label(page) {
  var parts = [ITEM_KINDS[page.kind] || LIST_KINDS[page.kind] || ""];
  if (page.kind === "lecture" && page.episode) parts.push("第" + page.episode + "期");
  if (page.date) {
    var ymd = page.date.split("-");
    parts.push(ymd[0] + "年" + parseInt(ymd[1], 10) + "月" + parseInt(ymd[2], 10) + "日");
  }
  parts = parts.filter(Boolean);
  return parts.length ? ' <span class="fr-result-meta">' + parts.join(" · ") + "</span>" : "";
}

function search(query) {
  var q = parse(query);
  if (!q.terms.length) return { items: [] };
  var ranked = rank(q);
  var loose = ranked.hits.length ? null : scattered(q);
  if (loose) {
    q = loose;
    ranked = rank(q);
  }
  var scores = ranked.scores, hits = ranked.hits;
  var needles = [];  /* what mark() highlights */
  q.terms.concat(q.phrase ? [q.phrase] : []).forEach(function (term) {
    term.forEach(function (v) { if (needles.indexOf(v.text) === -1) needles.push(v.text); });
  });
  var found = {};  /* Material turns these into the ?h= highlight of the target page */
  q.words.forEach(function (word) { found[word] = true; });
  q.terms.forEach(function (term) { term.forEach(function (v) { found[v.text] = true; }); });
  /* One number per hit, so sorting thousands of hits compares numbers only: a named page, then
   * items before lists, then the score (whole numbers), then the newer date (a fraction below 1). */
  var keys = new Float64Array(pages.length);
  hits.forEach(function (p) {
    keys[p] = (scores[p] >= NAMED ? 1e10 : 0) + (pages[p].item ? 1e8 : 0) + scores[p] + pages[p].recency;
  });
  hits.sort(function (a, b) { return keys[b] - keys[a] || a - b; });
  var items = hits.map(function (p, rank) {
    var page = pages[p];
    var full = rank < WITH_SNIPPETS;
    var parentDoc = docs[page.parent];
    var text = "";
    if (full) {
      /* An item's summary first: its body may open with a note (示例内容) that says nothing of it. */
      text = snippetOf(page.summary, page.fSummary, q, needles)
        || snippetOf(parentDoc.text, parentDoc.fText, q, needles)
        || snippetOf(page.fields, page.fFields, q, needles)
        || (page.summary ? "<p>" + escapeHtml(page.summary.slice(0, SNIPPET)) + (page.summary.length > SNIPPET ? "…" : "") + "</p>" : "");
    }
    var parent = {
      location: page.location, title: mark(parentDoc.title, needles) + page.label, text: text,
      tags: (parentDoc.tags || []).map(escapeHtml), score: scores[p], terms: found
    };
    if (!full) return [parent];  /* deep results: the page alone, without its matching sections */
    var sections = [];
    page.entries.forEach(function (d) {
      if (d === page.parent) return;
      var s = entryScore(docs[d], q);
      if (s) sections.push([d, s]);
    });
    sections.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return [parent].concat(sections.map(function (pair) {
      var doc = docs[pair[0]];
      return { location: doc.location, title: mark(doc.title, needles), text: snippetOf(doc.text, doc.fText, q, needles),
               tags: [], score: pair[1], terms: found };
    }));
  });
  return { items: items };
}

var lastQuery = null;  /* answered again when a further shard arrives */

function fetchShard(name) {
  /* the worker lives in assets/javascripts/; the index in search/ */
  return fetch(new URL("../../search/" + name, self.location.href)).then(function (response) {
    if (!response.ok) throw new Error("search index: HTTP " + response.status);
    return response.json();
  });
}

function loadShards(names) {
  var next = 0;
  function one() {
    if (next >= names.length) return null;
    return fetchShard(names[next++]).then(function (shard) {
      add(shard);
      if (next === 1) postMessage({ type: 1 });
      else if (lastQuery !== null) postMessage({ type: 3, data: search(lastQuery) });
      return one();
    });
  }
  return Promise.resolve(one()).catch(function (err) {
    if (next <= 1) postMessage({ type: 1 });  /* READY without results rather than a search that never answers */
    throw err; /* reported in the console; the search shows what was loaded */
  });
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    var config = (message.data && message.data.config) || {};
    if (config.farun_inline) {
      add(config.farun_inline);  /* offline bundle: the compact index came with the page */
      postMessage({ type: 1 });
    } else if (config.farun_shards && config.farun_shards.length) {
      loadShards(config.farun_shards);
    } else {
      postMessage({ type: 1 });
      throw new Error("search index: no compact index (search/farun-search.json) in this site");
    }
  } else if (message.type === 2) {
    lastQuery = message.data;
    postMessage({ type: 3, data: search(message.data) });
  }
});
