// The live interview room: one websocket (/ws/interviews/<id>/, protocol in docs/interviews.md), the shared code
// editor, drafts that survive reloads and dropped connections, timers, hints, evaluations as they arrive, and the
// browser's speech synthesis / recognition where it has them (progressive enhancement).
import { createCodeEditor } from "./editor.js";
import { sayUserSignedOut, signOutRejoiner } from "./lib/signed-out.js";
import { userStorage } from "./lib/user-storage.js";

const DRAFT_EVERY_MS = 2000; // at most this often while typing (the protocol promises at least every 5 s)
const IDLE_AFTER_MS = 60000;
// Errors that can answer an `answer.draft` (the draft line then says it was not saved).
const DRAFT_ERRORS = new Set(["stale_turn", "interview_paused", "interview_not_live", "answer_too_long",
  "unsupported_language", "invalid_message", "rate_limited"]);

const root = document.querySelector("[data-room]");
const config = JSON.parse(document.getElementById("room-config").textContent);
const $ = (selector) => root.querySelector(selector);
const textField = $("[data-answer-text]");
const codeField = $("[data-answer-code]");
const languageSelect = $("[data-language]");
const form = $("[data-answer-form]");
const candidate = config.role === "candidate";

let socket = null;
let retry = 0;
const rejoin = signOutRejoiner(); // 4440 and 4401 (lib/signed-out.js)
let turn = null; // the open turn (payload from the server)
let dirty = false;
let lastDraftSent = 0;
let draftState = null; // "saved" | "failed": the live region speaks only when this changes, not at every save
let draftInFlight = false;
let draftTurn = null; // the turn the draft in flight was sent for
let lastInput = Date.now();
let idleReported = false;
let waiting = false;
let hintsUsedUpOn = null; // the question (number) whose hints are all given (`hints_left` 0, `hint_limit_reached`)
let hintsShown = []; // the hints shown for the open turn ({text, at}): the turn's `hints` and the `hint` messages
let sessionState = null;
let totalQuestions = 0; // "Question 2 of 3", as the server draws it
let timers = { session: null, turn: null, at: Date.now() };

const editor = createCodeEditor(codeField, {
  language: languageSelect?.value || "python",
  onChange: () => touched(),
});
if (!candidate) editor.view.contentDOM.setAttribute("contenteditable", "false");

// The browser's copy of the answer is the signed-in user's own (`im:<owner>:interview:…`): the next user of this
// browser neither reads it nor finds it stored.
const store = userStorage();

function localKey(turnId) {
  return `interview:${config.session}:turn:${turnId}`;
}

function keepLocally() {
  if (!turn) return;
  try {
    store.setItem(localKey(turn.turn), JSON.stringify({ ...answer(), at: Date.now() }));
  } catch {
    // storage disabled or full: the server copy is what counts
  }
}

function localDraft(turnId) {
  try {
    return JSON.parse(store.getItem(localKey(turnId)) || "null");
  } catch {
    return null;
  }
}

