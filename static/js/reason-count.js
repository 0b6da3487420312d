// A reason box marked data-max-chars counts its characters once it nears the limit ("2,365 / 2,000 characters: 365
// too many") in the element named by data-count (aria-live polite, so a screen reader hears it without every
// keystroke under the limit being read out). Nothing is cut: the box has no maxlength, and the server refuses a
// longer reason with the text kept in the box.
(() => {
  const NEAR = 200;
  const update = (box) => {
    const max = Number(box.dataset.maxChars);
    const out = document.getElementById(box.dataset.count || "");
    if (!max || !out) return;
    const n = box.value.trim().length;
    const fmt = (v) => v.toLocaleString("en-US");
    out.textContent = n > max ? `${fmt(n)} / ${fmt(max)} characters: ${fmt(n - max)} too many`
      : n >= max - NEAR ? `${fmt(n)} / ${fmt(max)} characters` : "";
    if (n > max) box.setAttribute("aria-invalid", "true");
    else if (!box.dataset.refused) box.removeAttribute("aria-invalid");
  };
  document.addEventListener("input", (event) => {
    if (event.target instanceof HTMLTextAreaElement && event.target.dataset.maxChars) update(event.target);
  });
  const all = () => document.querySelectorAll("textarea[data-max-chars]").forEach(update);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
