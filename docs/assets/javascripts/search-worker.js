/* 法润交通 search worker: speaks Material's worker protocol (SETUP 0 -> READY 1,
 * QUERY 2 -> RESULT 3) with exact substring matching instead of Lunr.
 *
 * Why: Lunr has to build its index in the browser (seconds at 1,000 pages) and
 * Material's query segmentation drops the tail of Chinese words (行政复议 is
 * searched as 行政). A substring scan needs no build, finds every page that
 * contains the term and nothing else, and answers in milliseconds at this size.
 * Every whitespace-separated query word must occur (AND); titles weigh more.
 */
"use strict";

var docs = [];
var pages = {};

function clean(value) {
  return String(value || "").replace(/\u200b/g, "");
}

function plain(html) {
  return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").toLowerCase();
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function count(haystack, needle) {
  var n = 0;
  var at = haystack.indexOf(needle);
  while (at !== -1) {
    n += 1;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return n;
}

function mark(html, pattern) {
  /* highlight only in text, never inside tags */
  return html.split(/(<[^>]*>)/).map(function (part, i) {
    return i % 2 ? part : part.replace(pattern, "<mark>$&</mark>");
  }).join("");
}

function setup(data) {
  docs = data.docs.map(function (doc) {
    var title = clean(doc.title);
    var text = clean(doc.text);
    return {
      location: doc.location, title: title, text: text, tags: doc.tags,
      page: doc.location.split("#")[0], plainTitle: plain(title), plainText: plain(text),
      display: text.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
        .replace(/\s+/g, " ").trim()
    };
  });
  pages = {};
  docs.forEach(function (doc) { if (doc.location === doc.page) pages[doc.page] = doc; });
}

/* Only the best results carry their whole highlighted text; the rest carry a
 * short teaser. Marking and posting every matching page's full text made later
 * queries slow (hundreds of pages match a common term at 1,000 items). */
var FULL_RESULTS = 20;
var TEASER = 240;

function teaser(doc) {
  return doc.display.length > TEASER ? doc.display.slice(0, TEASER) + "…" : doc.display;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function search(query) {
  var terms = clean(query).toLowerCase().replace(/[*~^+:-]/g, " ").split(/[\s\u3000]+/).filter(Boolean);
  if (!terms.length) return { items: [] };
  var pattern = new RegExp(terms.map(escapeRegExp).join("|"), "gi");
  var groups = {};
  var order = [];
  docs.forEach(function (doc) {
    var score = 0;
    var found = {};
    for (var i = 0; i < terms.length; i++) {
      var inTitle = count(doc.plainTitle, terms[i]);
      var inText = count(doc.plainText, terms[i]);
      if (!inTitle && !inText) return;
      found[terms[i]] = true;
      score += 10 * inTitle + inText;
    }
    if (!groups[doc.page]) {
      groups[doc.page] = [];
      order.push(doc.page);
    }
    groups[doc.page].push({ doc: doc, score: score, terms: found });
  });
  var ranked = order.map(function (page) {
    var group = groups[page];
    var best = group.reduce(function (max, hit) { return Math.max(max, hit.score); }, 0);
    return { page: page, group: group, best: best };
  });
  ranked.sort(function (a, b) { return b.best - a.best; });
  var items = ranked.map(function (entry, rank) {
    var full = rank < FULL_RESULTS;
    function item(hit) {
      var text = full ? mark(hit.doc.text, pattern) : mark(escapeHtml(teaser(hit.doc)), pattern);
      return {
        location: hit.doc.location, title: mark(hit.doc.title, pattern), text: text,
        tags: hit.doc.tags, score: hit.score, terms: hit.terms
      };
    }
    var parentHit = entry.group.filter(function (hit) { return hit.doc.location === entry.page; })[0];
    var sections = entry.group.filter(function (hit) { return hit !== parentHit; })
      .sort(function (a, b) { return b.score - a.score; });
    if (!full) sections = sections.slice(0, 3);
    var parent;
    if (parentHit) {
      parent = item(parentHit);
    } else {
      var doc = pages[entry.page] || sections[0].doc;
      parent = { location: entry.page, title: mark(doc.title, pattern), text: "", tags: doc.tags, terms: sections[0].terms };
    }
    parent.score = entry.best;
    return [parent].concat(sections.map(item));
  });
  return { items: items };
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    setup(message.data);
    postMessage({ type: 1 });
  } else if (message.type === 2) {
    postMessage({ type: 3, data: search(message.data) });
  }
});
