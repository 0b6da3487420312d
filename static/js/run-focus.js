// Keyboard focus around "Run examples" / "Submit": the buttons are disabled while the request is in flight, which
// would drop focus to the page body. Focus moves to the result area instead (it says "Queued…"/"Running…"), and
// once the run has a verdict, to the verdict itself, so a keyboard or screen-reader user lands on the outcome.
const form = document.getElementById("code-form");
const result = document.getElementById("run-result");

if (form && result) {
  let waiting = false;
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt !== form && !form.contains(event.detail.elt)) return;
    if (form.contains(document.activeElement)) {
      waiting = true;
      result.focus({ preventScroll: true });
    }
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const target = event.detail.target;
    if (!waiting || !(target === result || result.contains(target))) return;
    const outcome = result.querySelector("[data-overall-verdict]") || result.querySelector(".run-error, [role=alert]");
    if (outcome) {
      outcome.setAttribute("tabindex", "-1");
      outcome.focus();
      waiting = false;
    } else if (!result.contains(document.activeElement)) {
      result.focus({ preventScroll: true });
    }
  });
}
