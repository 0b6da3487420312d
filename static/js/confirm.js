// Forms marked data-confirm="question" ask before they submit. This replaces inline onsubmit handlers, which the
// Content-Security-Policy (no 'unsafe-inline' scripts) blocks.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : "";
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