function answer() {
  return { text: textField.value, code: editor.getValue(), language: languageSelect?.value || "" };
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

function show(selector, text) {
  const node = $(selector);
  node.textContent = text;
  node.hidden = !text;
}

function clock(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function showClock(node, seconds) {
  node.textContent = clock(seconds);
  if (seconds === null) node.removeAttribute("datetime");
  else node.setAttribute("datetime", `PT${Math.max(0, Math.round(seconds))}S`);
}

function secondsGone() {
  return sessionState === "in_progress" ? (Date.now() - timers.at) / 1000 : 0;
}

function sessionLeft() {
  return timers.session === null ? null : Math.max(0, timers.session - secondsGone());
}

// The question's own time is a guide, not a deadline (the interview's clock is the one that ends it; past the
// question's time no follow-up is asked): at 0:00 a polite status says so once, and nothing is handed in.
const TIME_UP_NOTE = candidate
  ? "Time for this question is up — finish your answer and submit. The interview's clock keeps running."
  : "Time for this question is up; the candidate may still finish the answer.";
let timeUpTurn = null; // the turn the note was given for

function renderTimers() {
  showClock($("[data-session-timer]"), sessionLeft());
  const turnLeft = timers.turn === null ? null : timers.turn - secondsGone();
  showClock($("[data-turn-timer]"), turnLeft);
  const up = Boolean(turn && turn.time_limit_seconds > 0 && turnLeft !== null && turnLeft <= 0);
  const note = $("[data-turn-time-up]");
  if (up && timeUpTurn !== turn.turn) {
    timeUpTurn = turn.turn;
    note.textContent = TIME_UP_NOTE;
  } else if (!up && note.textContent) {
    timeUpTurn = null;
    note.textContent = "";
  }
  $("[data-turn-timer]").classList.toggle("time-up", up);
}

let audio = null; // the server's question audio being played, if any
let speaking = 0; // bumps on each request so a late reply does not talk over a newer question

function speakInBrowser(text) {
  if (!("speechSynthesis" in window) || !text) return;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

// The server's text-to-speech (an AI endpoint is configured: config.speech_url), else the browser's own voice.
async function speakFromServer(next, ticket) {
  const url = config.speech_url.replace("{turn}", String(next.turn));
  for (let attempt = 0; attempt < 15 && ticket === speaking; attempt += 1) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "audio/mpeg, application/json" } });
    if (response.status === 202) {
      const body = await response.json().catch(() => ({}));
      await new Promise((resolve) => window.setTimeout(resolve, body.retry_after_ms || 1000));
      continue;
    }
    if (!response.ok) throw new Error(`speech ${response.status}`);
    const blob = await response.blob();
    if (ticket !== speaking) return;
    audio = new Audio(URL.createObjectURL(blob));
    root.dataset.speechSource = "server";
    await audio.play();
    return;
  }
  if (ticket === speaking) throw new Error("speech not ready");
}

function speak(next) {
  if (!next || !next.prompt) return;
  speaking += 1;
  const ticket = speaking;
  if (audio) { audio.pause(); audio = null; }
  if (!config.speech_url) { root.dataset.speechSource = "browser"; speakInBrowser(next.prompt); return; }
  speakFromServer(next, ticket).catch(() => {
    if (ticket !== speaking) return;
    root.dataset.speechSource = "browser";
    speakInBrowser(next.prompt);
  });
}

// A question linked to a judge problem takes code only in the languages its tests run (the server refuses others:
// code it cannot run would be graded by reading alone); every other turn offers the interview's languages.
function offerLanguages(next) {
  if (!languageSelect) return;
  const runs = next?.problem?.languages || [];
  const options = [...languageSelect.options];
  const narrow = options.some((option) => runs.includes(option.value));
  for (const option of options) option.hidden = option.disabled = narrow && !runs.includes(option.value);
  if (narrow && !runs.includes(languageSelect.value)) {
    languageSelect.value = options.find((option) => !option.disabled).value;
  }
}

