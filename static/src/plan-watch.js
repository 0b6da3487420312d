// The expert's read-only view of a live planned interview: joins /ws/interviews/<id>/ as observer (the server decides
// the role from the session) and shows the questions, answers' evaluations and the clock as they happen.
(function () {
  "use strict";
  const root = document.getElementById("watch");
  if (!root) return;
  const log = document.getElementById("watch-log");
  const status = document.getElementById("watch-status");
  const clock = document.getElementById("watch-clock");
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const url = scheme + "://" + window.location.host + "/ws/interviews/" + root.dataset.session + "/";
  let retry = 0;

  function add(text, kind) {
    const item = document.createElement("li");
    item.textContent = text;  // plain text: nothing the candidate or an AI wrote is rendered as HTML
    item.className = "watch-" + kind;
    log.prepend(item);
  }

  function minutes(seconds) {
    const s = Math.max(0, seconds | 0);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  const handlers = {
    state: function (m) {
      status.textContent = "Connected as " + m.role + " · interview " + m.session.state;
      clock.textContent = minutes(m.session.remaining_seconds) + " left";
      if (m.turn) add("Current question: " + m.turn.prompt, "question");
      (m.evaluations || []).forEach(function (e) { handlers.evaluation(e); });
    },
    question: function (m) { add("Question: " + (m.prompt || (m.turn && m.turn.prompt) || ""), "question"); },
    followup: function (m) { add("Follow-up: " + (m.prompt || (m.turn && m.turn.prompt) || ""), "followup"); },
    evaluation: function (m) {
      const flags = (m.flags || []).length ? " · flags: " + m.flags.join(", ") : "";
      add("Evaluation of answer " + m.turn + ": " + m.score + "/100" + flags, "evaluation");
    },
    timer: function (m) { clock.textContent = minutes(m.remaining_seconds) + " left · " + m.state; },
    completed: function (m) { add("The interview ended (" + m.reason + "). Reload to adjust scores.", "completed"); },
    error: function (m) { add("Error: " + m.message, "error"); },
  };

  function connect() {
    const socket = new WebSocket(url);
    socket.onopen = function () { retry = 0; status.textContent = "Connected"; };
    socket.onmessage = function (event) {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      const handle = handlers[message.type];
      if (handle) handle(message);
    };
    socket.onclose = function (event) {
      if (event.code === 4401 || event.code === 4404) {
        status.textContent = "You cannot watch this interview.";
        return;
      }
      retry = Math.min(retry + 1, 6);
      status.textContent = "Disconnected; reconnecting…";
      window.setTimeout(connect, 500 * Math.pow(2, retry));
    };
  }
  connect();
})();
