/* moocforge quiz widget: checks answers in the browser from the JSON embedded in the page.
 * No network, no dependency. The forms are plain HTML forms with labels; Check is the submit
 * button (Enter works in text fields). Answers, attempts and hints shown are kept by
 * mf-progress.js, so a reload restores them and the attempt limit holds. Focus never falls
 * to <body>: a finished question moves it to its feedback, the last hint to that hint. */
(function () {
  "use strict";
  var store = window.mfProgress || null;
  var lang = document.documentElement.lang || "en";

  function parseNumber(text) {
    var cleaned = text.trim().replace(/\s/g, "").replace(",", ".");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return null;
    return parseFloat(cleaned);
  }

  function setHtml(element, html) {
    element.innerHTML = html || "";
    element.hidden = !html;
  }

  function typeset(element) {
    if (window.MathJax && window.MathJax.typesetPromise) window.MathJax.typesetPromise([element]);
  }

  function number(value) {
    try { return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value); }
    catch (e) { return String(value); }
  }

  function percent(ratio) {
    try { return new Intl.NumberFormat(lang, { style: "percent" }).format(ratio); }
    catch (e) { return Math.round(ratio * 100) + "%"; }
  }

  function textMatches(q, value) {
    var given = value.trim();
    if (q.match === "regex") {
      return q.answers.some(function (pair) {
        try { return new RegExp("^(?:" + pair[0] + ")$", pair[1]).test(given); }
        catch (e) { return false; }
      });
    }
    if (q.match === "ci") {
      var lower = given.toLowerCase();
      return q.answers.some(function (a) { return a.trim().toLowerCase() === lower; });
    }
    return q.answers.some(function (a) { return a.trim() === given; });
  }

  /* The answer as stored: the checked indexes, the selected index, or the text typed. */
  function readAnswer(form) {
    var kind = form.dataset.kind;
    if (kind === "single" || kind === "multiple") {
      return Array.prototype.slice.call(form.querySelectorAll(".mf-choice input"))
        .filter(function (b) { return b.checked; }).map(function (b) { return +b.value; });
    }
    if (kind === "dropdown") return form.querySelector("select").value;
    return form.querySelector("input[type=text]").value;
  }

  function writeAnswer(form, answer) {
    var kind = form.dataset.kind;
    if (answer === undefined || answer === null) return;
    if (kind === "single" || kind === "multiple") {
      form.querySelectorAll(".mf-choice input").forEach(function (b) {
        b.checked = answer.indexOf(+b.value) >= 0;
      });
    } else if (kind === "dropdown") {
      form.querySelector("select").value = answer;
    } else {
      form.querySelector("input[type=text]").value = answer;
    }
  }

  /* Returns {state: "correct"|"wrong"|"partly"|"invalid", message, picked} */
  function evaluate(form, q, s) {
    var kind = form.dataset.kind;
    if (kind === "single" || kind === "multiple") {
      var boxes = Array.prototype.slice.call(form.querySelectorAll(".mf-choice input"));
      var picked = boxes.filter(function (b) { return b.checked; });
      if (!picked.length) return { state: "invalid", message: s.answer_required };
      var allRight = boxes.every(function (b, i) { return b.checked === q.choices[i].correct; });
      var someRight = picked.some(function (b) { return q.choices[+b.value].correct; });
      return { state: allRight ? "correct" : (kind === "multiple" && someRight ? "partly" : "wrong"),
               picked: picked.map(function (b) { return +b.value; }) };
    }
    if (kind === "dropdown") {
      var select = form.querySelector("select");
      if (select.value === "") return { state: "invalid", message: s.answer_required };
      return { state: q.choices[+select.value].correct ? "correct" : "wrong",
               picked: [+select.value] };
    }
    var input = form.querySelector("input[type=text]");
    if (!input.value.trim()) return { state: "invalid", message: s.answer_required };
    if (kind === "numeric") {
      var value = parseNumber(input.value);
      if (value === null) return { state: "invalid", message: s.not_a_number };
      var margin = q.percent ? Math.abs(q.answer) * q.tolerance / 100 : q.tolerance;
      return { state: Math.abs(value - q.answer) <= margin + 1e-9 ? "correct" : "wrong" };
    }
    return { state: textMatches(q, input.value) ? "correct" : "wrong" };
  }

  function showChoiceFeedback(form, q, picked) {
    form.querySelectorAll(".mf-choice").forEach(function (row, i) {
      var box = row.querySelector(".mf-choice-feedback");
      var chosen = picked.indexOf(i) >= 0;
      row.classList.toggle("mf-choice--right", chosen && q.choices[i].correct);
      row.classList.toggle("mf-choice--wrong", chosen && !q.choices[i].correct);
      setHtml(box, chosen ? q.choices[i].feedback : "");
    });
    if (form.dataset.kind === "dropdown" && picked.length) {
      return q.choices[picked[0]].feedback;
    }
    return "";
  }

  function question(form, data, itemId) {
    var s = data.strings, q = data.questions[form.dataset.qid];
    var record = store ? store.question(itemId, form.dataset.qid) : { attempts: 0, hints: 0 };
    var feedback = form.querySelector(".mf-feedback");
    var counter = form.querySelector(".mf-attempts");
    var explanation = form.querySelector(".mf-explanation");
    var check = form.querySelector(".mf-check");
    var hintButton = form.querySelector(".mf-hint-btn");
    var hints = form.querySelector(".mf-hints");
    var fieldset = form.querySelector("fieldset.mf-answer");
    var self = { weight: q.weight || 1, attempts: 0, done: false, correct: false };

    if (data.answers && q.explanation) {
      // In the page from the start (hidden): the print stylesheet shows it as a study sheet.
      explanation.innerHTML = "<p><strong></strong></p>" + q.explanation;
      explanation.querySelector("strong").textContent = s.explanation;
      typeset(explanation);
    }

    function updateCounter() {
      if (!data.answers) return;
      counter.textContent = s.attempts + "\u00a0" + number(record.attempts) +
        (data.maxAttempts ? "\u00a0/\u00a0" + number(data.maxAttempts) : "");
    }

    function showHint() {
      var p = document.createElement("div");
      p.className = "mf-hint";
      p.tabIndex = -1;
      p.innerHTML = q.hints[hints.children.length];
      hints.appendChild(p);
      typeset(p);
      if (hints.children.length >= q.hints.length) hintButton.disabled = true;
      return p;
    }

    function show(result) {
      var extra = result.picked ? showChoiceFeedback(form, q, result.picked) : "";
      var general = result.state === "correct" ? q.feedbackCorrect : q.feedbackWrong;
      var parts = [s[result.state]];
      if (extra) parts.push(extra);
      if (general) parts.push(general);
      var outOfAttempts = data.maxAttempts && record.attempts >= data.maxAttempts;
      if (outOfAttempts && result.state !== "correct") parts.push(s.no_more_attempts);
      feedback.className = "mf-feedback mf-feedback--" + result.state;
      feedback.innerHTML = parts.join(" ");
      typeset(feedback);
      self.attempts = record.attempts;
      self.correct = result.state === "correct";
      self.done = self.correct || !!outOfAttempts;
      if (self.done) finish();
    }

    function finish() {
      check.disabled = true;
      fieldset.disabled = true;  // the answer stays readable, no longer editable
      if (q.explanation) explanation.hidden = false;
    }

    updateCounter();
    if (!data.answers) {
      check.disabled = true;
      feedback.textContent = s.no_answers;
      feedback.className = "mf-feedback mf-feedback--info";
    }
    if (hintButton) {
      for (var h = 0; h < Math.min(record.hints || 0, q.hints.length); h++) showHint();
      hintButton.addEventListener("click", function () {
        if (hints.children.length >= q.hints.length) return;
        var shown = showHint();
        record.hints = hints.children.length;
        if (store) store.save();
        if (hintButton.disabled) shown.focus();
      });
    }
    if (data.answers && record.attempts > 0) {
      writeAnswer(form, record.answer);
      var restored = evaluate(form, q, s);
      if (restored.state !== "invalid") show(restored);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!data.answers || self.done) return;
      var result = evaluate(form, q, s);
      if (result.state === "invalid") {
        feedback.className = "mf-feedback mf-feedback--info";
        feedback.textContent = result.message;
        var first = form.querySelector(".mf-answer input, .mf-answer select");
        if (first) first.focus();
        return;
      }
      record.attempts += 1;
      record.answer = readAnswer(form);
      record.state = result.state;
      updateCounter();
      show(result);
      record.done = self.done;
      self.onChange();
      if (self.done) feedback.focus();
    });
    return self;
  }

  function setup(quiz) {
    var data = JSON.parse(quiz.querySelector("script.mf-quiz-data").textContent);
    var itemId = data.item || data.id;
    var scoreBox = quiz.querySelector(".mf-score");
    var questions = [];

    function updateScore() {
      if (!data.answers || !scoreBox || !questions.length) return;
      var total = 0, got = 0, answered = 0, finished = 0;
      questions.forEach(function (c) {
        total += c.weight;
        if (c.attempts) answered += 1;
        if (c.correct) got += c.weight;
        if (c.done) finished += 1;
      });
      var done = finished === questions.length;
      if (store) store.quizDone(itemId, done, got, total);
      if (!answered) { scoreBox.hidden = true; return; }
      scoreBox.textContent = data.strings.score + "\u00a0" + number(got) + "\u00a0/\u00a0" +
        number(total) + " (" + percent(total ? got / total : 0) + ")" +
        (done ? " " + data.strings.score_done : "");
      scoreBox.hidden = false;
    }

    quiz.querySelectorAll("form.mf-question").forEach(function (form) {
      var controller = question(form, data, itemId);
      controller.onChange = updateScore;
      questions.push(controller);
    });
    updateScore();
  }

  function init() {
    document.querySelectorAll(".mf-quiz").forEach(function (quiz) {
      if (quiz.dataset.ready) return;
      quiz.dataset.ready = "1";
      setup(quiz);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