function renderTurn(next) {
  const isNew = !turn || !next || turn.turn !== next.turn;
  turn = next;
  waiting = !next;
  $("[data-turn-field]").value = next ? next.turn : "";
  // The server's heading (presenters.room_heading): the question's own title, never its prompt cut off.
  const heading = !next ? "Waiting for the next question…" : next.heading || (next.kind === "follow_up" ? "Follow-up"
    : next.kind === "warm_up" ? "Warm-up (not scored)" : "Question");
  $("[data-kind]").textContent = heading;
  $("[data-prompt]").textContent = next ? next.prompt : "Evaluating your answer…";
  $("[data-progress]").textContent = next && next.question_number
    ? `Question ${next.question_number}${totalQuestions ? ` of ${totalQuestions}` : ""}` : next ? "Warm-up" : "";
  $("[data-difficulty]").textContent = next?.difficulty || "";
  renderProblem(next?.problem);
  if (!next) {
    $("[data-code-area]").hidden = false;
    setBusy(true);
    return;
  }
  if (next.hints_left === 0) hintsUsedUpOn = next.question_number; // none left: "I need a hint" stays off
  setBusy(false);
  // The interview's clock carries on from where it is now: re-based on `at` alone it jumped back to the last
  // server figure (up to a timer period) at each new question.
  timers = { session: sessionLeft(), turn: next.remaining_seconds, at: Date.now() };
  if (isNew) {
    hintsShown = [];
    show("[data-hint]", "");
    const server = next.draft || {};
    const local = localDraft(next.turn);
    const serverAt = server.saved_at ? Date.parse(server.saved_at) : 0;
    const useLocal = local && local.at > serverAt && (local.text !== server.text || local.code !== server.code);
    const draft = useLocal ? local : server;
    textField.value = draft.text || "";
    let code = draft.code || "";
    // A question that names its languages ("In JavaScript or TypeScript, write debounce…") opens in the first the
    // interview offers (`language`); one already in them stays (a follow-up keeps the TypeScript chosen for it).
    if (languageSelect && next.language && !(next.languages || []).includes(languageSelect.value)
        && [...languageSelect.options].some((option) => option.value === next.language)) {
      languageSelect.value = next.language;
    }
    if (!code && next.problem && next.problem.starter_code) {
      // Starter code only in a language the list offers: an interview offering none of its tests' languages (Go
      // only) showed the JavaScript starter under a blank list; its own language and an empty editor stay.
      const offered = [...languageSelect.options].map((option) => option.value);
      const fits = next.problem.languages.filter((lang) => offered.includes(lang));
      const lang = fits.includes(languageSelect.value) ? languageSelect.value : fits[0];
      if (lang) { languageSelect.value = lang; code = next.problem.starter_code[lang] || ""; }
    }
    if (draft.language) languageSelect.value = draft.language;
    offerLanguages(next);
    editor.setLanguage(languageSelect.value);
    editor.setValue(code);
    dirty = Boolean(useLocal);
    idleReported = false;
    lastInput = Date.now();
    if ($("[data-auto-read]")?.checked) speak(next);
  }
  for (const given of next.hints || []) showHint(given); // the turn's hints again after a reload or a reconnect
  // Only turns that ask for code get the editor (a follow-up is answered in words and judged on them); code already
  // typed for this turn (a draft) keeps it visible, so nothing typed disappears.
  $("[data-code-area]").hidden = !next.needs_code && !editor.getValue();
}

// A coding question linked to a judge problem shows the problem as its tests check it: statement, the function per
// language with its types, constraints and the public examples. Statement and constraints arrive as HTML the server
// rendered from Markdown and sanitised (nh3, as on the practice page); everything else is set as text.
function renderProblem(problem) {
  const section = $("[data-problem]");
  section.hidden = !problem;
  if (!problem) return;
  $("[data-problem-title]").textContent = problem.title;
  $("[data-problem-note]").textContent =
    `Your code runs against the tests of “${problem.title}”: they call the function below as this statement describes.`;
  $("[data-problem-statement]").innerHTML = problem.statement_html || "";
  $("[data-problem-constraints]").innerHTML = problem.constraints_html || "";
  const signatures = $("[data-problem-signatures]");
  signatures.replaceChildren();
  (problem.signatures || []).forEach((s, index) => {
    if (index) signatures.append("; ");
    const code = document.createElement("code");
    code.textContent = s.call;
    signatures.append(`${s.language_name}: `, code);
  });
  const types = $("[data-problem-types]");
  types.replaceChildren();
  for (const p of problem.params || []) {
    const code = document.createElement("code");
    code.textContent = p.name;
    types.append(code, `: ${p.type}; `);
  }
  types.append(`returns ${problem.returns || ""}`);
  const examples = $("[data-problem-examples]");
  examples.replaceChildren();
  for (const example of problem.examples || []) {
    const article = document.createElement("article");
    article.className = "example";
    const header = document.createElement("header");
    const name = document.createElement("strong");
    name.textContent = example.name.charAt(0).toUpperCase() + example.name.slice(1);
    header.append(name);
    const list = document.createElement("dl");
    const rows = [["Input", example.input, true], ["Output", example.output, true]];
    if (example.explanation) rows.push(["Why", example.explanation, false]);
    for (const [label, value, asCode] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      if (asCode) {
        const code = document.createElement("code");
        code.textContent = value;
        dd.append(code);
      } else {
        dd.textContent = value;
      }
      list.append(dt, dd);
    }
    article.append(header, list);
    examples.append(article);
  }
}

