// Achievement badges arrive over /ws/notifications/ the moment they are won, on whatever page is open (base.html
// loads the bundle, static/dist/notifications.js, on every signed-in page).
// Progressive enhancement: without websockets nothing happens; the badges page lists them anyway.
import { CLOSE_SIGNED_OUT, signOutRejoiner } from "./lib/signed-out.js";

const TOAST_MS = 12000;
// 4429: this account already has NOTIFICATIONS_WS_CONNECTIONS_PER_USER of these sockets open (a great many tabs), or
// this one sent too much. Quietly try again much later (a tab closed meanwhile frees a place), not every few seconds:
// 1, 2, 4, 8, 16 minutes, then no more. Every page load tries afresh anyway.
const REFUSED_MS = 60000;
const CLOSE_THROTTLED = 4429;
// A dropped connection is tried again 2, 4, 8, 16 and 32 s later, then no more.
const RETRY_MS = 2000;
const RETRIES = 5;

// The refusals and drops in a row since the last good connection: its end starts the count again. (It used to count
// every drop over the page's lifetime, so after five, spread over hours, the page never connected again.)
let attempt = 0;
const rejoin = signOutRejoiner(); // 4440 and 4401 (lib/signed-out.js)

function showToast(award) {
  const toast = document.createElement("div");
  toast.className = "toast";
  toast.setAttribute("role", "status");
  toast.setAttribute("aria-live", "polite");
  const title = document.createElement("strong");
  title.textContent = `New badge: ${award.name}`;
  const text = document.createElement("p");
  text.textContent = `${award.description} (+${award.points} points)`;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "secondary";
  close.textContent = "Dismiss";
  close.addEventListener("click", () => toast.remove());
  toast.append(title, text, close);
  document.body.append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}

function connect() {
  if (!("WebSocket" in window)) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/notifications/`);
  let opened = false;
  socket.addEventListener("open", () => { opened = true; });
  socket.addEventListener("message", (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    if (data.type === "achievement") showToast(data);
  });
  socket.addEventListener("close", (event) => {
    // The server sends nothing when it takes the handshake, and refuses one by opening and closing at once (4401,
    // 4429): a socket that opened and was closed otherwise (a drop, a sign-out everywhere) was a good connection.
    if (opened && event.code !== CLOSE_SIGNED_OUT && event.code !== CLOSE_THROTTLED) {
      attempt = 0;
      rejoin.taken();
    }
    if (rejoin.closed(event.code, connect)) return; // connecting again after a sign-out everywhere, or signed out
    if (attempt >= RETRIES) return; // the server keeps refusing, or cannot be reached
    setTimeout(connect, (event.code === CLOSE_THROTTLED ? REFUSED_MS : RETRY_MS) * 2 ** attempt);
    attempt += 1;
  });
}

connect();
