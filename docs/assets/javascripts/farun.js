/* 法润交通 — 适老化 and keyboard helpers: 长辈模式/高对比度 switches, 朗读, print date.
   No third-party code; everything stays on this site. */
(function () {
  "use strict"
  var KEY = "farun-access"
  var root = document.documentElement
  var CLASSES = { large: "fr-large", contrast: "fr-contrast", small: "fr-small" }
  /* The article tools' 字号 大/中/小: 大 is 长辈模式 itself, 小 a smaller text, 中 neither. */
  var SIZES = { large: { large: true, small: false }, medium: { large: false, small: false }, small: { large: false, small: true } }

  function loadChoice() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {} } catch (e) { return {} }
  }

  function saveChoice(choice) {
    try { localStorage.setItem(KEY, JSON.stringify(choice)) } catch (e) { /* private mode: this page only */ }
  }

  /* Apply the saved choice and keep every switch's aria-pressed in step with it. */
  function applyChoice(choice) {
    Object.keys(CLASSES).forEach(function (name) {
      root.classList.toggle(CLASSES[name], !!choice[name])
    })
    document.querySelectorAll("[data-fr-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", choice[button.dataset.frToggle] ? "true" : "false")
    })
    var size = choice.large ? "large" : choice.small ? "small" : "medium"
    document.querySelectorAll("[data-fr-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.frSize === size ? "true" : "false")
    })
  }

  function setupSwitches() {
    applyChoice(loadChoice())
    document.querySelectorAll("[data-fr-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var choice = loadChoice()
        choice[button.dataset.frToggle] = !choice[button.dataset.frToggle]
        if (choice.large) choice.small = false
        saveChoice(choice)
        applyChoice(choice)
      })
    })
    document.querySelectorAll("[data-fr-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var choice = loadChoice()
        var size = SIZES[button.dataset.frSize]
        choice.large = size.large
        choice.small = size.small
        saveChoice(choice)
        applyChoice(choice)
      })
    })
    document.querySelectorAll("[data-fr-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print() })
    })
    window.addEventListener("storage", function (event) {
      if (event.key === KEY) applyChoice(loadChoice())
    })
  }

  /* Labels acting as buttons (menu, search, the home page's big search) answer Space too;
     Material's own keyboard handler already clicks a focused label on Enter. */
  function setupLabelButtons() {
    document.querySelectorAll("label[tabindex][for]").forEach(function (label) {
      label.addEventListener("keydown", function (event) {
        if (event.key !== " " && event.key !== "Enter") return
        if (event.key === " ") {
          event.preventDefault()
          label.click()
        }
        if (label.htmlFor === "__search") {
          var input = document.querySelector("[data-md-component=search-query]")
          if (input) setTimeout(function () { input.focus() }, 50)
        }
      })
    })
  }

  /* Split text into utterances at sentence ends; long utterances stall in some browsers. */
  function sentences(text) {
    var parts = text.replace(/\s+/g, " ").match(/[^。！？；!?;]+[。！？；!?;]?/g) || []
    var chunks = []
    var current = ""
    parts.forEach(function (part) {
      if ((current + part).length > 160 && current) { chunks.push(current); current = "" }
      current += part
    })
    if (current.trim()) chunks.push(current)
    return chunks
  }

  function pageText() {
    var article = document.querySelector("article.md-content__inner")
    if (!article) return ""
    var copy = article.cloneNode(true)
    copy.querySelectorAll("[data-fr-read], .fr-print-only, .headerlink, video, script, style, .md-source-file")
      .forEach(function (el) { el.remove() })
    return copy.innerText || copy.textContent || ""
  }

  function setupReadAloud() {
    var box = document.querySelector("[data-fr-read]")
    if (!box) return
    var synth = window.speechSynthesis
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return  // stays hidden
    var start = box.querySelector("[data-fr-read-start]")
    var stop = box.querySelector("[data-fr-read-stop]")
    var status = box.querySelector(".fr-read__status")
    var reading = false

    function finish(message) {
      reading = false
      start.disabled = false
      stop.disabled = true
      status.textContent = message
    }

    start.addEventListener("click", function () {
      synth.cancel()
      var chunks = sentences(pageText())
      if (!chunks.length) return
      reading = true
      start.disabled = true
      stop.disabled = false
      status.textContent = "正在朗读…"
      chunks.forEach(function (chunk, index) {
        var utterance = new SpeechSynthesisUtterance(chunk)
        utterance.lang = "zh-CN"
        utterance.rate = 0.9
        if (index === chunks.length - 1) utterance.onend = function () { if (reading) finish("朗读结束") }
        utterance.onerror = function () { if (reading) finish("朗读已停止") }
        synth.speak(utterance)
      })
      stop.focus()
    })
    stop.addEventListener("click", function () {
      synth.cancel()
      finish("朗读已停止")
      start.focus()
    })
    window.addEventListener("pagehide", function () { synth.cancel() })
    box.hidden = false
  }

  /* Paper copies say when they were printed. */
  function setupPrintDate() {
    var now = new Date()
    var text = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日"
    document.querySelectorAll("[data-fr-print-date]").forEach(function (el) { el.textContent = text })
  }

  /* Material's search dialog has no accessible name. */
  function nameSearchDialog() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "站内搜索")
    })
  }

  /* A table wider than the screen: say that it scrolls sideways (and let the keyboard scroll it). */
  function markScrollingTables() {
    var named = {}
    document.querySelectorAll("article .md-typeset__scrollwrap, article .md-typeset__table").forEach(function (frame) {
      if (frame.classList.contains("md-typeset__table") && frame.parentElement.classList.contains("md-typeset__scrollwrap")) return
      var scrolls = frame.scrollWidth > frame.clientWidth + 1
      frame.classList.toggle("fr-scrolls", scrolls)
      var hint = frame.previousElementSibling
      var has = hint && hint.classList.contains("fr-scroll-hint")
      if (scrolls && !has) {
        hint = document.createElement("p")
        hint.className = "fr-scroll-hint"
        hint.textContent = "表格较宽，可左右滑动查看 →"
        frame.parentNode.insertBefore(hint, frame)
        frame.setAttribute("tabindex", "0")
        frame.setAttribute("role", "region")
        frame.setAttribute("aria-label", tableName(frame, named))
      } else if (!scrolls && has) {
        hint.remove()
        frame.removeAttribute("tabindex")
        frame.removeAttribute("role")
        frame.removeAttribute("aria-label")
      }
    })
  }

  /* Each scrolling table's region has its own name: the heading it sits under (and a number when two
     share one), so a screen reader's list of regions tells them apart. */
  function tableName(frame, named) {
    var heading = null
    var all = document.querySelectorAll("article h1, article h2, article h3, article h4, article caption")
    all.forEach(function (h) {
      if (h.compareDocumentPosition(frame) & Node.DOCUMENT_POSITION_FOLLOWING) heading = h
    })
    var caption = frame.querySelector("caption")
    var base = "可左右滚动的表格：" + ((caption || heading || {}).textContent || "正文").trim()
    named[base] = (named[base] || 0) + 1
    return named[base] > 1 ? base + "（" + named[base] + "）" : base
  }

  nameSearchDialog()
  setupSwitches()
  setupLabelButtons()
  setupReadAloud()
  setupPrintDate()
  markScrollingTables()
  window.addEventListener("load", markScrollingTables)
  window.addEventListener("resize", function () {
    clearTimeout(markScrollingTables.timer)
    markScrollingTables.timer = setTimeout(markScrollingTables, 150)
  })
  new MutationObserver(function () {
    clearTimeout(markScrollingTables.timer)
    markScrollingTables.timer = setTimeout(markScrollingTables, 150)
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] })  /* 长辈模式 widens tables */
})()