// Each hint of the open turn is a paragraph of its own, added once: the status region reads out only the new one.
function showHint(given) {
  if (hintsShown.some((h) => h.at === given.at && h.text === given.text)) return;
  hintsShown.push(given);
  const node = $("[data-hint]");
  const line = document.createElement("p");
  line.textContent = `Hint: ${given.text}`;
  node.append(line);
  node.hidden = false;
}

function setBusy(busy) {
  for (const button of root.querySelectorAll("[data-submit], [data-hint-request]")) button.disabled = busy;
  const hint = $("[data-hint-request]");
  // The cap is per question, its follow-ups included: a follow-up of that question has none left, the next has some.
  if (hint && turn && turn.question_number === hintsUsedUpOn) hint.disabled = true;
}

// While the interview is paused its clock is stopped and the server refuses drafts (`interview_paused`): the answer
// can be read but not changed until the candidate resumes.
function setWritable() {
  if (!candidate) return;
  const writable = sessionState !== "paused";
  textField.readOnly = !writable;
  if (languageSelect) languageSelect.disabled = !writable;
  editor.setReadOnly(!writable);
  root.dataset.paused = String(!writable);
  const note = $("[data-paused-note]");
  if (note) note.hidden = writable;
}

// A paused planned interview: the server sends the open turn without its question (`hidden`), and the room hides the
// question and the answer fields until the `state` of the resume brings it back.
function hideQuestion(hidden) {
  $("[data-question]").hidden = hidden;
  $("[data-answer-fields]").hidden = hidden;
  if (hidden && audio) { audio.pause(); audio = null; }
  if (hidden && "speechSynthesis" in window) window.speechSynthesis.cancel();
}

function renderEvaluation(ev) {
  const list = $("[data-evaluations]");
  if (!list) return; // a planned interview's candidate: the evaluation is the interviewer's (the server sends none)
  list.querySelector("[data-empty]")?.remove();
  let item = list.querySelector(`[data-evaluation="${ev.turn}"]`);
  if (!item) {
    item = document.createElement("li");
    item.dataset.evaluation = ev.turn;
    list.append(item);
  }
  item.replaceChildren();
  const head = document.createElement("p");
  head.innerHTML = "<strong></strong> ";
  head.querySelector("strong").textContent = `${ev.score}/100`;
  head.append(ev.feedback || "");
  item.append(head);
  const table = document.createElement("dl");
  table.className = "criteria";
  for (const c of ev.criteria || []) {
    const dt = document.createElement("dt");
    dt.textContent = `${c.name}: ${c.score}/5`;
    const dd = document.createElement("dd");
    dd.textContent = c.anchor;
    if (c.evidence) {
      const quote = document.createElement("q");
      quote.textContent = c.evidence;
      dd.append(" ", quote);
    }
    table.append(dt, dd);
  }
  item.append(table);
  if (ev.flags && ev.flags.length) {
    const flags = document.createElement("p");
    flags.className = "flags";
    flags.textContent = `Flags: ${ev.flags.join(", ")}`;
    item.append(flags);
  }
}

// The line saying a code answer's tests were not run (the judge budget is spent), from the `tests` message or the
// `state`'s copy of it (null: nothing to say). A polite live region: rewritten only when what it says changes, so a
// `state` that repeats it is not read out again.
function testsStatus(message) {
  const line = $("[data-tests-status]");
  const text = message?.status === "not_run" ? message.message : "";
  if (line.textContent !== text) line.textContent = text;
  if (text) line.dataset.turn = String(message.turn);
  else delete line.dataset.turn;
}

