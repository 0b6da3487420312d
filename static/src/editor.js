// The one code editor of InterviewMaster: CodeMirror 6 over a <textarea>, used by the practice page and the
// interview room. The textarea stays in the form (it is the field that is posted, and the editor for anyone
// without JavaScript); the editor keeps it in sync. Tab indents; Esc then Tab leaves the editor (CodeMirror's own
// escape hatch for keyboard users). The editor is labelled by the textarea's visible <label>. `onRun` binds
// Ctrl/Cmd+Enter (the pages' "run" shortcut).

import { EditorView, basicSetup } from "codemirror";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentUnit } from "@codemirror/language";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { java } from "@codemirror/lang-java";
import { cpp } from "@codemirror/lang-cpp";

// The page's Content-Security-Policy allows <style> only with its per-response nonce; CodeMirror injects its theme as
// a <style> element, so it must carry that nonce (the same one htmx uses, from the htmx-config meta tag). Without it
// the editor loses `white-space: pre` and typed spaces turn into U+00A0, which breaks submitted code.
function styleNonce() {
  try {
    const meta = document.querySelector('meta[name="htmx-config"]');
    return (meta && JSON.parse(meta.content).inlineStyleNonce) || "";
  } catch {
    return "";
  }
}

// Language ids are the capabilities' ids (interviewmaster/capabilities.json); languages without a grammar here
// get a plain editor with sensible indentation.
const GRAMMARS = {
  python: () => python(),
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  java: () => java(),
  cpp: () => cpp(),
  csharp: () => java(),
  kotlin: () => java(),
  swift: () => cpp(),
  go: () => cpp(),
  rust: () => cpp(),
};
const INDENT = { python: "    ", go: "\t" };

function languageExtensions(language) {
  const grammar = GRAMMARS[language];
  return [indentUnit.of(INDENT[language] || (language === "ruby" ? "  " : "    ")), grammar ? grammar() : []];
}

function labelFor(textarea) {
  const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
  return label ? label.textContent.trim() : textarea.getAttribute("aria-label") || "Code";
}

// basicSetup's default keymap binds Mod-Enter to "insert blank line" and, as a keymap, runs before any keydown
// handler of ours: the run shortcut must be a keymap of the highest precedence to win (and the key is consumed, so
// no newline is typed).
function runKeymap(onRun) {
  if (!onRun) return [];
  return Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; }, preventDefault: true }]));
}

// Typing over a selection is CodeMirror's work here, not the browser's: Chrome replaces a selection natively and, to
// keep the look of the first character it removed (a coloured keyword), writes the typed text with a `style="color:
// …"` attribute, which the page's Content-Security-Policy blocks and reports. The change goes through the same input
// handlers CodeMirror would call (auto-closed brackets wrap the selection; completion sees "input.type").
function replacedRange(event, view) {
  // Chrome gives no target ranges in a plaintext-only editable (CodeMirror's): the DOM selection is what it replaces.
  const selection = view.root.getSelection ? view.root.getSelection() : document.getSelection();
  const range = event.getTargetRanges()[0] || (selection && selection.rangeCount ? selection.getRangeAt(0) : null);
  if (!range || range.collapsed || !view.contentDOM.contains(range.startContainer)
      || !view.contentDOM.contains(range.endContainer)) return null;
  const from = view.posAtDOM(range.startContainer, range.startOffset);
  const to = view.posAtDOM(range.endContainer, range.endOffset);
  return from < to ? { from, to } : null;
}

function typeOverSelection(event, view) {
  if (event.inputType !== "insertText" || event.isComposing || !event.data || view.state.readOnly) return false;
  if (view.contentDOM.editContext) return false; // EditContext input (Android) never edits the DOM itself
  const replaced = replacedRange(event, view);
  if (!replaced) return false;
  const text = event.data;
  const main = view.state.selection.main;
  // The DOM shows only the lines in view: a selection reaching beyond them is the editor's (all of it, every range).
  const whole = replaced.from >= main.from && replaced.to <= main.to;
  const { from, to } = whole ? main : replaced;
  const spec = whole ? view.state.replaceSelection(text)
    : { changes: { from, to, insert: text }, selection: { anchor: from + text.length } };
  let transaction = null;
  const insert = () => transaction || (transaction = view.state.update(spec, { userEvent: "input.type",
                                                                              scrollIntoView: true }));
  if (!view.state.facet(EditorView.inputHandler).some((handler) => handler(view, from, to, text, insert))) {
    view.dispatch(insert());
  }
  return true; // CodeMirror calls preventDefault: the browser inserts nothing
}

// CodeMirror measures its lines' heights only while the editor is on screen and estimates the others; the gutter's
// line numbers stand at those heights. Below the fold (the problem page at 320 px, where the statement comes first)
// a wrapped line was numbered at an estimate, so the numbers drifted off their lines until the editor scrolled into
// view, and in a full-page capture never lined up. CodeMirror's print mode measures every line whatever is on screen:
// run one measure in it once the editor is laid out (it falls back to the estimates if that mode ever goes away).
function measureAllLines(view) {
  const state = view.viewState;
  const box = view.dom.getBoundingClientRect();
  const onScreen = box.top < window.innerHeight && box.bottom > 0 && box.left < window.innerWidth && box.right > 0;
  if (onScreen || !state || typeof state.printing !== "boolean") return;
  state.printing = true;
  try {
    view.measure();
  } finally {
    state.printing = false;
  }
}

/**
 * Replace `textarea` by a CodeMirror editor (the textarea stays, hidden, as the form field).
 * `onRun()` is called on Ctrl/Cmd+Enter. Returns {view, getValue, setValue, setLanguage, setReadOnly, focus, destroy}.
 */
export function createCodeEditor(textarea, { language = "python", onChange = null, onRun = null } = {}) {
  const languageSlot = new Compartment();
  const readOnlySlot = new Compartment();
  const holder = document.createElement("div");
  holder.className = "cm-holder";
  holder.dataset.editorFor = textarea.id || "";
  const helpId = textarea.getAttribute("aria-describedby");
  const contentAttributes = { "aria-label": labelFor(textarea), spellcheck: "false", autocapitalize: "off",
                              autocorrect: "off" };
  if (helpId) contentAttributes["aria-describedby"] = helpId;
  const view = new EditorView({
    parent: holder,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        EditorView.cspNonce.of(styleNonce()),
        runKeymap(onRun),
        basicSetup,
        keymap.of([indentWithTab]),
        languageSlot.of(languageExtensions(language)),
        readOnlySlot.of([]),
        EditorView.contentAttributes.of(contentAttributes),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          onChange?.(textarea.value);
        }),
        EditorView.domEventHandlers({ beforeinput: typeOverSelection }),
      ],
    }),
  });
  textarea.insertAdjacentElement("afterend", holder);
  textarea.hidden = true;
  textarea.dataset.enhanced = "true";
  measureAllLines(view);
  // A label click focuses the editor, as it focused the textarea.
  if (textarea.id) {
    document.querySelector(`label[for="${textarea.id}"]`)?.addEventListener("click", () => view.focus());
  }

  const api = {
    view,
    getValue: () => view.state.doc.toString(),
    setValue(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value ?? "" } });
    },
    setLanguage(next) {
      view.dispatch({ effects: languageSlot.reconfigure(languageExtensions(next)) });
    },
    // Read-only: the text can be read, selected and copied, not changed (the interview room while paused).
    setReadOnly(readOnly) {
      view.dispatch({ effects: readOnlySlot.reconfigure(
        readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []) });
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      holder.remove();
      textarea.hidden = false;
    },
  };
  textarea.codeEditor = api;
  return api;
}
