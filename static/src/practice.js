// The practice page: the shared code editor (editor.js), one draft per language kept in localStorage, starter code on
// demand, and Ctrl+Enter to run the examples. Runs themselves go through htmx (see the form).
import { createCodeEditor } from "./editor.js";

function storageKey(problemId, language) {
  return `im:studypaths:code:${problemId}:${language}`;
}

// A draft's saved time (ms, on the server's clock as far as the page knows it) is kept beside it, under its own key:
// the draft itself stays a plain string, so drafts written before times were kept still read, and read as untimed.
function timeKey(key) {
  return `${key}:saved-at`;
}

function readDraft(key) {
  try {
    const code = window.localStorage.getItem(key);
    if (code === null || code.trim() === "") return null;
    const savedAt = Number(window.localStorage.getItem(timeKey(key)));
    return { code, savedAt: Number.isFinite(savedAt) && savedAt > 0 ? savedAt : null };
  } catch {
    return null; // storage disabled: drafts simply are not kept
  }
}

function writeDraft(key, value, savedAt) {
  try {
    // The old time goes first: a code write that fails (storage full) then leaves no time, not an old draft dated
    // as new; a time write that fails leaves a draft without one, which is restored as a newer one would be.
    window.localStorage.removeItem(timeKey(key));
    window.localStorage.setItem(key, value);
    window.localStorage.setItem(timeKey(key), String(Math.round(savedAt)));
  } catch {
    // full or disabled storage: the code stays in the editor, nothing else to do
  }
}

// The server's clock minus this browser's, from the time the page was rendered: a draft typed after a submission must
// read as newer than it even when this computer's clock is slow. A page read from the browser's cache (a restored
// session) carries an old render time, so it falls back to the browser's own clock.
function serverClockOffset(serverNow) {
  if (!serverNow) return 0;
  const [navigation] = performance.getEntriesByType?.("navigation") || [];
  if (navigation && navigation.transferSize === 0 && navigation.decodedBodySize > 0) return 0;
  const arrived = navigation && navigation.responseStart > 0 ? performance.timeOrigin + navigation.responseStart
    : Date.now();
  return serverNow - arrived;
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

  // The server shows code itself after a failed post or for a past run. On a task page it shows the last submission
  // (data-code-saved-at): that yields to a draft saved after it, or to one saved before times were kept — the
  // submission stays on the server, the draft nowhere else. Otherwise this browser's draft is restored.
  const serverCode = textarea.value;
  const savedAt = Number(form.dataset.codeSavedAt) || null;
  const savedLanguage = form.dataset.codeSavedLanguage;
  const offset = serverClockOffset(Number(form.dataset.serverNow) || 0);
  const draftTime = () => Math.max(Date.now() + offset, (savedAt || 0) + 1); // never older than what this page shows
  function codeFor(lang) {
    const draft = readDraft(storageKey(problemId, lang));
    if (savedAt && lang === savedLanguage) {
      return draft && (draft.savedAt === null || draft.savedAt > savedAt) ? draft.code : serverCode;
    }
    return draft ? draft.code : null;
  }
  if (form.dataset.codeFromServer !== "true") {
    const code = codeFor(language);
    if (code !== null) textarea.value = code;
  }

  // Only the candidate's edits are saved: code the page put in the editor (a submission, the starter code, another
  // language's draft) never overwrites a stored draft.
  let restoring = false;
  const editor = createCodeEditor(textarea, {
    language,
    onChange: (value) => { if (!restoring) writeDraft(storageKey(problemId, language), value, draftTime()); },
    // Ctrl/Cmd+Enter runs the examples: a click on the first submit button ("Run examples"), so htmx sends it.
    onRun: () => form.querySelector("button[type=submit]")?.click(),
  });
  const show = (code) => {
    restoring = true;
    try {
      editor.setValue(code);
    } finally {
      restoring = false;
    }
  };

  // The editor's keys, drafts and starter code work from here on: say so (without JavaScript they stay hidden).
  if (reset) reset.hidden = false;
  form.querySelectorAll("[data-editor-help]").forEach((node) => { node.hidden = false; });

  select.addEventListener("change", () => {
    // The language's edits are already saved, each as it was made.
    language = select.value;
    editor.setLanguage(language);
    show(codeFor(language) ?? (starter[language] || ""));
    editor.focus();
  });

  reset?.addEventListener("click", () => {
    if (editor.getValue() !== starter[language] && !window.confirm("Replace your code with the starter code?")) return;
    editor.setValue(starter[language] || ""); // the candidate's choice: saved as the draft (by onChange)
    writeDraft(storageKey(problemId, language), editor.getValue(), draftTime());
    editor.focus();
  });
}

const form = document.getElementById("code-form");
if (form) setUpPractice(form);
