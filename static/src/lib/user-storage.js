// localStorage as the signed-in user's own: each name is kept as `im:<owner>:<name>`, the owner being the opaque value
// of that user the server renders as <html data-storage-owner> (accounts/browser_storage.py). Another user of this
// browser reads other keys, and static/js/browser-storage.js removes those of anyone not signed in. A page with no
// owner (no one signed in) keeps nothing. Calls throw as localStorage's do (storage disabled or full).
// A logout in another tab (static/js/browser-storage.js writes `im:signed-out` with the owner as it clears the keys)
// ends this page's writes: a tab left open on a problem no longer puts the signed-out user's draft back.
const SIGNED_OUT = "im:signed-out";

export function userStorage(doc = document) {
  const owner = doc.documentElement.dataset.storageOwner || "";
  if (!owner) {
    return { key: () => null, getItem: () => null, setItem: () => {}, removeItem: () => {} };
  }
  const key = (name) => `im:${owner}:${name}`;
  let signedOut = false;
  window.addEventListener("storage", (event) => {
    if (event.key === SIGNED_OUT && event.newValue === owner) signedOut = true;
  });
  return {
    key, // the key a name is stored under, as a storage event names it
    getItem: (name) => (signedOut ? null : window.localStorage.getItem(key(name))),
    setItem: (name, value) => {
      if (!signedOut) window.localStorage.setItem(key(name), value);
    },
    removeItem: (name) => window.localStorage.removeItem(key(name)),
  };
}
