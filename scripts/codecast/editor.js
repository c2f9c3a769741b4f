// The editor of the codecast player: CodeMirror 6, bundled by scripts/vendor-codecast.sh into
// themes/moocforge/assets/codecast/mf-codemirror.js as the global `MFCodeMirror`.
import { EditorView, basicSetup } from "codemirror";
import { Compartment, EditorSelection, StateEffect, StateField } from "@codemirror/state";
import { Decoration } from "@codemirror/view";
import { cpp } from "@codemirror/lang-cpp";
import { python } from "@codemirror/lang-python";
import { setDiagnostics } from "@codemirror/lint";

const setHighlights = StateEffect.define();

// Lines the teacher highlights in a step (a background on each whole line).
const highlightField = StateField.define({
  create() {
    return Decoration.none;
  },
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setHighlights)) {
        const marks = [];
        for (const number of effect.value) {
          if (number >= 1 && number <= tr.state.doc.lines) {
            marks.push(Decoration.line({ class: "cm-mf-highlight" })
              .range(tr.state.doc.line(number).from));
          }
        }
        value = Decoration.set(marks, true);
      }
    }
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function languageSupport(name) {
  return name === "python" ? python() : cpp();
}

function position(doc, pos) {
  if (!pos) return null;
  const line = doc.line(Math.min(Math.max(pos[0], 1), doc.lines));
  return Math.min(line.from + Math.max(pos[1], 1) - 1, line.to);
}

export function createEditor(parent, options) {
  const editable = new Compartment();
  const view = new EditorView({
    doc: options.doc || "",
    parent,
    extensions: [
      basicSetup,
      languageSupport(options.language),
      highlightField,
      editable.of(EditorView.editable.of(false)),
      EditorView.contentAttributes.of({ "aria-label": options.label || "code" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && options.onChange) options.onChange(update);
      }),
    ],
  });
  return {
    view,
    getCode() {
      return view.state.doc.toString();
    },
    setCode(code, cursor, selection, highlights) {
      const doc = view.state.doc;
      if (code !== doc.toString()) {
        view.dispatch({ changes: { from: 0, to: doc.length, insert: code },
          userEvent: "mf.teacher" });
      }
      const now = view.state.doc;
      let range = null;
      if (selection) {
        range = EditorSelection.range(position(now, selection[0]), position(now, selection[1]));
      } else if (cursor) {
        range = EditorSelection.cursor(position(now, cursor));
      }
      view.dispatch({
        selection: range ? EditorSelection.create([range]) : undefined,
        effects: setHighlights.of(highlights || []),
        scrollIntoView: Boolean(range),
        userEvent: "mf.teacher",
      });
      view.dispatch(setDiagnostics(view.state, []));
    },
    setEditable(yes) {
      view.dispatch({ effects: editable.reconfigure(EditorView.editable.of(yes)) });
    },
    markError(line, message) {
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
      view.dispatch(setDiagnostics(view.state, [{
        from: target.from, to: target.to, severity: "error", message,
      }]));
      view.dispatch({ effects: setHighlights.of([]) });
    },
    clearErrors() {
      view.dispatch(setDiagnostics(view.state, []));
    },
    errorLines() {
      // the lines holding a compile error marker (for the player and its tests)
      const lines = [];
      view.dom.querySelectorAll(".cm-lintRange-error").forEach((node) => {
        const pos = view.posAtDOM(node);
        lines.push(view.state.doc.lineAt(pos).number);
      });
      return lines;
    },
    focus() {
      view.focus();
    },
  };
}
