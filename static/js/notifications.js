// Achievement badges arrive over /ws/notifications/ the moment they are won, on whatever page is open.
// Progressive enhancement: without websockets nothing happens; the badges page lists them anyway.
const TOAST_MS = 12000;
// 4429: this account already has NOTIFICATIONS_WS_CONNECTIONS_PER_USER of these sockets open (a great many tabs), or
// this one sent too much. Quietly try again much later (a tab closed meanwhile frees a place), not every few seconds:
// 1, 2, 4, 8, 16 minutes, then no more. Every page load tries afresh anyway.
const REFUSED_MS = 60000;

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

// `rejoins`: after a sign-out everywhere (4440), the attempts left to connect again when refused (4401).
function connect(attempt = 0, rejoins = 0) {
  if (!("WebSocket" in window)) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/notifications/`);
  socket.addEventListener("message", (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    if (data.type === "achievement") showToast(data);
  });
  socket.addEventListener("close", (event) => {
    // Signed out everywhere (a password change, logout-all): this browser may still be signed in under a new session
    // (the tab that changed the password is, once its response has set the new cookie), so connect again 1 s later,
    // and once more 4 s after a refusal; a signed-out browser is refused 4401 both times and stops.
    if (event.code === 4440) { setTimeout(() => connect(attempt, 1), 1000); return; }
    if (event.code === 4401 && rejoins > 0) { setTimeout(() => connect(attempt, rejoins - 1), 4000); return; }
    if (event.code === 4401 || attempt >= 5) return;  // signed out, or the server keeps refusing
    setTimeout(() => connect(attempt + 1), (event.code === 4429 ? REFUSED_MS : 2000) * 2 ** attempt);
  });
}

connect();
