// The expert's read-only view of a live planned interview (templates/admin/planning/plan_watch.html). The page is
// drawn at once from the state embedded in it, then joins /ws/interviews/<id>/ as observer (the server decides the
// role) and stays current: each question and follow-up once, numbered as the candidate sees them, the candidate's
// submitted answer and code under it, its evaluation, the integrity counts per question and the clock. Every string
// from the candidate, the plan or an AI is set as text (textContent), never parsed as HTML: they are hostile.
import { sayUserSignedOut, signOutRejoiner } from "./lib/signed-out.js";

(function () {
  "use strict";
  const root = document.getElementById("watch");
  if (!root) return;
  const log = document.getElementById("watch-log");
  const status = document.getElementById("watch-status");
  const clockLine = document.getElementById("watch-clock");
  const announcer = document.getElementById("watch-announce");
  const integrityBody = document.getElementById("watch-integrity");
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const url = scheme + "://" + window.location.host + "/ws/interviews/" + root.dataset.session + "/";
  const INTEGRITY = ["paste_count", "visibility_count", "idle_count", "longest_idle_seconds", "hints_used",
                     "pause_count", "paused_seconds"];
  const STATUS = {
    created: "Waiting for the candidate to open the room.",
    in_progress: "Live: the candidate is answering.",
    paused: "Paused.",
    completed: "The interview has ended; the report is being written.",
    evaluated: "The interview has ended and its report is ready. Open the plan to adjust scores.",
    abandoned: "The interview was abandoned.",
    cancelled: "The interview was cancelled.",
  };

  // The session states in the server's words (SessionState's labels, embedded by the page): "In progress".
  const labels = document.getElementById("watch-state-labels");
  const STATE_WORDS = labels ? JSON.parse(labels.textContent) : {};

  function stateWords(state) {
    return STATE_WORDS[state] || String(state || "").replace(/_/g, " ");
  }

  // Why an interview ended, in the server's words too (EndReason's labels): "the time ran out", not "time up".
  const reasons = document.getElementById("watch-end-reasons");
  const END_WORDS = reasons ? JSON.parse(reasons.textContent) : {};

  function endWords(reason) {
    const words = END_WORDS[reason] || String(reason || "").replace(/_/g, " ");
    return words.charAt(0).toLowerCase() + words.slice(1); // inside a sentence
  }

  const turns = new Map(); // turn id -> {data, node, parts}
  const mains = new Map(); // question number (0: the warm-up) -> the main question's entry
  const pending = { answers: new Map(), evaluations: new Map() }; // arrived before their question was drawn
  // `paused`: the seconds the candidate has spent paused (the pause under way grows it while the state is paused).
  let clock = { session: null, turn: null, state: null, paused: 0, at: Date.now() };
  let retry = 0;
  let refused = false;
  const rejoin = signOutRejoiner(); // 4440 and 4401 (lib/signed-out.js)

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text; // plain text, never HTML
    return node;
  }

  function announce(text) {
    announcer.textContent = text; // the live region: one short line per new item, not the whole log
  }

  // --- numbering, as the candidate sees it ------------------------------------------------------------------------
  function label(t) {
    if (t.kind === "warm_up") return "Warm-up (not scored)";
    if (t.kind === "follow_up") {
      return (t.ordinal > 1 ? "Follow-up " + t.ordinal + " to question " : "Follow-up to question ") + t.question_number;
    }
    return "Question " + t.question_number;
  }

  function inSentence(t) {
    return t.kind === "warm_up" ? "the warm-up" : label(t).charAt(0).toLowerCase() + label(t).slice(1);
  }

  function meta(t) {
    if (t.kind === "follow_up") return t.strategy || "";
    // A planned question's title is the start of its prompt: only a real title (a bank question's) is worth showing.
    const title = t.title && !(t.prompt || "").startsWith(t.title) ? t.title : "";
    return [title, t.category_name || t.category, t.difficulty].filter(Boolean).join(" · ");
  }

  // --- the log: one block per turn, created once --------------------------------------------------------------------
  function followUpOrdinal(t) {
    let count = 1;
    turns.forEach(function (entry) {
      if (entry.data.kind === "follow_up" && entry.data.question_number === t.question_number &&
          entry.data.index < t.index) count += 1;
    });
    return count;
  }

  function place(entry) {
    const empty = log.querySelector("[data-watch-empty]");
    if (empty) empty.remove();
    const main = entry.data.kind === "follow_up" ? mains.get(entry.data.question_number) : null;
    (main ? main.parts.followUps : log).append(entry.node);
  }

  function create(t) {
    const isMain = t.kind !== "follow_up";
    const data = Object.assign({ integrity: {}, hints: [] }, t);
    if (!isMain) data.ordinal = followUpOrdinal(t);
    const node = el(isMain ? "article" : "section", isMain ? "plan-card watch-question" : "watch-followup");
    node.id = "watch-turn-" + t.turn;
    const heading = el(isMain ? "h3" : "h4", null, label(data));
    heading.id = node.id + "-heading";
    node.setAttribute("aria-labelledby", heading.id);
    if (meta(data)) heading.append(" ", el("span", "plan-meta", "· " + meta(data)));
    const parts = { prompt: el("p", "watch-prompt", t.prompt || ""), hint: el("div", "watch-hint"),
                    answer: el("div", "watch-answer"), evaluation: el("div", "watch-evaluation") };
    parts.hint.hidden = true;
    parts.evaluation.hidden = true;
    node.append(heading, parts.prompt, parts.hint, parts.answer, parts.evaluation);
    if (isMain) {
      parts.followUps = el("div");
      node.append(parts.followUps);
    }
    const entry = { data: data, node: node, parts: parts };
    turns.set(t.turn, entry);
    if (isMain) mains.set(t.question_number, entry);
    place(entry);
    showAnswer(entry, null);
    return entry;
  }

  function entryFor(t) {
    const known = turns.get(t.turn);
    if (known) return known;
    const entry = create(t);
    if (pending.answers.has(t.turn)) showAnswer(entry, pending.answers.get(t.turn));
    if (pending.evaluations.has(t.turn)) showEvaluation(entry, pending.evaluations.get(t.turn));
    pending.answers.delete(t.turn);
    pending.evaluations.delete(t.turn);
    return entry;
  }

  // "14:05 CET": a time as the pages write one (24-hour), in the expert's profile zone like the rest of the page (the
  // section's data-time-zone), not the browser's locale and zone ("2:05 PM"), and naming it as they do (the
  // browser's short name for it: "GMT+5:30" where the server's is "IST").
  function timeOf(iso) {
    const when = new Date(iso);
    return isNaN(when) ? "" : when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit",
                                                                 timeZoneName: "short",
                                                                 timeZone: root.dataset.timeZone || undefined });
  }

  function showAnswer(entry, answer) {
    const box = entry.parts.answer;
    box.replaceChildren();
    if (!answer) {
      const skipped = entry.data.status === "skipped";
      box.append(el("p", "plan-meta", skipped ? "Not answered: the interview ended first." : "Waiting for the answer…"));
      return;
    }
    const head = el("p");
    head.append(el("strong", null, "Answer"));
    if (answer.submitted_at) head.append(" ", el("span", "plan-meta", "· submitted " + timeOf(answer.submitted_at)));
    box.append(head);
    if (answer.text) box.append(el("p", "watch-text", answer.text));
    if (answer.code) {
      box.append(el("p", "plan-meta", "Code" + (answer.language ? " (" + answer.language + ")" : "")));
      const pre = el("pre", "watch-code");
      pre.append(el("code", null, answer.code));
      box.append(pre);
    }
  }

  function showHints(entry, hints) {
    // Every hint given on the turn, oldest first: from the state (read back from the audit trail) and then live.
    const box = entry.parts.hint;
    box.replaceChildren();
    (hints || []).forEach(function (h) {
      const line = el("p", null, "Hint given to the candidate: ");
      line.append(el("span", "watch-text", h.text));
      if (h.at) line.append(" ", el("span", "plan-meta", "· " + timeOf(h.at)));
      box.append(line);
    });
    box.hidden = !(hints && hints.length);
  }

  // A score's colour by the band the report's words use (strong 75+, solid 60+, developing 40+, early-stage below):
  // "18/100" in green read as a good answer.
  function band(score) {
    return score >= 75 ? "strong" : score >= 60 ? "solid" : score >= 40 ? "developing" : "early";
  }

  function showEvaluation(entry, e) {
    const box = entry.parts.evaluation;
    box.replaceChildren();
    const line = el("p");
    line.append(el("strong", "watch-score watch-band-" + band(e.score),
                   "Evaluation of " + inSentence(entry.data) + ": " + e.score + "/100"));
    if (e.flags && e.flags.length) line.append(" ", el("span", "watch-flags", "Flags: " + e.flags.join(", ")));
    box.append(line);
    if (e.feedback) box.append(el("p", "plan-meta", e.feedback));
    box.hidden = false;
  }

  function markCurrent(turnId) {
    turns.forEach(function (entry, id) {
      const current = id === turnId;
      entry.node.classList.toggle("watch-current", current);
      if (current) entry.node.setAttribute("aria-current", "step");
      else entry.node.removeAttribute("aria-current");
    });
  }

  // --- integrity: per question as the candidate numbers them, follow-ups included ----------------------------------
  function renderIntegrity() {
    const rows = new Map();
    turns.forEach(function (entry) {
      const number = entry.data.question_number;
      const row = rows.get(number) || {};
      INTEGRITY.forEach(function (field) {
        const value = entry.data.integrity[field] || 0;
        row[field] = field === "longest_idle_seconds" ? Math.max(row[field] || 0, value) : (row[field] || 0) + value;
      });
      rows.set(number, row);
    });
    if (!rows.size) return; // keep the server's "None recorded yet."
    integrityBody.replaceChildren();
    Array.from(rows.keys()).sort(function (a, b) { return a - b; }).forEach(function (number) {
      const row = rows.get(number);
      const tr = el("tr");
      const th = el("th", null, number ? "Question " + number : "Warm-up");
      th.scope = "row";
      tr.append(th, el("td", null, String(row.paste_count)), el("td", null, String(row.visibility_count)),
                el("td", null, row.idle_count ? row.idle_count + " (" + durationText(row.longest_idle_seconds) + ")"
                  : "0"),
                el("td", null, String(row.hints_used)),
                el("td", null, row.pause_count ? row.pause_count + " (" + durationText(row.paused_seconds) + ")"
                  : "0"));
      integrityBody.append(tr);
    });
  }

  // "5 min 12 s", "40 s", "0 min": the server's interviewmaster.figures.duration_text, for the rows drawn here
  function durationText(seconds) {
    const total = Math.max(0, Math.round(Number(seconds) || 0));
    const minutes = Math.floor(total / 60);
    const rest = total % 60;
    if (!minutes) return rest ? rest + " s" : "0 min";
    return rest ? minutes + " min " + rest + " s" : minutes + " min";
  }

  // --- the clock ------------------------------------------------------------------------------------------------------
  function mmss(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function timeElement(seconds) {
    const node = el("time", null, mmss(seconds));
    node.setAttribute("datetime", "PT" + Math.max(0, Math.round(seconds)) + "S");
    return node;
  }

  function renderClock() {
    if (clock.session === null || clock.session === undefined) return;
    const gone = clock.state === "in_progress" ? (Date.now() - clock.at) / 1000 : 0;
    const parts = ["Interview ", timeElement(clock.session - gone), " left"];
    if (clock.turn !== null && clock.turn !== undefined) {
      parts.push(" · this question ", timeElement(clock.turn - gone), " left");
    }
    parts.push(" · " + stateWords(clock.state));
    const paused = clock.paused + (clock.state === "paused" ? (Date.now() - clock.at) / 1000 : 0);
    if (paused >= 1) parts.push(" · paused ", timeElement(paused), " in all");
    clockLine.replaceChildren(...parts);
  }

  function setClock(session, turn, state, paused) {
    const pausedNow = clock.paused + (clock.state === "paused" ? (Date.now() - clock.at) / 1000 : 0);
    clock = { session: session, turn: turn, state: state || clock.state, at: Date.now(),
              paused: paused === undefined ? pausedNow : paused };
    renderClock();
  }

  function sessionLeft() {
    const gone = clock.state === "in_progress" ? (Date.now() - clock.at) / 1000 : 0;
    return clock.session === null ? null : clock.session - gone;
  }

  // --- messages -------------------------------------------------------------------------------------------------------
  function showStatus(session) {
    let text = STATUS[session.state] || session.state;
    if (session.state === "paused" && session.paused_reason === "disconnect") {
      text = "Paused: the candidate's connection dropped.";
    }
    status.textContent = text;
  }

  function applyState(m) {
    (m.transcript || []).forEach(function (t) {
      const entry = entryFor(t);
      Object.assign(entry.data, { status: t.status, integrity: t.integrity || {}, hints: t.hints || [] });
      showHints(entry, entry.data.hints);
      showAnswer(entry, t.answer);
    });
    if (m.turn) entryFor(m.turn);
    (m.evaluations || []).forEach(function (e) { evaluated(e, false); });
    markCurrent(m.turn ? m.turn.turn : null);
    setClock(m.session.remaining_seconds, m.turn ? m.turn.remaining_seconds : null, m.session.state,
             m.session.paused_seconds || 0);
    renderIntegrity();
    showStatus(m.session);
  }

  function asked(m) {
    const entry = entryFor(m);
    markCurrent(m.turn);
    if (clock.state === "created") showStatus({ state: "in_progress" }); // the warm-up opens as the interview begins
    setClock(sessionLeft(), m.remaining_seconds, clock.state === "created" ? "in_progress" : clock.state);
    renderIntegrity();
    announce(label(entry.data) + " asked.");
  }

  function answered(m) {
    const entry = turns.get(m.turn);
    if (!entry) {
      pending.answers.set(m.turn, m);
      return;
    }
    entry.data.status = "submitted";
    showAnswer(entry, m);
    announce("The candidate answered " + inSentence(entry.data) + ".");
  }

  function evaluated(e, loud) {
    const entry = turns.get(e.turn);
    if (!entry) {
      pending.evaluations.set(e.turn, e);
      return;
    }
    showEvaluation(entry, e);
    if (loud) announce("Evaluation of " + inSentence(entry.data) + ": " + e.score + "/100.");
  }

  const handlers = {
    state: applyState,
    question: asked,
    followup: asked,
    answer: answered,
    evaluation: function (m) { evaluated(m, true); },
    integrity: function (m) {
      const entry = turns.get(m.turn);
      if (!entry) return; // the next state carries it
      INTEGRITY.forEach(function (field) { entry.data.integrity[field] = m[field]; });
      renderIntegrity();
    },
    hint: function (m) {
      const entry = turns.get(m.turn);
      if (!entry) return; // the next state carries it
      entry.data.hints = (entry.data.hints || []).concat([{ text: m.text, at: m.at }]);
      showHints(entry, entry.data.hints);
      announce("A hint was given on " + inSentence(entry.data) + ".");
    },
    timer: function (m) {
      if (m.state !== clock.state) showStatus({ state: m.state });
      setClock(m.remaining_seconds, m.turn_remaining_seconds, m.state);
    },
    completed: function (m) {
      markCurrent(null);
      setClock(sessionLeft(), null, "completed");
      status.textContent = "The interview has ended" + (m.reason ? " (" + endWords(m.reason) + ")" : "") +
        "; the report is being written.";
      announce("The interview has ended.");
    },
    error: function (m) { status.textContent = "Error: " + m.message; },
  };

  function connect() {
    const socket = new WebSocket(url);
    socket.onopen = function () { retry = 0; };
    socket.onmessage = function (event) {
      rejoin.taken(); // the browser is still signed in
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      const handle = handlers[message.type];
      if (handle) handle(message);
    };
    socket.onclose = function (event) {
      root.dataset.connected = "false";
      const session = rejoin.closed(event.code, connect);
      if (session === "rejoining") { // the expert signed out everywhere: this browser may still be signed in
        status.textContent = "Reconnecting…";
        return;
      }
      if (session === "signed-out") {
        refused = true;
        sayUserSignedOut(status);
        return;
      }
      if (event.code === 4404) {
        refused = true;
        status.textContent = "You cannot watch this interview.";
        return;
      }
      if (event.code === 4429) { // this expert has the interview open in too many tabs
        refused = true;
        status.textContent = "This interview is open in too many of your tabs; close the others and reload.";
        return;
      }
      if (event.code === 4410) { // cancelled or abandoned: the interview is over, there is nothing to reconnect to
        refused = true;
        status.textContent = "The interview has ended.";
        return;
      }
      retry = Math.min(retry + 1, 6);
      status.textContent = "Disconnected; reconnecting…";
      window.setTimeout(connect, 500 * Math.pow(2, retry));
    };
    socket.addEventListener("open", function () { root.dataset.connected = "true"; });
  }

  const embedded = document.getElementById("watch-state");
  if (embedded) applyState(JSON.parse(embedded.textContent));
  window.setInterval(function () { if (!refused) renderClock(); }, 1000);
  connect();
})();
