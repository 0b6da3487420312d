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

/**
 * Replace `textarea` by a CodeMirror editor (the textarea stays, hidden, as the form field).
 * `onRun()` is called on Ctrl/Cmd+Enter. Returns {view, getValue, setValue, setLanguage, focus, destroy}.
 */
export function createCodeEditor(textarea, { language = "python", onChange = null, onRun = null } = {}) {
  const languageSlot = new Compartment();
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
        EditorView.contentAttributes.of(contentAttributes),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          onChange?.(textarea.value);
        }),
      ],
    }),
  });
  textarea.insertAdjacentElement("afterend", holder);
  textarea.hidden = true;
  textarea.dataset.enhanced = "true";
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
