// What every page's websocket does when the browser's session ends (close codes: interviewmaster/consumers.py), in
// one place for the interview room, the expert's watch page and the notifications client.
//
// 4401: this browser is signed out (a logout here or in another tab, or a handshake refused): final, the page says
// "You have signed out — sign in again". 4440: the user signed out everywhere (a password change, logout-all), and
// every socket of theirs was closed; this browser may still be signed in under a new session (the tab that changed the
// password is, once its response has set the new cookie), so the page connects again 1 s later and, refused with
// 4401, once more 4 s later; a browser really signed out is refused both times and then stops. This cannot loop: the
// attempts start afresh only once a handshake was taken (`taken()`).
export const CLOSE_SIGNED_OUT = 4401;
export const CLOSE_SIGNED_OUT_EVERYWHERE = 4440;
const REJOIN_AFTER_MS = [1000, 4000]; // the first attempt, then the one after a refusal

// One per page: `closed(event.code, connect)` in the socket's close handler answers
//   "rejoining"  (4440, or a 4401 while attempts are left: `connect` is called again later),
//   "signed-out" (final: nothing to connect to until the browser signs in again), or
//   null         (not about the session: the page's own handling of the code follows).
// `taken()`: the server took the handshake (its first message; for a socket that sends nothing, a close of an
// opened socket other than a refusal), so the browser is still signed in and a later 4440 gets both attempts again.
export function signOutRejoiner() {
  let left = 0; // after a 4440: the attempts left to connect again, until a handshake is taken
  return {
    taken() { left = 0; },
    closed(code, connect) {
      if (code === CLOSE_SIGNED_OUT_EVERYWHERE && !left) left = REJOIN_AFTER_MS.length;
      if ((code === CLOSE_SIGNED_OUT_EVERYWHERE || code === CLOSE_SIGNED_OUT) && left > 0) {
        window.setTimeout(connect, REJOIN_AFTER_MS[REJOIN_AFTER_MS.length - left]);
        left -= 1;
        return "rejoining";
      }
      if (code === CLOSE_SIGNED_OUT || code === CLOSE_SIGNED_OUT_EVERYWHERE) return "signed-out";
      return null;
    },
  };
}

// The page's status line says so, with a link back here through the sign-in page.
export function sayUserSignedOut(node) {
  const link = document.createElement("a");
  link.href = `/accounts/login/?next=${encodeURIComponent(window.location.pathname)}`;
  link.textContent = "sign in again";
  node.replaceChildren("You have signed out — ", link, ".");
}
