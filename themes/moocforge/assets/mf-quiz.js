/* moocforge quiz widget: checks answers in the browser from the JSON embedded in the page.
 * No network, no dependency. Works with the keyboard: the forms are plain HTML forms with
 * labels; Check is the submit button (Enter works in text fields). */
(function () {
  "use strict";

  /* A number as the page's language writes it: "3.5" always, "3,5" too where the decimal
   * separator is a comma (French); elsewhere a comma groups thousands, so it is refused. */
  function parseNumber(text, decimal) {
    var cleaned = text.trim().replace(/\s/g, "").replace("\u2212", "-");
    if (cleaned.indexOf(",") >= 0) {
      if (decimal !== ",") return null;
      cleaned = cleaned.replace(",", ".");
    }
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

  /* Returns {state: "correct"|"wrong"|"partly"|"invalid", message, choiceFeedback} */
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
      var value = parseNumber(input.value, q.decimal || ".");
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

  function setup(quiz) {
    var data = JSON.parse(quiz.querySelector("script.mf-quiz-data").textContent);
    var s = data.strings;
    quiz.querySelectorAll("form.mf-question").forEach(function (form) {
      var q = data.questions[form.dataset.qid];
      var attempts = 0, hintsShown = 0, done = false;
      var feedback = form.querySelector(".mf-feedback");
      var counter = form.querySelector(".mf-attempts");
      var explanation = form.querySelector(".mf-explanation");
      var check = form.querySelector(".mf-check");
      var hintButton = form.querySelector(".mf-hint-btn");
      var hints = form.querySelector(".mf-hints");

      function updateCounter() {
        if (!data.answers) return;
        counter.textContent = s.attempts + ": " + attempts +
          (data.maxAttempts ? " / " + data.maxAttempts : "");
      }
      updateCounter();
      if (!data.answers) {
        check.disabled = true;
        feedback.textContent = s.no_answers;
        feedback.className = "mf-feedback mf-feedback--info";
      }
      if (hintButton) {
        hintButton.addEventListener("click", function () {
          if (hintsShown >= q.hints.length) return;
          var p = document.createElement("div");
          p.className = "mf-hint";
          p.innerHTML = q.hints[hintsShown];
          hints.appendChild(p);
          typeset(p);
          hintsShown += 1;
          if (hintsShown >= q.hints.length) hintButton.disabled = true;
        });
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!data.answers || done) return;
        var result = evaluate(form, q, s);
        if (result.state === "invalid") {
          feedback.className = "mf-feedback mf-feedback--info";
          feedback.textContent = result.message;
          return;
        }
        attempts += 1;
        updateCounter();
        var extra = result.picked ? showChoiceFeedback(form, q, result.picked) : "";
        var general = result.state === "correct" ? q.feedbackCorrect : q.feedbackWrong;
        var parts = [s[result.state]];
        if (extra) parts.push(extra);
        if (general) parts.push(general);
        var outOfAttempts = data.maxAttempts && attempts >= data.maxAttempts;
        if (outOfAttempts && result.state !== "correct") parts.push(s.no_more_attempts);
        feedback.className = "mf-feedback mf-feedback--" + result.state;
        feedback.innerHTML = parts.join(" ");
        typeset(feedback);
        if (result.state === "correct" || outOfAttempts) {
          done = true;
          check.disabled = true;
          if (q.explanation) {
            explanation.innerHTML = "<p><strong></strong></p>" + q.explanation;
            explanation.querySelector("strong").textContent = s.explanation;
            explanation.hidden = false;
            typeset(explanation);
          }
        }
      });
    });
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