function applyState(message) {
  sessionState = message.session.state;
  totalQuestions = message.session.total_questions || 0;
  timers = { session: message.session.remaining_seconds, turn: message.turn?.remaining_seconds ?? null,
             at: Date.now() };
  renderTimers(); // at once, not on the next tick: the page never shows a clock in another format
  const pause = $("[data-pause]");
  if (pause) pause.textContent = sessionState === "paused" ? "Resume" : "Pause";
  setWritable();
  for (const ev of message.evaluations || []) renderEvaluation(ev);
  testsStatus(message.tests); // the last answer's tests not run: kept through a reload or a reconnect
  if (["completed", "evaluated", "abandoned", "cancelled"].includes(sessionState)) {
    finished(message.session.report_url);
    return;
  }
  if (message.turn || !turn) renderTurn(message.turn);
  hideQuestion(Boolean(message.turn?.hidden));
  if (sessionState === "paused") {
    setBusy(true);
    // Paused because a connection dropped (e.g. the old tab of a reload closing after this one opened): we are here.
    if (candidate && message.session.paused_reason === "disconnect") send({ type: "session.resume" });
  }
}

let leaving = false;

function finished(url) {
  // Both the "completed" message and the final "state" land here; a second navigation would abort the first.
  if (leaving) return;
  leaving = true;
  $("[data-connection]").textContent = "The interview is over.";
  setBusy(true);
  showOver(`The interview is over — opening ${candidate ? "your" : "the"} report`, url || config.report_url);
  window.setTimeout(() => { window.location.href = url || config.report_url; }, 1200);
}

// The interview's end is the room's main state: the question, the editor and the answer buttons go, and a heading
// says so with a link to the report (it said "Waiting for the next question… Evaluating your answer…" above an
// empty editor, the end only in the small connection line).
function showOver(text, url) {
  hideQuestion(true);
  $("[data-answer-form]").hidden = true;
  const over = $("[data-over]");
  over.querySelector("[data-over-heading]").textContent = text;
  if (url) over.querySelector("[data-over-link]").href = url;
  over.hidden = false;
  over.querySelector("[data-over-heading]").focus();
}

const HANDLERS = {
  state: applyState,
  question: (m) => renderTurn(m),
  followup: (m) => renderTurn(m),
  evaluation: renderEvaluation,
  hint: (m) => {
    if (!turn || m.turn !== turn.turn) return;
    showHint(m);
    if (m.hints_left === 0) {
      hintsUsedUpOn = turn.question_number;
      const button = $("[data-hint-request]");
      if (button) button.disabled = true;
    }
  },
  timer: (m) => {
    timers = { session: m.remaining_seconds, turn: m.turn_remaining_seconds, at: Date.now() };
    if (m.state !== sessionState) { sessionState = m.state; setWritable(); }
  },
  "draft.saved": (m) => {
    draftInFlight = false;
    draftStatus("saved");
    const at = new Date(m.saved_at);
    const time = $("[data-draft-time]"); // beside the live region, not in it: the time changes at every save
    // "Draft saved. (14:05 CET)": a time as the pages write one (24-hour), in the profile's zone like them, not the
    // browser's locale and zone ("2:05:09 PM"), and naming it as they do (the browser's short name for it: "GMT+5:30"
    // where the server's is "IST"); the datetime keeps the second.
    time.textContent = `(${at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZoneName: "short",
                                                            timeZone: config.time_zone || undefined })})`;
    time.setAttribute("datetime", at.toISOString());
  },
  "answer.accepted": (m) => {
    // a word on an earlier answer's tests is no longer news (the consumer sends this answer's after its acceptance)
    const line = $("[data-tests-status]");
    if (line.dataset.turn !== String(m.turn)) { line.textContent = ""; delete line.dataset.turn; }
    if (turn && turn.turn === m.turn) renderTurn(null);
  },
  // A code answer's tests were not run (the judge budget is spent): said in a polite live region as the answer is
  // judged, and kept through the next question until the next answer.
  tests: (m) => { if (m.status === "not_run") testsStatus(m); },
  completed: (m) => finished(m.report_url),
  error: (m) => {
    if (draftInFlight && m.code === "stale_turn" && draftTurn !== turn?.turn) {
      // A draft sent as its answer went in (typed, then Submit at once): that answer is stored, and the question
      // now open has lost nothing, so the refusal is neither an error nor a draft not saved.
      draftInFlight = false;
      return;
    }
    show("[data-error]", m.message);
    if (draftInFlight && DRAFT_ERRORS.has(m.code)) { draftInFlight = false; draftStatus("failed"); }
    if (m.code === "interview_paused" && sessionState !== "paused") { sessionState = "paused"; setWritable(); }
    if (m.code === "hint_limit_reached" && turn) hintsUsedUpOn = turn.question_number;
    if (m.code !== "rate_limited") setBusy(waiting);
  },
};

