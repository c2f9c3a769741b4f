/* moocforge progress store: a learner's answers, attempts, scores and visited pages, kept in
 * this browser's localStorage (one record per course and run) and nowhere else: nothing is
 * sent over the network. Item ids are the same in every language tree, so progress follows
 * the learner across languages.
 *
 * window.mfProgress is the API the quiz widget uses; this file also draws the visited marks,
 * each week's completion and the home page's reset control. */
(function () {
  "use strict";
  var configElement = document.getElementById("mf-config");
  var config = configElement ? JSON.parse(configElement.textContent) : {};
  var strings = config.strings || {};
  var base = configElement ? configElement.getAttribute("data-base") || "." : ".";
  var treeRoot = new URL(base.replace(/\/?$/, "/"), window.location.href);

  function currentRun() {
    if (config.run) return config.run;
    var runs = config.runs || [], now = Date.now(), started = null;
    for (var i = 0; i < runs.length; i++) {
      var start = runs[i].start ? Date.parse(runs[i].start) : -Infinity;
      var end = runs[i].end ? Date.parse(runs[i].end) : Infinity;
      if (start <= now && now <= end) return runs[i].id;
      if (start <= now && (started === null || start >= started.start)) {
        started = { id: runs[i].id, start: start };
      }
    }
    return started ? started.id : (runs.length ? runs[0].id : "");
  }

  var run = currentRun();
  var key = "moocforge:v1:" + (config.course || "course") + ":" + run;

  function empty() { return { v: 1, visited: {}, quizzes: {} }; }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key));
      if (saved && saved.v === 1) {
        saved.visited = saved.visited || {};
        saved.quizzes = saved.quizzes || {};
        return saved;
      }
    } catch (e) { /* storage disabled or a damaged record: start afresh */ }
    return empty();
  }

  var state = load();

  function save() {
    try { window.localStorage.setItem(key, JSON.stringify(state)); }
    catch (e) { /* private mode or full: progress lasts for this page only */ }
  }

  function quiz(itemId) {
    var record = state.quizzes[itemId];
    if (!record) record = state.quizzes[itemId] = { questions: {}, done: false };
    return record;
  }

  function isDone(itemId, kind) {
    if (kind === "quiz") return !!(state.quizzes[itemId] && state.quizzes[itemId].done);
    return !!state.visited[itemId];
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] !== undefined ? values[name] : "";
    });
  }

  var api = {
    config: config, key: key, run: run, treeRoot: treeRoot,
    question: function (itemId, qid) {
      var questions = quiz(itemId).questions;
      if (!questions[qid]) questions[qid] = { attempts: 0, hints: 0 };
      return questions[qid];
    },
    save: function () { save(); draw(); },
    quizDone: function (itemId, done, score, total) {
      var record = quiz(itemId);
      record.done = done; record.score = score; record.total = total;
      save(); draw();
    },
    visit: function (itemId) {
      if (!state.visited[itemId]) { state.visited[itemId] = Date.now(); save(); }
    },
    isDone: isDone,
    reset: function () {
      state = empty();
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept anyway */ }
      draw();
    },
    format: format,
  };
  window.mfProgress = api;

  function mark(element, text) {
    var existing = element.querySelector(":scope > .mf-mark");
    if (!text) { if (existing) existing.remove(); return; }
    if (!existing) {
      existing = document.createElement("span");
      existing.className = "mf-mark";
      element.appendChild(existing);
    }
    existing.textContent = "✓ " + text;
  }

  function weekItems() {
    var data = document.querySelector("script.mf-weeks-data");
    if (data) return JSON.parse(data.textContent);
    var weeks = {};
    document.querySelectorAll(".mf-week-progress[data-week]").forEach(function (box) {
      var items = [];
      document.querySelectorAll(".mf-lesson li[data-item]").forEach(function (entry) {
        items.push([entry.getAttribute("data-item"), entry.getAttribute("data-kind")]);
      });
      weeks[box.getAttribute("data-week")] = items;
    });
    return weeks;
  }

  function draw() {
    document.querySelectorAll(".mf-lesson li[data-item]").forEach(function (entry) {
      var id = entry.getAttribute("data-item"), kind = entry.getAttribute("data-kind");
      mark(entry, isDone(id, kind) ? strings.done : (state.visited[id] ? strings.visited : ""));
    });
    var weeks = weekItems(), all = 0, allDone = 0;
    Object.keys(weeks).forEach(function (week) {
      var items = weeks[week], done = items.filter(function (pair) {
        return isDone(pair[0], pair[1]);
      }).length;
      all += items.length; allDone += done;
      document.querySelectorAll(".mf-week-progress[data-week='" + week + "']").forEach(
        function (box) {
          box.textContent = done ? format(strings.week_done, { done: done, total: items.length })
            : "";
        });
    });
    var summary = document.querySelector(".mf-progress-summary");
    if (summary) {
      summary.textContent = format(strings.week_done, { done: allDone, total: all });
      var bar = document.createElement("span");
      bar.className = "mf-progress-bar";
      bar.setAttribute("aria-hidden", "true");
      var fill = document.createElement("span");
      fill.style.width = (all ? Math.round(100 * allDone / all) : 0) + "%";
      bar.appendChild(fill);
      summary.appendChild(bar);
    }
  }

  function setupReset() {
    var box = document.querySelector(".mf-progress-box");
    if (!box) return;
    box.hidden = false;
    var ask = box.querySelector(".mf-reset"), confirm = box.querySelector(".mf-reset-confirm");
    var status = box.querySelector(".mf-reset-status");
    ask.addEventListener("click", function () {
      confirm.hidden = false;
      confirm.querySelector(".mf-reset-no").focus();
    });
    confirm.querySelector(".mf-reset-no").addEventListener("click", function () {
      confirm.hidden = true;
      ask.focus();
    });
    confirm.querySelector(".mf-reset-yes").addEventListener("click", function () {
      api.reset();
      confirm.hidden = true;
      status.textContent = strings.reset_done;
      status.focus();
    });
  }

  function init() {
    var page = document.querySelector(".mf-badges[data-item]");
    if (page) api.visit(page.getAttribute("data-item"));
    setupReset();
    draw();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
