// The task page's tutor: "Get a hint" posts to the hint API and reads its server-sent events as they arrive,
// writing the hint into a live region word by word. Without JavaScript the button is hidden and hints already given
// are listed by the server.
function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function parseEvents(buffer) {
  const events = [];
  let rest = buffer;
  let cut = rest.indexOf("\n\n");
  while (cut >= 0) {
    const block = rest.slice(0, cut);
    rest = rest.slice(cut + 2);
    const fields = {};
    for (const line of block.split("\n")) {
      const at = line.indexOf(": ");
      if (at > 0) fields[line.slice(0, at)] = line.slice(at + 2);
    }
    if (fields.event) events.push({ type: fields.event, data: JSON.parse(fields.data || "{}") });
    cut = rest.indexOf("\n\n");
  }
  return { events, rest };
}

async function askForHint(button, output) {
  button.disabled = true;
  const code = document.querySelector("[data-code-editor]")?.value ?? "";
  const item = document.createElement("li");
  item.className = "hint hint-streaming";
  item.setAttribute("aria-busy", "true");
  item.textContent = "The tutor is thinking…";
  output.append(item);
  let response;
  try {
    response = await fetch(button.dataset.hintUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "text/event-stream" },
      body: JSON.stringify({ code }),
    });
  } catch {
    item.textContent = "Could not reach the tutor; check your connection and try again.";
    button.disabled = false;
    return;
  }
  if (!response.ok) {
    let message = "The tutor could not answer.";
    try { message = (await response.json()).error.message; } catch { /* keep the generic message */ }
    item.textContent = message;
    item.classList.add("hint-error");
    item.removeAttribute("aria-busy");
    button.disabled = response.status === 409;
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const parsed = parseEvents(buffer);
    buffer = parsed.rest;
    for (const event of parsed.events) {
      if (event.type === "delta") {
        text += event.data.text;
        item.textContent = text;
      } else if (event.type === "done") {
        item.textContent = "";
        const label = document.createElement("strong");
        label.textContent = `Hint ${event.data.level} of 3: `;
        item.append(label, document.createTextNode(event.data.text));
        const used = Number(event.data.level);
        const counter = document.querySelector("[data-hints-used]"); // the status panel may have been swapped
        if (counter) counter.textContent = String(used);
        document.body.dispatchEvent(new CustomEvent("task-changed")); // the status panel reloads itself
        button.disabled = used >= 3;
        if (used >= 3) button.textContent = "No more hints";
      } else if (event.type === "error") {
        item.textContent = event.data.message;
        button.disabled = false;
      }
    }
  }
  item.classList.remove("hint-streaming");
  item.removeAttribute("aria-busy");
}

// A finished task takes no more hints (the API answers 409 task_finished): once the status panel, which reloads itself
// on each result, says the task is done, the button goes, as it is absent from a finished task's page.
function taskFinished() {
  return document.querySelector("#task-status")?.dataset.taskFinished === "true";
}

const button = document.querySelector("[data-hint-url]");
if (button) {
  button.hidden = taskFinished();
  const output = document.getElementById("hint-list");
  button.addEventListener("click", () => askForHint(button, output));
  document.body.addEventListener("htmx:afterSettle", () => {
    if (!taskFinished()) return;
    button.hidden = true;
    button.disabled = true;
  });
}
