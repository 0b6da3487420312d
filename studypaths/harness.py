# ruff: noqa: E501  (the JavaScript harness is kept as written, one statement per line)
"""Per-language harnesses: turn a problem written as a function into a program reading one JSON call from stdin.

The harness prints the function's return value as JSON on the real stdout; the candidate's own prints go to stderr,
so debugging output never breaks a comparison. ListNode and TreeNode parameters arrive as lists (level order with
nulls for trees) and are converted both ways. Expected values stay outside: only `{"args": [...]}` goes in.
"""

from __future__ import annotations

import json

PYTHON_RECURSION_LIMIT = 200_000  # a depth-first search over a 300 x 300 grid fits
JAVASCRIPT_STACK_NOTE = "about 10,000 nested calls (Node's default stack)"

PYTHON_PREFIX = '''import sys as _im_sys, json as _im_json
from typing import *  # noqa
_im_out = _im_sys.stdout
_im_sys.stdout = _im_sys.stderr
_im_sys.setrecursionlimit(RECURSION_LIMIT)
class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next
class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right
'''.replace("RECURSION_LIMIT", str(PYTHON_RECURSION_LIMIT))

PYTHON_SUFFIX = '''

def _im_list_in(values):
    head = None
    for v in reversed(values or []):
        head = ListNode(v, head)
    return head

def _im_list_out(node):
    out, seen = [], 0
    while node is not None:
        out.append(node.val)
        node = node.next
        seen += 1
        if seen > 1000000:
            raise RuntimeError("linked list has a cycle")
    return out

def _im_tree_in(values):
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue, i = [root], 1
    while queue and i < len(values):
        node = queue.pop(0)
        if i < len(values) and values[i] is not None:
            node.left = TreeNode(values[i])
            queue.append(node.left)
        i += 1
        if i < len(values) and values[i] is not None:
            node.right = TreeNode(values[i])
            queue.append(node.right)
        i += 1
    return root

def _im_tree_out(root):
    out, queue = [], [root]
    while queue:
        node = queue.pop(0)
        if node is None:
            out.append(None)
            continue
        out.append(node.val)
        queue.append(node.left)
        queue.append(node.right)
    while out and out[-1] is None:
        out.pop()
    return out

_IM_IN = {"ListNode": _im_list_in, "TreeNode": _im_tree_in}
_IM_OUT = {"ListNode": _im_list_out, "TreeNode": _im_tree_out}

def _im_main():
    spec = _im_json.loads(_im_sys.stdin.read())
    fn = globals().get(_IM_NAME)
    if not callable(fn) and isinstance(globals().get("Solution"), type):
        fn = getattr(globals()["Solution"](), _IM_NAME, None)
    if not callable(fn):
        raise NameError(f"define a function named {_IM_NAME}")
    args = [_IM_IN.get(t, lambda v: v)(a) for a, t in zip(spec["args"], _IM_TYPES)]
    result = _IM_OUT.get(_IM_RETURNS, lambda v: v)(fn(*args))
    _im_out.write(_im_json.dumps(result) + "\\n")
    _im_out.flush()

_im_main()
'''

JAVASCRIPT_PREFIX = '''const __imWrite = process.stdout.write.bind(process.stdout);
console.log = console.error; console.info = console.error; console.debug = console.error;
class ListNode { constructor(val = 0, next = null) { this.val = val; this.next = next; } }
class TreeNode { constructor(val = 0, left = null, right = null) { this.val = val; this.left = left; this.right = right; } }
'''

JAVASCRIPT_SUFFIX = '''
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
  __imWrite(JSON.stringify(result) + '\\n');
})();
'''


# Each prefix takes exactly one line, so the candidate's line N is reported as line N + 1.
PYTHON_PREFIX_LINE = f"exec({PYTHON_PREFIX!r})\n"
JAVASCRIPT_PREFIX_LINE = " ".join(line.strip() for line in JAVASCRIPT_PREFIX.splitlines()) + "\n"
LINE_OFFSET = 1


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not an identifier: {name!r}")
    return name


def build_program(*, spec: dict, language: str, code: str) -> str:
    """The candidate's code wrapped in the harness for `language` (spec = Problem.function_spec)."""
    name = _identifier(spec["name"][language])
    types = [p.get("type", "") for p in spec.get("params", [])]
    returns = spec.get("returns", "")
    if language == "python":
        header = f"_IM_NAME = {name!r}\n_IM_TYPES = {types!r}\n_IM_RETURNS = {returns!r}\n"
        return PYTHON_PREFIX_LINE + code + "\n" + header + PYTHON_SUFFIX
    if language == "javascript":
        header = (f"const __IM_NAME = {json.dumps(name)}; const __IM_TYPES = {json.dumps(types)}; "
                  f"const __IM_RETURNS = {json.dumps(returns)};\n"
                  f"const __IM_FN = (typeof {name} === 'function') ? {name} : undefined;\n")
        return JAVASCRIPT_PREFIX_LINE + code + "\n;\n" + header + JAVASCRIPT_SUFFIX
    raise ValueError(f"no harness for {language}")


def call_stdin(args: list) -> str:
    return json.dumps({"args": args})


def expected_stdout(value) -> str:
    return json.dumps(value)
