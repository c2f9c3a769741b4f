/* moocforge codecast player.
 *
 * Every `.mf-codecast` element carries its codecast as JSON (`data-codecast`: each step's
 * code, cursor, highlights, run, narration and timing) and the URLs of the editor
 * (CodeMirror 6), the runner worker and the C interpreter (picoc as WebAssembly). The
 * narration audio, when there is one, is the clock: the current step is the one whose
 * [start, end) holds audio.currentTime; without audio a wall clock plays the timings.
 * When paused the learner edits and runs the code; "back to the teacher's version"
 * restores the step's code and resumes. Nothing is fetched from outside the site or LMS.
 */
(function () {
  "use strict";
  if (window.MFCodecast) {
    window.MFCodecast.initAll();
    return;
  }

  const RUN_SECONDS = 5; // a run longer than this is stopped (infinite loop, missing input)
  const scripts = {}; // url -> promise (each vendored script is loaded once per page)
  const modules = {}; // wasm url -> promise of a compiled WebAssembly.Module

  function loadScript(url) {
    if (!scripts[url]) {
      scripts[url] = new Promise(function (resolve, reject) {
        const tag = document.createElement("script");
        tag.src = url;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("cannot load " + url)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[url];
  }

  function wasmModule(url) {
    if (!modules[url]) {
      modules[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("cannot load " + url);
        return r.arrayBuffer();
      }).then(function (bytes) { return WebAssembly.compile(bytes); });
    }
    return modules[url];
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? String(values[key]) : "{" + key + "}";
    });
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function clock(seconds) {
    const whole = Math.max(0, Math.floor(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  // ------------------------------------------------------------------ running code

  class Runner {
    constructor(runnerUrl, wasmUrl) {
      this.runnerUrl = runnerUrl;
      this.wasmUrl = wasmUrl;
      this.worker = null;
      this.count = 0;
    }

    async start() {
      if (!this.worker) {
        // A worker made from a blob works even when the LMS serves assets from another
        // origin than the page.
        const source = await fetch(this.runnerUrl).then(function (r) { return r.text(); });
        const blob = new Blob([source], { type: "text/javascript" });
        this.worker = new Worker(URL.createObjectURL(blob));
      }
      return this.worker;
    }

    async run(source, stdin) {
      const module = await wasmModule(this.wasmUrl);
      const worker = await this.start();
      const id = ++this.count;
      const self = this;
      return new Promise(function (resolve) {
        const timer = setTimeout(function () {
          worker.terminate();
          self.worker = null;
          resolve({ timeout: true, stdout: "", stderr: "", exit: null });
        }, RUN_SECONDS * 1000);
        worker.onmessage = function (event) {
          if (event.data.id !== id) return;
          clearTimeout(timer);
          resolve(event.data);
        };
        worker.postMessage({ id: id, module: module, source: source, stdin: stdin });
      });
    }
  }

  // picoc reports "/src/main.c:LINE:COL message" after the source line and a caret. A
  // "… expected" at the very start of a line is about the end of the previous one (a
  // missing ';'): like gcc, point at the last line that holds code.
  function parseError(stderr, source) {
    const match = /\/src\/main\.c:(\d+):(\d+) (.*)/.exec(stderr || "");
    if (!match) return null;
    let line = Number(match[1]);
    const col = Number(match[2]);
    const message = match[3].replace(/^VariableGet Ident: /, "").trim();
    if (col === 0 && / expected$/.test(message)) {
      const lines = source.split("\n");
      let previous = line - 1;
      while (previous > 1 && !lines[previous - 1].trim()) previous -= 1;
      if (previous >= 1) line = previous;
    }
    return { line: line, col: col, message: message };
  }

  function sameOutput(expected, actual, mode) {
    if (mode === "whitespace" || mode === "numeric") {
      const a = expected.trim().split(/\s+/);
      const b = actual.trim().split(/\s+/);
      if (a.length !== b.length) return false;
      return a.every(function (word, i) {
        if (mode === "numeric" && !isNaN(Number(word)) && !isNaN(Number(b[i]))) {
          return Math.abs(Number(word) - Number(b[i])) <= 1e-6;
        }
        return word === b[i];
      });
    }
    return expected === actual;
  }

  // ------------------------------------------------------------------ the player

  class Player {
    constructor(root) {
      this.root = root;
      this.data = JSON.parse(root.getAttribute("data-codecast"));
      this.s = this.data.strings;
      this.steps = this.data.steps;
      this.audio = root.querySelector("audio.mf-cc-audio");
      this.runner = new Runner(root.getAttribute("data-runner"), root.getAttribute("data-wasm"));
      this.index = -1; // the step shown
      this.playing = false;
      this.edited = false;
      this.wallStart = 0; // without audio: performance.now() at time 0
      this.wallOffset = 0;
      this.rate = 1;
      this.build();
    }

    // -- layout

    build() {
      const s = this.s;
      this.root.classList.add("mf-cc-ready");
      const noscript = this.root.querySelector(".mf-cc-noscript");
      if (noscript) noscript.remove();
      this.playButton = el("button", { type: "button", class: "mf-cc-play", text: s.play });
      this.prevButton = el("button", { type: "button", class: "mf-cc-prev",
        "aria-label": s.previous, title: s.previous, text: "◀" });
      this.nextButton = el("button", { type: "button", class: "mf-cc-next",
        "aria-label": s.next, title: s.next, text: "▶" });
      this.seek = el("input", { type: "range", class: "mf-cc-seek-bar", min: "0",
        max: String(this.data.duration), step: "0.1", value: "0", "aria-label": s.seek });
      this.time = el("span", { class: "mf-cc-time", "aria-hidden": "true",
        text: "0:00 / " + clock(this.data.duration) });
      this.speed = el("select", { class: "mf-cc-speed", "aria-label": s.speed });
      [0.75, 1, 1.25, 1.5, 2].forEach(function (rate) {
        const option = el("option", { value: String(rate), text: rate + "×" });
        if (rate === 1) option.selected = true;
        this.speed.appendChild(option);
      }, this);
      this.captionsToggle = el("input", { type: "checkbox", class: "mf-cc-captions-toggle",
        id: this.root.id + "-captions", checked: "checked" });
      const captionsLabel = el("label", { for: this.captionsToggle.id, text: " " + s.captions });
      captionsLabel.prepend(this.captionsToggle);
      this.stepLabel = el("span", { class: "mf-cc-step", role: "status" });
      const bar = el("div", { class: "mf-cc-controls", role: "group",
        "aria-label": s.codecast }, [this.prevButton, this.playButton, this.nextButton,
        this.seek, this.time, this.speed, captionsLabel, this.stepLabel]);
      this.editorBox = el("div", { class: "mf-cc-editor" });
      this.caption = el("p", { class: "mf-cc-caption", "aria-live": "off" });
      this.notice = el("p", { class: "mf-cc-notice", role: "status" });
      this.resumeButton = el("button", { type: "button", class: "mf-cc-resume",
        text: s.resume_teacher, hidden: "hidden" });
      this.runButton = el("button", { type: "button", class: "mf-cc-run", text: s.run });
      this.testButton = el("button", { type: "button", class: "mf-cc-test", text: s.test });
      if (!this.data.exercise || !this.data.exercise.tests.length) this.testButton.hidden = true;
      if (!this.data.runnable) {
        this.runButton.disabled = true;
        this.testButton.hidden = true;
      }
      const stdinId = this.root.id + "-stdin";
      this.stdin = el("textarea", { class: "mf-cc-stdin", id: stdinId, rows: "2",
        spellcheck: "false" });
      this.output = el("pre", { class: "mf-cc-output", "aria-live": "polite",
        tabindex: "0", "aria-label": s.output });
      const runBox = el("div", { class: "mf-cc-runbox" }, [
        el("div", { class: "mf-cc-actions" }, [this.runButton, this.testButton,
          this.resumeButton]),
        el("label", { for: stdinId, text: s.stdin }), this.stdin,
        el("p", { class: "mf-cc-output-label", text: s.output }), this.output]);
      const keys = el("p", { class: "mf-cc-keys", text: s.keys });
      const transcript = this.root.querySelector(".mf-cc-transcript");
      [bar, this.caption, this.editorBox, this.notice, runBox, keys].forEach(function (part) {
        this.root.insertBefore(part, transcript);
      }, this);
      this.wire();
    }

    async start() {
      await Promise.all([loadScript(this.root.getAttribute("data-editor")), this.seekable()]);
      const self = this;
      this.editor = window.MFCodeMirror.createEditor(this.editorBox, {
        doc: this.data.start, language: this.data.language, label: this.s.code,
        onChange: function (update) {
          const teacher = update.transactions.some(function (tr) {
            return tr.isUserEvent("mf.teacher");
          });
          if (!teacher) self.markEdited();
        },
      });
      this.show(0, true);
      this.editor.setEditable(true); // not playing: the learner may edit at once
    }

    // Seeking needs HTTP range requests, which not every server (or preview) answers:
    // narration files are small, so the player holds the whole file in memory instead.
    async seekable() {
      if (!this.audio) return;
      try {
        const response = await fetch(this.audio.currentSrc || this.audio.src);
        if (!response.ok) return;
        this.audio.src = URL.createObjectURL(await response.blob());
      } catch (error) {
        // another origin without CORS: keep streaming from the original address
      }
    }

    wire() {
      const self = this;
      this.playButton.addEventListener("click", function () { self.toggle(); });
      this.prevButton.addEventListener("click", function () { self.jump(self.index - 1); });
      this.nextButton.addEventListener("click", function () { self.jump(self.index + 1); });
      this.resumeButton.addEventListener("click", function () { self.resume(); });
      this.runButton.addEventListener("click", function () { self.runLearner(); });
      this.testButton.addEventListener("click", function () { self.testLearner(); });
      this.seek.addEventListener("input", function () {
        self.setTime(Number(self.seek.value));
      });
      this.speed.addEventListener("change", function () {
        const now = self.currentTime();
        self.rate = Number(self.speed.value);
        if (self.audio) self.audio.playbackRate = self.rate;
        self.wallOffset = now;
        self.wallStart = performance.now();
      });
      this.captionsToggle.addEventListener("change", function () {
        self.caption.hidden = !self.captionsToggle.checked;
      });
      this.root.querySelectorAll(".mf-cc-seek").forEach(function (button) {
        button.addEventListener("click", function () {
          self.jump(Number(button.getAttribute("data-step")));
        });
      });
      this.root.addEventListener("keydown", function (event) {
        const inEditor = event.target.closest && event.target.closest(".cm-editor");
        const typing = inEditor || /^(TEXTAREA|INPUT|SELECT)$/.test(event.target.tagName);
        if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
          event.preventDefault();
          self.runLearner();
        } else if (!typing && (event.key === " " || event.key === "k")) {
          if (event.target.tagName === "BUTTON") return; // the button's own Space
          event.preventDefault();
          self.toggle();
        } else if (!typing && event.key === "ArrowRight") {
          event.preventDefault();
          self.jump(self.index + 1);
        } else if (!typing && event.key === "ArrowLeft") {
          event.preventDefault();
          self.jump(self.index - 1);
        }
      });
      if (this.audio) {
        this.audio.addEventListener("ended", function () { self.stop(); });
        this.audio.addEventListener("timeupdate", function () { self.tick(); });
      }
    }

    // -- the clock

    currentTime() {
      if (this.audio) return this.audio.currentTime;
      if (!this.playing) return this.wallOffset;
      return this.wallOffset + (performance.now() - this.wallStart) / 1000 * this.rate;
    }

    setTime(seconds) {
      const t = Math.max(0, Math.min(seconds, this.data.duration));
      if (this.audio) this.audio.currentTime = t;
      this.wallOffset = t;
      this.wallStart = performance.now();
      this.tick(true);
    }

    stepAt(t) {
      let found = 0;
      this.steps.forEach(function (step, i) { if (t >= step.start) found = i; });
      return found;
    }

    tick(force) {
      const t = this.currentTime();
      this.seek.value = String(t);
      this.time.textContent = clock(t) + " / " + clock(this.data.duration);
      if (!this.playing && !force) return; // paused: the step shown is the one chosen
      const index = this.stepAt(t);
      if (index !== this.index || force) this.show(index, !this.playing);
      else this.type(t);
      if (!this.audio && this.playing && t >= this.data.duration) this.stop();
    }

    loop() {
      if (!this.playing) return;
      this.tick();
      const self = this;
      requestAnimationFrame(function () { self.loop(); });
    }

    // -- what is shown

    show(index, whole) {
      const step = this.steps[index];
      if (!step || !this.editor) return;
      this.index = index;
      this.edited = false;
      this.resumeButton.hidden = true;
      if (whole || !step.typed) {
        this.editor.setCode(step.code, step.cursor, step.selection, step.highlight);
      } else {
        const typed = this.typedCode(step, this.currentTime());
        this.editor.setCode(typed[0], typed[1], null, step.highlight);
      }
      this.caption.textContent = step.narration;
      this.stepLabel.textContent = format(this.s.step, { n: index + 1, total: this.steps.length });
      this.prevButton.disabled = index === 0;
      this.nextButton.disabled = index === this.steps.length - 1;
      this.root.setAttribute("data-step", String(index + 1));
      if (step.run) {
        this.stdin.value = step.run.stdin || "";
        this.output.textContent = this.s.teacher_run + "\n" + (step.run.expected || "");
      }
    }

    // the code of an insert step as typed so far (the text appears over 60% of the
    // step) and where the cursor stands: [code, [line, column]]
    typedCode(step, t) {
      const offset = step.typed[0];
      const text = step.typed[1];
      const span = Math.max(0.5, (step.end - step.start) * 0.6);
      const shown = Math.max(0, Math.min(text.length,
        Math.ceil(text.length * (t - step.start) / span)));
      const before = step.code.slice(0, offset) + text.slice(0, shown);
      const lines = before.split("\n");
      return [before + step.code.slice(offset + text.length),
        [lines.length, lines[lines.length - 1].length + 1]];
    }

    type(t) {
      const step = this.steps[this.index];
      if (!step || !step.typed || this.edited) return;
      const typed = this.typedCode(step, t);
      if (typed[0] !== this.editor.getCode()) {
        this.editor.setCode(typed[0], typed[1], null, step.highlight);
      }
    }

    // -- playing

    toggle() {
      if (this.playing) this.pause();
      else if (this.edited) this.resume();
      else this.play();
    }

    play() {
      if (this.currentTime() >= this.data.duration - 0.05) this.setTime(0);
      this.playing = true;
      this.editor.setEditable(false);
      this.playButton.textContent = this.s.pause;
      this.notice.textContent = "";
      this.wallStart = performance.now();
      this.root.setAttribute("data-state", "playing");
      if (this.audio) {
        this.audio.playbackRate = this.rate;
        const self = this;
        const started = this.audio.play();
        if (started && started.catch) started.catch(function () { self.stop(); });
      }
      this.loop();
    }

    pause() {
      this.wallOffset = this.currentTime();
      this.playing = false;
      if (this.audio) this.audio.pause();
      this.playButton.textContent = this.s.play;
      this.root.setAttribute("data-state", "paused");
      this.show(Math.max(this.index, 0), true); // the step's whole code, to edit
      this.editor.setEditable(true);
      this.notice.textContent = this.s.paused_hint;
    }

    stop() {
      this.pause();
    }

    jump(index) {
      if (index < 0 || index >= this.steps.length) return;
      // a little inside the step: an MP3 seek may land a few milliseconds early
      const step = this.steps[index];
      this.setTime(Math.min(step.start + 0.05, step.end));
      this.show(index, !this.playing);
    }

    markEdited() {
      if (this.edited) return;
      this.edited = true;
      this.resumeButton.hidden = false;
      this.notice.textContent = this.s.edited;
      this.root.setAttribute("data-edited", "true");
    }

    resume() {
      this.editor.clearErrors();
      this.root.removeAttribute("data-edited");
      this.show(this.index, true);
      this.play();
    }

    // -- the learner's runs

    async runLearner() {
      if (!this.data.runnable) {
        this.output.textContent = this.s.no_run;
        return null;
      }
      if (this.playing) this.pause();
      this.editor.clearErrors();
      this.output.textContent = this.s.running;
      this.root.setAttribute("data-run", "running");
      const result = await this.runner.run(this.editor.getCode(), this.stdin.value);
      this.showResult(result);
      this.root.setAttribute("data-run", "done");
      return result;
    }

    showResult(result) {
      if (result.timeout) {
        this.output.textContent = format(this.s.timeout, { seconds: RUN_SECONDS });
        return;
      }
      let text = result.stdout;
      const error = parseError(result.stderr, this.editor.getCode());
      if (error) {
        const message = format(this.s.compiling_error, { line: error.line,
          message: error.message });
        this.editor.markError(error.line, message);
        text += (text && !text.endsWith("\n") ? "\n" : "") + message;
      } else if (result.stderr) {
        text += result.stderr;
      }
      if (result.exit && !error) text += "\n" + format(this.s.exit, { code: result.exit });
      this.output.textContent = text;
    }

    async testLearner() {
      const exercise = this.data.exercise;
      if (!exercise || !this.data.runnable) return;
      if (this.playing) this.pause();
      this.editor.clearErrors();
      this.output.textContent = this.s.running;
      this.root.setAttribute("data-run", "running");
      const lines = [];
      for (const test of exercise.tests) {
        const result = await this.runner.run(this.editor.getCode(), test.stdin);
        const error = parseError(result.stderr, this.editor.getCode());
        if (error) {
          this.showResult(result);
          this.root.setAttribute("data-run", "done");
          return;
        }
        const passed = !result.timeout && sameOutput(test.expected, result.stdout, test.compare);
        lines.push(format(passed ? this.s.test_passed : this.s.test_failed, { name: test.name }));
        if (!passed && test.feedback) lines.push("  " + test.feedback);
      }
      this.output.textContent = lines.join("\n");
      this.root.setAttribute("data-run", "done");
    }
  }

  function initAll() {
    document.querySelectorAll(".mf-codecast:not([data-player])").forEach(function (root) {
      root.setAttribute("data-player", "loading");
      const player = new Player(root);
      root.mfPlayer = player;
      player.start().then(function () {
        root.setAttribute("data-player", "ready");
      }, function (error) {
        root.setAttribute("data-player", "failed");
        player.notice.textContent = String(error);
      });
    });
  }

  window.MFCodecast = { initAll: initAll, Player: Player, Runner: Runner, parseError: parseError };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
