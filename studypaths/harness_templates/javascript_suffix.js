
;(function __imMain() {
  const listIn = (values) => { let head = null; for (let i = (values || []).length - 1; i >= 0; i--) head = new ListNode(values[i], head); return head; };
  const listOut = (node) => { const out = []; while (node !== null && node !== undefined) { out.push(node.val); node = node.next; if (out.length > 1000000) throw new Error('linked list has a cycle'); } return out; };
  const treeIn = (values) => {
    if (!values || values.length === 0 || values[0] === null) return null;
    const root = new TreeNode(values[0]); const queue = [root]; let i = 1;
    while (queue.length && i < values.length) {
      const node = queue.shift();
      if (i < values.length && values[i] !== null) { node.left = new TreeNode(values[i]); queue.push(node.left); }
      i++;
      if (i < values.length && values[i] !== null) { node.right = new TreeNode(values[i]); queue.push(node.right); }
      i++;
    }
    return root;
  };
  const treeOut = (root) => {
    const out = []; const queue = [root];
    while (queue.length) { const node = queue.shift(); if (node === null || node === undefined) { out.push(null); continue; } out.push(node.val); queue.push(node.left); queue.push(node.right); }
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  };
  const IN = { ListNode: listIn, TreeNode: treeIn };
  const OUT = { ListNode: listOut, TreeNode: treeOut };
  const spec = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const fn = __IM_FN;
  if (typeof fn !== 'function') throw new Error('define a function named ' + __IM_NAME);
  const args = spec.args.map((a, i) => (IN[__IM_TYPES[i]] || ((v) => v))(a));
  let result = (OUT[__IM_RETURNS] || ((v) => v))(fn(...args));
  if (result === undefined) result = null;
  __imWrite(JSON.stringify(result) + '\n');
})();
