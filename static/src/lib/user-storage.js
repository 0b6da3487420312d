// localStorage as the signed-in user's own: each name is kept as `im:<owner>:<name>`, the owner being the opaque value
// of that user the server renders as <html data-storage-owner> (accounts/browser_storage.py). Another user of this
// browser reads other keys, and static/js/browser-storage.js removes those of anyone not signed in. A page with no
// owner (no one signed in) keeps nothing. Calls throw as localStorage's do (storage disabled or full).
export function userStorage(doc = document) {
  const owner = doc.documentElement.dataset.storageOwner || "";
  if (!owner) {
    return { key: () => null, getItem: () => null, setItem: () => {}, removeItem: () => {} };
  }
  const key = (name) => `im:${owner}:${name}`;
  return {
    key, // the key a name is stored under, as a storage event names it
    getItem: (name) => window.localStorage.getItem(key(name)),
    setItem: (name, value) => window.localStorage.setItem(key(name), value),
    removeItem: (name) => window.localStorage.removeItem(key(name)),
  };
}
