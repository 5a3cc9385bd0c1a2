/* 法润交通 search worker: speaks Material's worker protocol (SETUP 0 -> READY 1,
 * QUERY 2 -> RESULT 3) with exact substring matching instead of Lunr.
 *
 * Why: Lunr has to build its index in the browser (seconds at 1,000 pages) and
 * Material's query segmentation drops the tail of Chinese words (行政复议 is
 * searched as 行政). A substring scan needs no build, finds every page that
 * contains the term and nothing else, and answers in milliseconds at this size.
 * Every whitespace-separated query word must occur (AND); titles weigh more.
 *
 * The index: search.js hands Material the small search/farun-search.json,
 * whose config.farun_index names the compact plain-text index (written at build
 * time by scripts/farun/publish/searchindex.py); this worker fetches and parses it
 * itself, so the page's main thread never parses or copies the big file.
 * A full Material index (the offline bundle's search_index.js) works too.
 */
"use strict";

var docs = [];

/* Each result shows a short snippet around the first match, never a page's
 * whole text: long result texts made the browser lay out megabytes of text
 * after every keystroke. */
var SNIPPET = 160;
var BEFORE = 36;
/* Material shows ten results and renders more as the visitor scrolls; snippets for
 * the first pages only keep a common word at 5,000 items fast (titles still follow). */
var WITH_SNIPPETS = 100;

/* The same reading of Material's HTML as scripts/farun/publish/searchindex.py plain(), for the
 * offline bundle, whose pages hand this worker Material's own index: block tags part
 * words, inline tags do not, and a line break between two Chinese characters is no gap. */
var BLOCK_TAG = /<\/?(?:p|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|h[1-6]|div|pre|blockquote|br|hr)\b[^>]*>/gi;
var CJK_GAP = /(?<=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])\s+(?=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])/g;

