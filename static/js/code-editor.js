// The practice page's code editor: a textarea where Tab indents, one draft per language kept in localStorage,
// starter code on demand, and Ctrl+Enter to run the examples. Runs themselves go through htmx (see the form).

const INDENT = { python: "    ", javascript: "  " };

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
    // full or disabled storage: the code stays in the textarea, nothing else to do
  }
}

function replaceSelection(textarea, text, selectInserted = false) {
  const { selectionStart: start, selectionEnd: end } = textarea;
  textarea.setRangeText(text, start, end, selectInserted ? "select" : "end");
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

function indentLines(textarea, indent, outdent) {
  const { value, selectionStart, selectionEnd } = textarea;
  const lineStart = value.lastIndexOf("\n", selectionStart - 1) + 1;
  const block = value.slice(lineStart, selectionEnd);
  const lines = block.split("\n");
  const changed = lines.map((line) => {
    if (!outdent) return indent + line;
    if (line.startsWith(indent)) return line.slice(indent.length);
    return line.replace(/^[ \t]+/, "");
  });
  textarea.setSelectionRange(lineStart, selectionEnd);
  replaceSelection(textarea, changed.join("\n"), true);
}

export function setUpEditor(form) {
  const textarea = form.querySelector("[data-code-editor]");
  const select = form.querySelector("[data-language-select]");
  const reset = form.querySelector("[data-reset-code]");
  const starterNode = document.getElementById("starter-code");
  if (!textarea || !select || !starterNode) return;
  const starter = JSON.parse(starterNode.textContent);
  const problemId = form.dataset.problem;
  let language = select.value;
  let escaped = false;

  // The server shows code itself after a failed post or for a past run; otherwise restore this browser's draft.
  if (form.dataset.codeFromServer !== "true") {
    const draft = readDraft(storageKey(problemId, language));
    if (draft !== null && draft.trim() !== "") textarea.value = draft;
  }

  textarea.addEventListener("input", () => writeDraft(storageKey(problemId, language), textarea.value));

  select.addEventListener("change", () => {
    writeDraft(storageKey(problemId, language), textarea.value);
    language = select.value;
    const draft = readDraft(storageKey(problemId, language));
    textarea.value = draft !== null && draft.trim() !== "" ? draft : starter[language] || "";
    textarea.focus();
  });

  reset?.addEventListener("click", () => {
    if (textarea.value !== starter[language] && !window.confirm("Replace your code with the starter code?")) return;
    textarea.value = starter[language] || "";
    writeDraft(storageKey(problemId, language), textarea.value);
    textarea.focus();
  });

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      escaped = true; // the next Tab leaves the editor (keyboard users are never trapped)
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.querySelector("button[type=submit]")?.click();
      return;
    }
    if (event.key !== "Tab" || escaped || event.altKey || event.ctrlKey || event.metaKey) {
      escaped = false;
      return;
    }
    event.preventDefault();
    const indent = INDENT[language] || "    ";
    const multiline = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd).includes("\n");
    if (event.shiftKey || multiline) {
      indentLines(textarea, indent, event.shiftKey);
    } else {
      replaceSelection(textarea, indent);
    }
  });
}

const form = document.getElementById("code-form");
if (form) setUpEditor(form);
