// The practice page: the shared code editor (editor.js), one draft per language kept in localStorage, starter code on
// demand, and Ctrl+Enter to run the examples. Runs themselves go through htmx (see the form).
import { createCodeEditor } from "./editor.js";
import { userStorage } from "./lib/user-storage.js";

// The signed-in candidate's own: kept as `im:<owner>:studypaths:code:…`, never read by the next user of the browser.
const store = userStorage();

function storageKey(problemId, language) {
  return `studypaths:code:${problemId}:${language}`;
}

// A draft's saved time (ms, on the server's clock as far as the page knows it) is kept beside it, under its own key:
// the draft itself stays a plain string, so drafts written before times were kept still read, and read as untimed.
function timeKey(key) {
  return `${key}:saved-at`;
}

function readDraft(key) {
  try {
    const code = store.getItem(key);
    if (code === null || code.trim() === "") return null;
    const savedAt = Number(store.getItem(timeKey(key)));
    return { code, savedAt: Number.isFinite(savedAt) && savedAt > 0 ? savedAt : null };
  } catch {
    return null; // storage disabled: drafts simply are not kept
  }
}

function writeDraft(key, value, savedAt) {
  try {
    // The old time goes first: a code write that fails (storage full) then leaves no time, not an old draft dated
    // as new; a time write that fails leaves a draft without one, which is restored as a newer one would be.
    store.removeItem(timeKey(key));
    store.setItem(key, value);
    store.setItem(timeKey(key), String(Math.round(savedAt)));
  } catch {
    // full or disabled storage: the code stays in the editor, nothing else to do
  }
}

// Two tabs of one task share its drafts. A draft another tab wrote since this page last read or wrote it is kept
// aside before this page overwrites it — one such draft per problem and language, until the candidate restores or
// dismisses it (or submits with it offered) — so that no typed code is lost without a sign.
function otherKey(key) {
  return `${key}:other`;
}

function storedCode(key) {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

function keepOther(key, code) {
  try {
    store.setItem(otherKey(key), code);
  } catch {
    // full or disabled storage: the other tab's code stays in that tab's editor, if it is still open
  }
}

function dropOther(key) {
  try {
    store.removeItem(otherKey(key));
  } catch {
    // disabled storage: there is nothing to drop
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
  // Each language's draft as this page last read or wrote it: a stored one that differs was written by another tab.
  const known = new Map();
  const draftKey = () => storageKey(problemId, language);
  function codeFor(lang) {
    known.set(storageKey(problemId, lang), storedCode(storageKey(problemId, lang)));
    const draft = readDraft(storageKey(problemId, lang));
    if (savedAt && lang === savedLanguage) {
      return draft && (draft.savedAt === null || draft.savedAt > savedAt) ? draft.code : serverCode;
    }
    return draft ? draft.code : null;
  }
  if (form.dataset.codeFromServer !== "true") {
    const code = codeFor(language);
    if (code !== null) textarea.value = code;
  } else {
    known.set(draftKey(), storedCode(draftKey()));
  }
  function saveDraft(value) {
    const key = draftKey();
    const stored = storedCode(key);
    const another = stored !== null && stored.trim() !== "" && stored !== value && stored !== known.get(key);
    if (another) keepOther(key, stored); // written by another tab since this page last read or wrote it
    known.set(key, value);
    writeDraft(key, value, draftTime());
  }

  // Only the candidate's edits are saved: code the page put in the editor (a submission, the starter code, another
  // language's draft) never overwrites a stored draft.
  let restoring = false;
  const editor = createCodeEditor(textarea, {
    language,
    onChange: (value) => { if (!restoring) saveDraft(value); },
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

  // "Also edited in another tab": on load, the draft this page's tab wrote before another overwrote it; while open,
  // the draft another tab just wrote (the storage event). Restore puts that code in the editor, Dismiss keeps this
  // tab's; either is saved as the draft and the kept-aside one is dropped. It is a status message: no focus is taken.
  const notice = form.querySelector("[data-other-draft]");
  let offered = null;
  function offer(code) {
    if (!notice || code === null || code.trim() === "" || code === editor.getValue()) return;
    offered = code; // a newer write of the other tab replaces the one offered
    if (notice.childElementCount) return;
    const text = document.createElement("p");
    text.textContent = "This code was also edited in another tab.";
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "secondary small";
    restore.textContent = "Restore that version";
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "secondary outline small";
    dismiss.textContent = "Dismiss";
    restore.addEventListener("click", () => settle(offered));
    dismiss.addEventListener("click", () => settle(editor.getValue()));
    notice.append(text, restore, dismiss);
  }
  function withdraw() {
    offered = null;
    notice?.replaceChildren();
  }
  function settle(code) {
    withdraw();
    if (code !== editor.getValue()) show(code);
    known.set(draftKey(), code); // the candidate's choice: nothing to keep aside
    writeDraft(draftKey(), code, draftTime());
    dropOther(draftKey());
    editor.focus();
  }
  function offerAside() {
    const aside = storedCode(otherKey(draftKey()));
    if (aside === editor.getValue()) dropOther(draftKey()); // shown already: nothing to keep aside
    else offer(aside);
  }
  offerAside();
  window.addEventListener("storage", (event) => {
    if (event.key === store.key(draftKey()) && event.newValue !== null) offer(event.newValue);
  });
  // Submitting with the notice shown: the candidate has seen it and sends this tab's code. A click, not the form's
  // submit event: Submit posts through htmx (hx-post), which cancels the click's submit.
  form.querySelectorAll("button[formaction]").forEach((button) => button.addEventListener("click", () => {
    if (offered === null) return;
    withdraw();
    dropOther(draftKey());
  }));

  // The editor's keys, drafts and starter code work from here on: say so (without JavaScript they stay hidden).
  if (reset) reset.hidden = false;
  form.querySelectorAll("[data-editor-help]").forEach((node) => { node.hidden = false; });

  select.addEventListener("change", () => {
    // The language's edits are already saved, each as it was made.
    language = select.value;
    editor.setLanguage(language);
    show(codeFor(language) ?? (starter[language] || ""));
    withdraw();
    offerAside();
    editor.focus();
  });

  reset?.addEventListener("click", () => {
    if (editor.getValue() !== starter[language] && !window.confirm("Replace your code with the starter code?")) return;
    editor.setValue(starter[language] || ""); // the candidate's choice: saved as the draft (by onChange)
    saveDraft(editor.getValue());
    editor.focus();
  });
}

const form = document.getElementById("code-form");
if (form) setUpPractice(form);
