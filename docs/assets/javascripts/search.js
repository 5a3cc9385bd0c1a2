/* 法润交通 search, main thread (loaded before Material's bundle; see overrides/main.html).
 *
 * 1. Keep the first view light: Material requests search/search_index.json as soon as a
 *    page loads (by XMLHttpRequest). That request is held back here until the visitor
 *    first opens or focuses search, so pages never download the index for nothing.
 * 2. Use our own search worker (search-worker.js): Material documents the worker as
 *    replaceable (config.search). Ours matches Chinese terms as whole substrings, so
 *    行政复议 and 复议机关 are found exactly, and it needs no index build in the browser.
 *    (3., below: the worker loads its own compact index.)
 * 4.-5. Search on every input method; openers focus the real input (see below).
 * 6. Result tags are not landmarks. 7. No Tab stop on the results' box.
 */
(function () {
  "use strict";
  var config = document.getElementById("__config");
  var ours = false;
  if (config) {
    try {
      var data = JSON.parse(config.textContent);
      var base = new URL(data.base, location.href);
      data.search = new URL("assets/javascripts/search-worker.js", base).href;
      config.textContent = JSON.stringify(data);
      ours = true;
    } catch (err) {
      /* keep Material's own worker if the configuration cannot be read */
    }
  }

  var released = false;
  var waiting = [];
  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.frSearchIndex = /search\/search_index\.json(\?|$)/.test(String(url));
    if (this.frSearchIndex && ours) {
      /* 3. Material parses what it loads on the page's main thread and copies it to the
       *    worker. Give it the small farun-search.json instead: Material's config plus
       *    the name of the compact index, which our worker fetches and parses itself. */
      var args = Array.prototype.slice.call(arguments);
      args[1] = String(url).replace(/search_index\.json/, "farun-search.json");
      return open.apply(this, args);
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.frSearchIndex && !released) {
      waiting.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };

  function isSearch(el) {
    return el && el.matches && el.matches("[data-md-component=search-query], #__search, [for=__search], [for=__search] *");
  }
  document.addEventListener("focusin", function (ev) { if (isSearch(ev.target)) release(); }, true);
  document.addEventListener("pointerdown", function (ev) { if (isSearch(ev.target)) release(); }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) release();
  }, true);
  /* deep links such as ?q=行政复议 open search at once; a result's link (?h=...) needs the
   * index's config for Material to highlight the matched words on the target page */
  if (/[?&][qh]=/.test(location.search)) release();

  /* 4. Every input method. Material reads the query on keyup only, but text also arrives
   *    without keys: an input method's commit, paste from the context menu, voice input,
   *    autofill. Each of these ends with an input event; a keyup after it makes Material
   *    search (it ignores a value it has already seen). Half-typed pinyin is not searched. */
  function isQuery(el) {
    return el && el.matches && el.matches("[data-md-component=search-query]");
  }
  function nudge(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", function (ev) {
    if (isQuery(ev.target) && !ev.isComposing) nudge(ev.target);
  }, true);
  document.addEventListener("compositionend", function (ev) {
    if (isQuery(ev.target)) setTimeout(function () { nudge(ev.target); }, 0);
  }, true);
  document.addEventListener("paste", function (ev) {
    if (isQuery(ev.target)) setTimeout(function () { nudge(ev.target); }, 0);
  }, true);

  /* 5. A search opener outside the search box (the home page's big box, the phone header's
   *    icon) opens search and puts the focus into the real input within the tap itself,
   *    which is what makes a phone show its keyboard. Labels inside the open search
   *    (Material's back arrow) keep closing it. */
  document.addEventListener("click", function (ev) {
    var opener = ev.target && ev.target.closest && ev.target.closest("label[for=__search]");
    var toggle = document.getElementById("__search");
    var input = document.querySelector("[data-md-component=search-query]");
    if (!opener || !toggle || !input || toggle.checked || opener.closest(".md-search")) return;
    ev.preventDefault();
    release();
    toggle.click();  /* as Material opens search itself: a change event on the toggle */
    input.focus();
  }, true);

  /* 7. Material makes the results' scrolling box a Tab stop of its own (tabindex=0): on a desktop,
   *    Tab from the search field landed in it while the empty, closing panel faded out: a focus no
   *    one sees. Each result is a link, so the list is reached and scrolled without it. */
  var wrap = document.querySelector(".md-search__scrollwrap[tabindex]");
  if (wrap) wrap.removeAttribute("tabindex");

  /* 6. Material puts each result's tags in a <nav>: a list of results held as many unnamed
   *    navigation landmarks (axe landmark-unique). They are labels, not a way around the site. */
  var results = document.querySelector(".md-search-result__list");
  if (results && window.MutationObserver) {
    new MutationObserver(function () {
      results.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) { nav.setAttribute("role", "none"); });
    }).observe(results, { childList: true, subtree: true });
  }
})();
