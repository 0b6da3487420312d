// What the pages keep in this browser's storage belongs to the user who was signed in: each key is
// `im:<owner>:…` (static/src/lib/user-storage.js writes them), the owner an opaque value of that user which the server
// renders as <html data-storage-owner> (accounts/browser_storage.py), empty on a signed-out page. Each page tidies:
// signed in, it removes the keys of anyone else and the old keys that named no user; the first page after a logout
// or an account deletion here (<html data-storage-forget>) and a logout form (data-signs-out, or any form posting to
// the logout address) as it is sent remove every key of the site. A page signed out otherwise (an expired session, a
// sign-out everywhere from another device) keeps that user's keys: their drafts come back when they sign in again,
// and the next person who signs in here gets a page that removes them.
(() => {
  const PREFIX = "im:";
  const root = document.documentElement;
  if (!("storageOwner" in root.dataset)) return; // a page that cannot tell who is signed in keeps everything

  // keep: null (remove every key of the site), a prefix (keep its keys) or a pattern (keep the keys it matches)
  function kept(key, keep) {
    if (!keep) return false;
    return typeof keep === "string" ? key.startsWith(keep) : keep.test(key);
  }

  function tidy(store, keep) {
    const gone = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key && key.startsWith(PREFIX) && !kept(key, keep)) gone.push(key);
    }
    gone.forEach((key) => store.removeItem(key));
  }

  function tidyAll(keep) {
    for (const name of ["localStorage", "sessionStorage"]) {
      try {
        tidy(window[name], keep);
      } catch {
        // storage disabled: nothing was kept
      }
    }
  }

  const owner = root.dataset.storageOwner;
  if ("storageForget" in root.dataset) tidyAll(null);
  else if (owner) tidyAll(`${PREFIX}${owner}:`);
  else tidyAll(/^im:[0-9a-f]{24}:/); // signed out: only the old keys that named no user
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!event.defaultPrevented && form instanceof HTMLFormElement &&
        ("signsOut" in form.dataset || new URL(form.action, location.href).pathname === "/accounts/logout/")) {
      tidyAll(null);
      // the user's other open tabs stop writing (static/src/lib/user-storage.js); the next page removes this key
      try {
        if (owner) window.localStorage.setItem("im:signed-out", owner);
      } catch {
        // storage disabled: nothing is written either
      }
    }
  });
})();
