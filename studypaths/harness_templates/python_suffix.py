

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
    args = [_IM_IN.get(t, lambda v: v)(a) for a, t in zip(spec["args"], _IM_TYPES, strict=False)]
    result = _IM_OUT.get(_IM_RETURNS, lambda v: v)(fn(*args))
    _im_out.write(_im_json.dumps(result) + "\n")
    _im_out.flush()

_im_main()
