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

// Buttons marked data-print print the page (an inline onclick would be blocked by the same policy).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (button) {
    event.preventDefault();
    window.print();
  }
});