function connect() {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${window.location.host}${config.ws_url}`);
  $("[data-connection]").textContent = "Connecting…";
  socket.addEventListener("open", () => {
    retry = 0;
    $("[data-connection]").textContent = "Connected";
    root.dataset.connected = "true";
  });
  socket.addEventListener("message", (event) => {
    rejoin.taken(); // the browser is still signed in
    const message = JSON.parse(event.data);
    if (message.type !== "error") show("[data-error]", "");
    HANDLERS[message.type]?.(message);
  });
  socket.addEventListener("close", (event) => {
    root.dataset.connected = "false";
    const session = rejoin.closed(event.code, connect);
    if (session === "rejoining") { // the user signed out everywhere: this browser may still be signed in
      $("[data-connection]").textContent = "Reconnecting…";
      return;
    }
    if (session === "signed-out") { // nothing to reconnect to until the browser signs in again
      sayUserSignedOut($("[data-connection]"));
      return;
    }
    if (event.code === 4404) {
      $("[data-connection]").textContent = "You cannot join this interview.";
      return;
    }
    if (event.code === 4429) { // too many sockets of this user on this interview (INTERVIEW_WS_CONNECTIONS_PER_USER)
      $("[data-connection]").textContent = "This interview is open in too many tabs or windows. Close the others, then reload this page.";
      return;
    }
    if (event.code === 4410) { // ended without a report to wait for (cancelled, abandoned): nothing to reconnect to
      $("[data-connection]").textContent = "The interview has ended.";
      setBusy(true);
      showOver("The interview has ended", config.report_url);
      return;
    }
    $("[data-connection]").textContent = "Connection lost — reconnecting; your typing is kept.";
    retry = Math.min(retry + 1, 6);
    window.setTimeout(connect, 500 * 2 ** retry);
  });
}

function touched() {
  if (!candidate || !turn || sessionState === "paused") return;
  dirty = true;
  lastInput = Date.now();
  idleReported = false;
  keepLocally();
}

// The draft line is a polite live region: it is rewritten (and so announced) only when the state changes — the
// first save, a failure, a save after a failure — never at each save every 2 s while the candidate types.
function draftStatus(next) {
  if (next === draftState) return;
  const again = draftState === "failed" && next === "saved";
  draftState = next;
  $("[data-draft-status]").textContent = next === "saved" ? (again ? "Draft saved again." : "Draft saved.")
    : "Draft not saved: the server did not take it. Your typing is kept in this browser.";
}

function flushDraft(force = false) {
  if (!dirty || !turn || !candidate || sessionState === "paused") return;
  if (!force && Date.now() - lastDraftSent < DRAFT_EVERY_MS) return;
  if (send({ type: "answer.draft", turn: turn.turn, ...answer() })) {
    dirty = false;
    draftInFlight = true;
    draftTurn = turn.turn;
    lastDraftSent = Date.now();
  } else {
    draftStatus("failed"); // no connection: retried when it is back (the draft stays dirty)
  }
}

if (candidate) {
  textField.addEventListener("input", touched);
  languageSelect?.addEventListener("change", () => { editor.setLanguage(languageSelect.value); touched(); });
  for (const field of [textField, editor.view.contentDOM]) {
    field.addEventListener("paste", () => send({ type: "signal", kind: "paste", turn: turn?.turn }));
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      flushDraft(true);
      send({ type: "signal", kind: "visibility", turn: turn?.turn });
    }
  });
  window.addEventListener("pagehide", () => flushDraft(true));
  form.addEventListener("submit", (event) => {
    if (event.submitter?.dataset.finish !== undefined) {
      event.preventDefault();
      if (window.confirm("Finish the interview now? Questions not yet answered are skipped.")) {
        flushDraft(true);
        // The answer to this question goes with the request: the server refuses to finish a planned interview with
        // questions left without it (finish_needs_confirmation). No socket: the plain form post, confirmed.
        if (!send({ type: "session.finish", confirm: true })) {
          const confirmed = document.createElement("input");
          Object.assign(confirmed, { type: "hidden", name: "confirm", value: "1" });
          form.append(confirmed);
          form.action = event.submitter.formAction;
          form.submit();
        }
      }
      return;
    }
    if (!socket || socket.readyState !== WebSocket.OPEN) return; // no socket: the plain form post still works
    event.preventDefault();
    if (!turn) return;
    const body = answer();
    if (!body.text.trim() && !body.code.trim()) {
      show("[data-error]", "Write an answer (or some code) before submitting.");
      return;
    }
    setBusy(true);
    send({ type: "answer.submit", turn: turn.turn, ...body });
  });
  $("[data-hint-request]")?.addEventListener("click", () => send({ type: "hint.request" }));
  $("[data-pause]")?.addEventListener("click", () => {
    flushDraft(true);
    send({ type: sessionState === "paused" ? "session.resume" : "session.pause" });
  });
  window.setInterval(() => {
    flushDraft();
    if (turn && !idleReported && Date.now() - lastInput > IDLE_AFTER_MS && sessionState === "in_progress") {
      idleReported = true;
      send({ type: "signal", kind: "idle", turn: turn.turn, seconds: Math.round((Date.now() - lastInput) / 1000) });
    }
  }, 500);
}
window.setInterval(renderTimers, 1000);

// Speech: read questions aloud (the server's voice when it offers one, else the browser's), dictate answers (only
// where the browser offers it).
if (config.speech_url || "speechSynthesis" in window) {
  $("[data-speech]").hidden = false;
  $("[data-read-aloud]").addEventListener("click", () => speak(turn));
}
const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
if (Recognition && candidate) {
  const row = $("[data-dictate-row]");
  const button = $("[data-dictate]");
  const status = $("[data-dictate-status]");
  const recognition = new Recognition();
  recognition.continuous = true;
  recognition.interimResults = false;
  recognition.addEventListener("result", (event) => {
    for (let i = event.resultIndex; i < event.results.length; i += 1) {
      if (event.results[i].isFinal && sessionState !== "paused") {
        textField.value = `${textField.value}${textField.value && !textField.value.endsWith(" ") ? " " : ""}${event.results[i][0].transcript.trim()}`;
        touched();
      }
    }
  });
  recognition.addEventListener("end", () => { button.setAttribute("aria-pressed", "false"); status.textContent = ""; });
  recognition.addEventListener("error", (event) => { status.textContent = `Dictation stopped (${event.error}).`; });
  row.hidden = false;
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-pressed") === "true") {
      recognition.stop();
      return;
    }
    recognition.start();
    button.setAttribute("aria-pressed", "true");
    status.textContent = "Listening…";
  });
}

applyState(JSON.parse(document.getElementById("room-state").textContent));
connect();