function plain(text) {
  return String(text || "").replace(/\u200b|\u0000/g, "").replace(BLOCK_TAG, "\u0000").replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(CJK_GAP, "").replace(/\u0000/g, " ").replace(/\s+/g, " ").trim();
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/* Occurrences of needle, at most CAP: beyond a few the score hardly matters, and
 * stopping early spares a scan of the rest of a long text. */
var CAP = 12;

function count(haystack, needle) {
  var n = 0;
  var at = haystack.indexOf(needle);
  while (at !== -1 && n < CAP) {
    n += 1;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return n;
}

/* Generated list pages (topics, laws, years ...) rank after lectures, cases and
 * notices: visitors look for the items; the lists follow as a way to browse. */
var LIST_WEIGHT = 0.25;

/* Pages, each with its entries (the page itself and its sections), numbered once,
 * so a query works on typed arrays instead of allocating per entry. */
var pageNames = [];
var pageOf = new Int32Array(0);
var pageEntries = [];
var pageParent = [];
var pageWeight = new Float64Array(0);

function setup(rows, listPages) {
  var lists = {};
  (listPages || []).forEach(function (page) { lists[page] = true; });
  docs = rows.map(function (row) {
    var location = row[0], title = row[1], text = row[2];
    var lowerText = text.toLowerCase();
    return {
      location: location, page: location.split("#")[0], title: title, text: text, tags: row[3] || [],
      /* Chinese text has no case: share the string instead of keeping a second copy */
      lowerTitle: title.toLowerCase(), lowerText: lowerText === text ? text : lowerText
    };
  });
  var ids = {};
  pageNames = [];
  pageEntries = [];
  pageParent = [];
  pageOf = new Int32Array(docs.length);
  docs.forEach(function (doc, d) {
    var id = ids[doc.page];
    if (id === undefined) {
      id = ids[doc.page] = pageNames.length;
      pageNames.push(doc.page);
      pageEntries.push([]);
      pageParent.push(-1);
    }
    pageOf[d] = id;
    pageEntries[id].push(d);
    if (doc.location === doc.page) pageParent[id] = d;
  });
  pageWeight = new Float64Array(pageNames.length);
  pageNames.forEach(function (page, id) { pageWeight[id] = lists[page] ? LIST_WEIGHT : 1; });
}

function fromMaterial(index) {
  /* Material's own index (HTML text, jieba's zero-width spaces) as compact rows */
  return (index.docs || []).map(function (doc) {
    return [String(doc.location || ""), plain(doc.title), plain(doc.text), doc.tags || []];
  });
}

function snippet(doc, terms, pattern) {
  var text = doc.text;
  var first = -1;
  for (var i = 0; i < terms.length; i++) {
    var at = doc.lowerText.indexOf(terms[i]);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  var start = first > BEFORE ? first - BEFORE : 0;
  if (start > 0) {
    /* begin after a punctuation mark or space, not inside a number or word */
    var cut = text.slice(start, first).search(/[\s。，、；：！？）》」』]/);
    if (cut !== -1) start += cut + 1;
  }
  var end = Math.min(text.length, start + SNIPPET);
  var part = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  return "<p>" + escapeHtml(part).replace(pattern, "<mark>$&</mark>") + "</p>";
}

function search(query) {
  var terms = String(query || "").replace(/\u200b/g, "").toLowerCase().replace(/[*~^+:-]/g, " ")
    .split(/[\s\u3000]+/).filter(Boolean);
  if (!terms.length) return { items: [] };
  var pattern = new RegExp(terms.map(function (t) { return escapeRegExp(escapeHtml(t)); }).join("|"), "gi");
  var found = {};  /* every term is required, so every hit has found them all */
  terms.forEach(function (term) { found[term] = true; });
  var scores = new Float64Array(docs.length);
  var best = new Float64Array(pageNames.length);
  var hitPages = [];
  for (var d = 0; d < docs.length; d++) {
    var doc = docs[d];
    var score = 0;
    for (var i = 0; i < terms.length; i++) {
      var inTitle = count(doc.lowerTitle, terms[i]);
      var inText = count(doc.lowerText, terms[i]);
      if (!inTitle && !inText) { score = 0; break; }
      score += 10 * inTitle + inText;
    }
    if (!score) continue;
    scores[d] = score;
    var p = pageOf[d];
    if (!best[p]) hitPages.push(p);
    if (score > best[p]) best[p] = score;
  }
  hitPages.sort(function (a, b) { return best[b] * pageWeight[b] - best[a] * pageWeight[a] || a - b; });
  function mark(text) {
    return escapeHtml(text).replace(pattern, "<mark>$&</mark>");
  }
  function item(d, withSnippet) {
    var doc = docs[d];
    /* tags only on the page itself: its sections would repeat the same chips */
    return {
      location: doc.location, title: mark(doc.title), text: withSnippet ? snippet(doc, terms, pattern) : "",
      tags: doc.location === doc.page ? doc.tags : [], score: scores[d], terms: found
    };
  }
  var items = hitPages.map(function (p, rank) {
    var full = rank < WITH_SNIPPETS;
    var parentDoc = pageParent[p];
    var parent;
    if (parentDoc !== -1 && scores[parentDoc]) {
      parent = item(parentDoc, full);
    } else {
      var doc = docs[parentDoc !== -1 ? parentDoc : pageEntries[p][0]];
      parent = { location: pageNames[p], title: mark(doc.title), text: "", tags: doc.tags, terms: found };
    }
    parent.score = best[p];
    if (!full) return [parent];  /* deep results: the page alone, without its matching sections */
    var sections = pageEntries[p].filter(function (d) { return d !== parentDoc && scores[d]; })
      .sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    return [parent].concat(sections.map(function (d) { return item(d, true); }));
  });
  return { items: items };
}

function ready(rows, listPages) {
  setup(rows, listPages);
  postMessage({ type: 1 });
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    var data = message.data || {};
    var compact = data.config && data.config.farun_index;
    if (compact) {
      /* the worker lives in assets/javascripts/; the index in search/ */
      fetch(new URL("../../search/" + compact, self.location.href))
        .then(function (response) {
          if (!response.ok) throw new Error("search index: HTTP " + response.status);
          return response.json();
        })
        .then(function (index) { ready(index.docs, index.lists); })
        .catch(function (err) {
          ready([]);
          throw err; /* reported in the console; the search shows no results */
        });
    } else {
      ready(fromMaterial(data));
    }
  } else if (message.type === 2) {
    postMessage({ type: 3, data: search(message.data) });
  }
});
