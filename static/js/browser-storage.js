// What the pages keep in this browser's storage belongs to the user who was signed in: each key is
// `im:<owner>:…` (static/src/user-storage.js writes them), the owner an opaque value of that user which the server
// renders as <html data-storage-owner> (accounts/browser_storage.py), empty on a signed-out page. Each page tidies:
// signed out, it removes every key of the site (a logout here, a sign-out everywhere or a deleted account elsewhere,
// an ended session: the next person at this browser finds nothing); signed in, it removes the keys of anyone else and
// the old keys that named no user. A logout form (data-signs-out) clears them as it is sent, before the next page.
(() => {
  const PREFIX = "im:";
  const root = document.documentElement;
  if (!("storageOwner" in root.dataset)) return; // a page that cannot tell who is signed in keeps everything

  function tidy(store, keep) {
    const gone = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key && key.startsWith(PREFIX) && !(keep && key.startsWith(keep))) gone.push(key);
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
  tidyAll(owner ? `${PREFIX}${owner}:` : null);
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented && event.target instanceof HTMLFormElement && "signsOut" in event.target.dataset) {
      tidyAll(null);
    }
  });
})();
