// htmx swaps only 2xx/3xx answers by default, so a refused action (a 4xx) changed nothing on the page: Submit on a
// task another tab had skipped answered 409 and the result area stayed empty. Pages answer a refused htmx request
// with an error fragment (`studypaths/_run_error.html`, a partial with its `role="alert"` message) and the API with
// the JSON envelope {"error": {"code", "message"}}; this shows either where the answer would have gone, on every page.
// 5xx answers stay out (htmx's default): they are not fragments (Django's error page) and say nothing useful in place.
const FALLBACK = {
  401: "Your session has ended: sign in again, then retry.",
  403: "That was refused: reload the page (your session may have changed) and try again.",
  404: "Not found: it may have been removed. Reload the page.",
  429: "Too many requests: wait a moment and try again.",
};

function refusal(status) {
  return FALLBACK[status] || `That was refused (HTTP ${status}). Reload the page and try again.`;
}

function envelopeMessage(xhr) {
  try {
    const message = JSON.parse(xhr.responseText).error.message;
    return typeof message === "string" ? message : "";
  } catch {
    return ""; // not the envelope: the caller falls back to a message by status
  }
}

// A fragment is HTML that is not a whole document (Django's 403/404 pages are whole pages: not for a result area).
function isFragment(xhr) {
  const type = xhr.getResponseHeader("Content-Type") || "";
  return type.startsWith("text/html") && !/<html[\s>]/i.test(xhr.responseText.slice(0, 1000));
}

function alertHtml(message) {
  const box = document.createElement("div");
  box.className = "request-error";
  box.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = message; // the server's text, never its markup
  box.append(text);
  return box.outerHTML;
}

// A fragment that announces itself (role=alert/status) is read out when it appears; one that does not (a form shown
// again with its errors) is announced through the page's polite status region.
function announce(message) {
  const region = document.getElementById("request-status");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = message; }, 50); // a changed text, so it is read again
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const detail = event.detail;
  const status = detail.xhr.status;
  if (status < 400 || status >= 500) return;
  detail.shouldSwap = true;
  detail.isError = false;
  if (!isFragment(detail.xhr)) {
    detail.serverResponse = alertHtml(envelopeMessage(detail.xhr) || refusal(status));
  } else if (!/role=["'](alert|status)["']/.test(detail.xhr.responseText)) {
    announce("Not done: the page shows why.");
  }
});
