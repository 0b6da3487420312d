// The practice page: the shared code editor (editor.js), one draft per language kept in localStorage, starter code on
// demand, and Ctrl+Enter to run the examples. Runs themselves go through htmx (see the form).
import { createCodeEditor } from "./editor.js";

function storageKey(problemId, language) {
  return `im:studypaths:code:${problemId}:${language}`;
}

function readDraft(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: drafts simply are not kept
  }
}

function writeDraft(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // full or disabled storage: the code stays in the editor, nothing else to do
  }
}

export function setUpPractice(form) {
  const textarea = form.querySelector("[data-code-editor]");
  const select = form.querySelector("[data-language-select]");
  const reset = form.querySelector("[data-reset-code]");
  const starterNode = document.getElementById("starter-code");
  if (!textarea || !select || !starterNode) return;
  const starter = JSON.parse(starterNode.textContent);
  const problemId = form.dataset.problem;
  let language = select.value;

  // The server shows code itself after a failed post or for a past run; otherwise restore this browser's draft.
  if (form.dataset.codeFromServer !== "true") {
    const draft = readDraft(storageKey(problemId, language));
    if (draft !== null && draft.trim() !== "") textarea.value = draft;
  }

  const editor = createCodeEditor(textarea, {
    language,
    onChange: (value) => writeDraft(storageKey(problemId, language), value),
    // Ctrl/Cmd+Enter runs the examples: a click on the first submit button ("Run examples"), so htmx sends it.
    onRun: () => form.querySelector("button[type=submit]")?.click(),
  });

  // The editor's keys, drafts and starter code work from here on: say so (without JavaScript they stay hidden).
  if (reset) reset.hidden = false;
  form.querySelectorAll("[data-editor-help]").forEach((node) => { node.hidden = false; });

  select.addEventListener("change", () => {
    writeDraft(storageKey(problemId, language), editor.getValue());
    language = select.value;
    const draft = readDraft(storageKey(problemId, language));
    editor.setLanguage(language);
    editor.setValue(draft !== null && draft.trim() !== "" ? draft : starter[language] || "");
    editor.focus();
  });

  reset?.addEventListener("click", () => {
    if (editor.getValue() !== starter[language] && !window.confirm("Replace your code with the starter code?")) return;
    editor.setValue(starter[language] || "");
    writeDraft(storageKey(problemId, language), editor.getValue());
    editor.focus();
  });
}

const form = document.getElementById("code-form");
if (form) setUpPractice(form);
