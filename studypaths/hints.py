"""Graduated tutor hints written from a problem's own metadata (topics, function signature, constraints, examples).

Level 1 is a nudge (which idea to think about), level 2 the approach (the technique and the target complexity),
level 3 pseudo-code in words (the steps, never code). `graded_hints(problem)` gives the three texts the offline
provider answers with; `leaks_solution(text, reference)` is the guard every hint passes, whichever provider wrote
it: a hint that repeats a line of the reference solution (or a long enough run of its tokens) is replaced.
"""

from __future__ import annotations

import functools
import json
import re

# topic -> (nudge, approach, steps). Written in our own words for the topics of the shipped bank.
TOPIC_HINTS: dict[str, tuple[str, str, str]] = {
    "hash map": ("What would you like to look up instantly while you scan the input once?",
                 "Keep a dictionary from values (or keys derived from them) to what you have seen so far; each "
                 "element then costs a single lookup.",
                 "walk the input once; for each element look up in the map what you stored about earlier elements (an "
                 "index, a count, a group) and update it; build the answer from the map, at once when a lookup finds "
                 "what you need or from its contents at the end"),
    "hash set": ("Is membership all you need to remember about what you have seen?",
                 "A set answers 'seen before?' in constant time; one pass over the input is enough.",
                 "put the elements into a set (as you go, or all at once first); then ask the set each 'is this value "
                 "there?' question in constant time instead of searching the input"),
    "two pointers": ("Could two indices moving toward (or after) each other replace a nested loop?",
                     "Use two indices (one at each end, one in each input, or one ahead of the other) and move one "
                     "of them per step based on a comparison.",
                     "place the pointers where the problem needs them (at both ends of one input, at the start of each "
                     "of two inputs, or one a fixed gap ahead of the other); at each step compare what they point at, "
                     "record what the comparison gives, and advance the pointer that can no longer contribute; stop "
                     "when they meet or one runs out"),
    "sliding window": ("Think of a window over the input that grows on the right and shrinks on the left.",
                       "Extend the window one element at a time and shrink it from the left while it breaks the "
                       "condition; track the best window seen. Each element enters and leaves the window once.",
                       "keep a left index and a running summary of the window; for each right index add the new "
                       "element, shrink from the left until the window is valid again, then update the best size"),
    "stack": ("Does each new element deal with the most recent unresolved one first (last in, first out)?",
              "Push items you cannot resolve yet; pop when the current element resolves the one on top.",
              "scan left to right; push what you cannot resolve yet; when the current element resolves the top of "
              "the stack (matches it, combines with it or replaces it), pop it and combine the two; at the end the "
              "stack holds what is left"),
    "monotonic stack": ("For each element, which earlier element is the first one bigger (or smaller) than it?",
                        "Keep a stack whose values only decrease (or increase); popping an element means you just "
                        "found its answer. Every index is pushed and popped once.",
                        "for each index, while the stack top is beaten by the current value, pop it and record the "
                        "answer for that popped index; then push the current index"),
    "linked list": ("Draw three nodes on paper and the arrows you must change. Which pointer do you lose first?",
                    "Walk the list keeping references to the previous, current and next nodes so no node is lost; "
                    "where the head itself may change, a dummy node in front of it removes the special case.",
                    "keep a reference to the node before the current one (a dummy node in front of the head when the "
                    "head may change); move along the list, saving the next node before you change any pointer; at "
                    "the end return whichever node is now first"),
    "fast and slow": ("What happens if one pointer moves twice as fast as another?",
                      "Run a slow pointer one step and a fast pointer two steps; they meet inside a cycle, and the "
                      "slow one is at the middle when the fast one ends.",
                      "start both at the head; loop while the fast pointer and its next exist; move slow once and fast "
                      "twice; compare them"),
    "tree": ("What does the answer for a node need from the answers of its two subtrees?",
             "Solve it recursively: compute the result for the left and right children, then combine them at the "
             "node; an empty tree is the base case.",
             "define a helper on a node; if the node is empty return the base value; call it on both children; "
             "combine the two results with the node's own value and return that"),
    "bst": ("What does the ordering of a binary search tree tell you about where a value can be?",
            "Use the ordering: going left or right halves the search, and an in-order walk visits values sorted.",
            "at each node let the ordering decide which side can hold what you need: when checking the tree, carry "
            "the allowed range (or the previous in-order value) down and check each node against it; when looking "
            "for values, go left or right and stop at the node where the answer is decided"),
    "dfs": ("Can you explore one branch all the way down before trying the next?",
            "Depth-first search: recurse (or keep your own list of nodes still to visit) and mark what you have "
            "visited.",
            "from a start node, mark it visited and recurse into each unvisited neighbour; combine what the calls "
            "return"),
    "bfs": ("Which cells or nodes can you reach in exactly one step, then two steps?",
            "Breadth-first search with a queue visits nodes in order of distance; mark them when you enqueue them, "
            "so each node and edge is handled once.",
            "put the start in a queue and mark it; pop from the front and push each unmarked neighbour, marking it "
            "as you push; each round of the queue is one step further from the start (the first time you reach a "
            "node is by a shortest path); where the input has several separate regions, start again from each "
            "unmarked node"),
    "graph": ("Turn the input into nodes and edges first. What are the nodes here?",
              "Build an adjacency list, then traverse it (BFS or DFS) while marking visited nodes.",
              "build the adjacency list from the input; loop over nodes; start a traversal from every unvisited one "
              "and count or collect what the traversal finds"),
    "topological sort": ("Which tasks have nothing they wait for?",
                         "Count incoming edges; repeatedly take a node with none and remove its outgoing edges "
                         "(Kahn's algorithm). If nodes remain, there is a cycle.",
                         "compute in-degrees; queue every node with in-degree 0; pop one, append it to the order, "
                         "decrement its neighbours and queue those that reach 0; compare the order's length with "
                         "the node count"),
    "union find": ("Could you keep track of which group each element belongs to as you merge groups?",
                   "A disjoint-set structure with path compression and union by size answers 'same group?' in "
                   "almost constant time.",
                   "give every element itself as parent; for each connection find both roots and, if different, "
                   "attach the smaller tree under the larger; count the roots at the end"),
    "dijkstra": ("With weighted edges, which node should you settle next?",
                 "Dijkstra's algorithm: a min-heap of (distance, node); pop the closest, relax its edges.",
                 "set every distance to infinity except the start; push the start; pop the smallest, skip it if "
                 "stale, and for each edge push the neighbour when the path through this node is shorter"),
    "heap": ("Do you need the smallest (or largest) element again and again while the collection changes?",
             "A heap gives the min or max in logarithmic time per push or pop.",
             "push the elements into a heap; repeatedly pop the smallest (or largest), act on it as the statement "
             "says and push back whatever that produces; the pops come out in order"),
    "two heaps": ("Could you keep the smaller half and the larger half of the values apart?",
                  "A max-heap for the lower half and a min-heap for the upper half, rebalanced after each insert, "
                  "give the middle at once.",
                  "add each value to the proper heap; move the top across if the sizes differ by more than one; read "
                  "the middle from the tops"),
    "binary search": ("Is there a sorted order, or a yes/no question that flips only once as a value grows?",
                      "Binary search: keep a range that must contain the answer and halve it each step.",
                      "set low and high to the ends; while low is not past high, look at the middle, decide which "
                      "half keeps the answer and move low or high past the middle"),
    "binary search on the answer": ("Can you check quickly whether a given answer value is good enough?",
                                    "Binary search over the answer's range, using a greedy feasibility check on "
                                    "each midpoint.",
                                    "write a check(value) that returns whether value works; search the smallest "
                                    "value that passes between the lowest and highest possible answers"),
    "dynamic programming": ("Can the answer for a size-n input be built from answers for smaller inputs?",
                            "Define a state (what a sub-answer means), its recurrence, and the base cases; fill a "
                            "table bottom-up or memoise the recursion.",
                            "make a table indexed by the state; set the base cases; fill the rest in an order where "
                            "every entry's dependencies are already computed; the answer is one cell"),
    "unbounded knapsack": ("Each item can be used again: what is the best result for every smaller total?",
                           "A one-dimensional table over the total, where each amount tries every item.",
                           "table of size total + 1 with the base case at 0; for each amount, for each item that "
                           "fits, improve the entry from the entry at amount minus that item"),
    "kadane": ("For each position, is it better to extend the previous run or start afresh here?",
               "Track the best sum of a run ending at the current index and the best seen overall, in one pass.",
               "keep two running values; for each element update the best-ending-here from the previous one or the "
               "element alone, then update the overall best"),
    "intervals": ("What becomes easy if the intervals are sorted by their start?",
                  "Take the intervals in order of start (sort them first unless they come sorted), then sweep once, "
                  "comparing each interval with the last one kept.",
                  "order the intervals by start; keep a result; compare each interval with the last one kept: an "
                  "overlap is merged, counted or cut, depending on what the task asks, and the others are kept as they "
                  "are"),
    "sweep line": ("Think of the starts and ends as events on a time line.",
                   "Turn intervals into +1/-1 events, sort them, and sweep while keeping a running count.",
                   "make (time, change) events; sort them so that ends come before starts at equal times if needed; "
                   "add the changes in order and track the maximum"),
    "prefix": ("Could one pass from the left and one from the right give each position what it needs?",
               "Compute for each index a running value of everything before it and one of everything after it, then "
               "combine the two: two passes.",
               "walk left to right keeping the running value of everything before each index and store it; walk "
               "right to left with the running value of everything after it and combine it with what you stored"),
    "merge": ("Every input is sorted: which element comes first in the output, and where can it come from?",
              "Keep a position in each sorted input and repeatedly take the smallest front element; each element is "
              "moved once.",
              "keep a position (an index or a node) in each input; while more than one input still has elements, "
              "move the smallest front element to the output and advance that input; then append whatever is left"),
    "multi-source bfs": ("What if every starting cell spreads at the same time?",
                         "Put every source in the queue at time 0 and run one breadth-first search; each level of the "
                         "queue is one more unit of time.",
                         "queue all the sources and mark them; process the queue level by level, marking each fresh "
                         "neighbour as you push it; count the levels; at the end check whether anything was never "
                         "reached"),
    "sorting": ("Would the problem be simpler if the input were sorted?",
                "Sort first so neighbours are related, then one pass finishes the job.",
                "sort by the value that decides which items belong together or come first; walk the sorted list "
                "comparing each element with the one before it"),
    "greedy": ("Is there a locally best choice you can make at each step and never regret?",
               "Make the greedy choice in a well-chosen order and argue why it is never worse than any other.",
               "order the input by the key the greedy choice depends on; take or skip each element by that rule"),
    "prefix sums": ("Could you answer any range sum with one subtraction after one pass?",
                    "Precompute running totals; the sum of a range is the difference of two prefixes.",
                    "build prefix[i + 1] = prefix[i] + value; answer each range from two prefix entries; for counts "
                    "of ranges, store how often each prefix value occurred"),
    "counting": ("How often does each value appear? Would those counts be enough?",
                 "Count occurrences in a map or fixed-size array in one pass, then read the answer from the counts.",
                 "count every element; then walk the counts (or the input again) to find what the problem asks"),
    "strings": ("Work through the first example by hand, character by character. What do you keep track of?",
                "Build the result from pieces of the string (split it, or scan it) and join them once at the end "
                "rather than adding to a string in a loop.",
                "split or scan the string; collect the pieces you need in a list; join them once when you are done"),
    "arrays": ("Which pieces of information about earlier elements do you need when you reach the next one?",
               "One pass with a few running variables usually beats nested loops.",
               "decide what to remember about the prefix seen so far; update it per element; read the answer at the "
               "end"),
    "recursion": ("What is the smallest input you can answer immediately?",
                  "Trust the recursive call on a smaller input, and combine its result with the current step.",
                  "handle the base case first; otherwise make the smaller call and build on its result"),
    "grid": ("Treat each cell as a node with up to four neighbours.",
             "Traverse the grid with BFS or DFS from the cells the task starts from, marking visited cells.",
             "loop over the cells; from each unvisited cell of the kind you are looking for, flood outward with a "
             "traversal over its four neighbours inside the bounds"),
    "math": ("Write out the first few cases. Is there a pattern or a formula?",
             "Look for an arithmetic identity that avoids simulation, and watch for overflow and negative values.",
             "derive the closed form or the invariant from small cases, then compute it directly"),
}

GENERIC = ("Solve the first example by hand and write down every step you take.",
           "Find the slow part of a brute force solution and ask what you could precompute to skip it.",
           "write the brute force in words, then replace its inner loop with a lookup you prepare beforehand")

# The input's size -> what that demands, as a sentence ({size}: the size, named after its parameter and written out,
# e.g. "`len(nums)` up to 100,000").
_COMPLEXITY = [
    (10 ** 5, "With {size}, quadratic work is too slow: aim for O(n log n) or better."),
    (10 ** 4, "With {size}, stay below O(n²) for the largest inputs."),
    (10 ** 3, "With {size}, O(n²) is fine and O(n³) is not."),
]
# A topic's approach that names its own complexity ("halve it each step: O(log n)") is not followed by a size-based
# target, which could contradict it (binary search was told "about n log n or better").
_NAMES_A_COMPLEXITY = re.compile(r"\bO\((?!1\))")  # a total such as O(log n), not "O(1) per element"
# Topics that only say what the data is; a more specific one beside them says how to solve it ("fast and slow" for
# the middle of a list, not the generic list hint every list problem got).
_BROAD_TOPICS = frozenset({"arrays", "strings", "linked list", "graph", "grid", "math", "recursion"})
# Topics that name a structure or a family of techniques: a more precise technique beside them wins ("two heaps" for
# a running median, not the heap hint; "sweep line" for meeting rooms, not the interval-merging one).
_GENERAL_TOPICS = frozenset({"heap", "dfs", "intervals", "tree", "sorting"})
# A broad topic's outline is a template (one pass with running variables; split and join): it is given only when the
# reference solution works that way ("Rotate an array" was told to scan once; its reference is two slices).
_BROAD_FITS = {
    "arrays": re.compile(r"\bfor\b"),
    "strings": re.compile(r"\bsplit\(|\bjoin\("),
    "graph": re.compile(r"\badj|\bgraph\b"),
    "grid": re.compile(r"\bfor\b[^\n]*\bfor\b|\bfor\b[^\n]*\n\s+for\b"),
    "math": re.compile(r"[%/]"),
}
# (`10^5` is read whole: "10" alone made binary search "up to 10" elements)
_LENGTH_IN_TEXT = re.compile(r"((?:len\(\w+\)\s*,\s*)*len\(\w+\)|\blength|\bnodes)\s*<=\s*"
                             r"(\d+\s*\*\s*10\s*\^\s*\d+|10\s*\^\s*\d+|\d+)")
_TIME_LIMIT_SENTENCE = re.compile(r"(?:^|(?<=[.;]\s))([A-Z][^.;`]*time limit[^.;`]*\.)")


def _number(text: str) -> int:
    text = text.replace(" ", "")
    factor, _, power = text.partition("*")
    if not power:
        factor, power = ("1", text) if "^" in text else (text, "")
    base, _, exponent = power.partition("^")
    return int(factor) * (int(base) ** int(exponent) if power else 1)


def _sizes_from_limits(limits: dict, function_spec: dict | None) -> list[tuple[int, str, str]]:
    """(bound, parameter, kind) for every parameter whose limits bound its length, node count, cells or total."""
    types = {p.get("name"): str(p.get("type", "")) for p in (function_spec or {}).get("params", [])
             if isinstance(p, dict)}
    sizes = []
    for name, spec in limits.items():
        if not isinstance(spec, dict):
            continue
        if "nodes" in spec:
            sizes.append((int(spec["nodes"][1]), name, "nodes"))
        elif "total" in spec:  # a list of lists: its items added up are the input (merge k lists: N, not k)
            sizes.append((int(spec["total"][1]), name, f"total:{spec.get('length', [0, 0])[1]}"))
        elif "length" in spec:
            cells = spec.get("item_length", [0, 0])[1]
            if types.get(name, "").endswith("[][]") and cells > 3:  # a grid, not a list of pairs
                sizes.append((int(spec["length"][1]) * int(cells), name, f"cells:{spec['length'][1]}x{cells}"))
            elif types.get(name, "").endswith("[]") and cells > 3:  # words: their characters added up
                sizes.append((int(spec["length"][1]) * int(cells), name, f"chars:{spec['length'][1]}x{cells}"))
            else:
                sizes.append((int(spec["length"][1]), name, "nodes" if types.get(name) == "ListNode" else "len"))
    return sizes


def _scalars_in(complexity: str, limits: dict | None, function_spec: dict | None) -> list[tuple[str, int]]:
    """The integer parameters a complexity is written in (`amount` in O(amount × len(coins))), with their bounds."""
    scalars = [p.get("name") for p in (function_spec or {}).get("params", [])
               if isinstance(p, dict) and p.get("type") == "int"]
    bare = re.sub(r"\b(?:len|max)\(\w+\)", "", complexity or "")
    return [(name, int(limits[name]["values"][1])) for name in scalars
            if re.search(rf"\b{re.escape(name)}\b", bare) and isinstance((limits or {}).get(name), dict)
            and "values" in limits[name]]


def input_size(limits: dict | None, function_spec: dict | None, constraints: str = "",
               complexity: str = "") -> tuple[str, int] | None:
    """The input's size as (how to say it, the bound): the largest length, node count, grid of cells or total among
    the parameters' limits (the data beside each bank problem), never a value bound (`k <= 10^9` says nothing about
    how much input there is), followed by the integer parameters the `complexity` is written in. Without limits, a
    `len(x) <= N`, `length <= N` or `nodes <= N` in the constraints' text."""
    sizes = _sizes_from_limits(limits, function_spec) if limits else []
    if not limits:
        for names, bound in _LENGTH_IN_TEXT.findall(constraints or ""):
            sizes += [(_number(bound), name, "len" if name else names.strip())
                      for name in re.findall(r"len\((\w+)\)", names) or [""]]
    scalars = _scalars_in(complexity, limits, function_spec)
    if not sizes:
        if not scalars:
            return None
        return " and ".join(f"`{name}` up to {bound:,}" for name, bound in scalars), max(b for _, b in scalars)
    bound = max(size[0] for size in sizes)
    largest = [size for size in sizes if size[0] == bound]
    _, name, kind = largest[0]
    if kind.startswith("cells:"):
        rows, cols = kind[6:].split("x")
        said = f"up to {bound:,} cells in `{name}` ({int(rows):,} × {int(cols):,})"
    elif kind.startswith("chars:"):
        count, each = kind[6:].split("x")
        said = (f"N up to {bound:,} characters in all (`len({name})` up to {int(count):,}, each up to {int(each):,} "
                "long)")
    elif kind.startswith("total:"):
        said = f"N up to {bound:,} values in all across k = `len({name})` up to {int(kind[6:]):,} lists"
    elif kind == "nodes":
        names = " and ".join(f"`{size[1]}`" for size in largest if size[2] == "nodes" and size[1])
        each = " each" if " and " in names else ""
        said = f"up to {bound:,} nodes{each} in {names}" if names else f"up to {bound:,} nodes"
    elif kind == "len" and name:
        names = " and ".join(f"`len({size[1]})`" for size in largest if size[2] == "len")
        said = f"{names} up to {bound:,}{' each' if ' and ' in names else ''}"
    else:
        said = f"inputs of up to {bound:,} ({kind})"
    # the integer parameters the cost is written in, the largest first (coin change: `amount` up to 10,000, then 12
    # coins)
    parts = sorted([(bound, said), *((b, f"`{n}` up to {b:,}") for n, b in scalars
                                     if n not in {size[1] for size in largest})], key=lambda part: -part[0])
    return " and ".join(text for _, text in parts), parts[0][0]


def _scalar_beyond(limits: dict | None, function_spec: dict | None, bound: int) -> bool:
    """Whether an integer parameter may be larger than the input's size (coin change: 12 coins, `amount` up to
    10^4): the cost then follows that number, and "the input is small" would mislead."""
    scalars = {p.get("name") for p in (function_spec or {}).get("params", [])
               if isinstance(p, dict) and p.get("type") == "int"}
    return any(name in scalars and isinstance(spec, dict) and spec.get("values", [0, 0])[1] > bound
               for name, spec in (limits or {}).items())


def complexity_target(constraints: str, *, limits: dict | None = None, function_spec: dict | None = None,
                      complexity: str = "") -> str:
    """A sentence on the complexity to aim for ("" when nothing gives a size), followed by what the constraints say
    about the time limit ("Rotating one step at a time exceeds the time limit ..."). With the problem's own
    `complexity` (the bank's promise, or its reference solution's cost) that is the target, said with the input's
    size; without it (a problem written in the admin) a ceiling the size allows."""
    size = input_size(limits, function_spec, constraints, complexity)
    warnings = _TIME_LIMIT_SENTENCE.findall(constraints or "")
    if complexity:
        said = f", for {size[0]}" if size else ""
        return " ".join([f"Aim for {complexity}, as the reference solution does{said}.", *warnings[:1]])
    if size is None:
        return ""
    said, bound = size
    small = f"With {said}, even O(n²) work is fine."
    if bound < _COMPLEXITY[-1][0] and _scalar_beyond(limits, function_spec, bound):
        small = ""  # the work follows a number (`amount` up to 10^4), not the few items of the input
    text = next((sentence.format(size=said) for limit, sentence in _COMPLEXITY if bound >= limit), small)
    return " ".join(part for part in [text, *warnings[:1]] if part)


def _lower_bound(name: str, spec: dict, constraints: str) -> int:
    """The smallest length (or node count) a parameter can have: its limits, else the constraints' text."""
    for key in ("length", "nodes", "total"):
        if key in spec:
            return int(spec[key][0])
    pattern = rf"\b1\s*<=\s*(?:[^`]*\blen\({re.escape(name)}\)|length|nodes|n\b|size)"
    return 1 if re.search(pattern, constraints or "") else 0


def _shape_cases(name: str, kind: str, spec: dict, low: int, text: str, has_limits: bool) -> list[str]:
    """The edge cases of one parameter's shape: a string, a list of strings, a grid, pairs, a tree, a list, a number."""
    values = spec.get("values")
    empty = [f"an empty `{name}`"] if low == 0 else []
    if kind == "string":
        spaces = [f"spaces in `{name}`"] if spec.get("charset") != "lowercase" and "lowercase" not in text else []
        return [*empty, f"a one-character `{name}`", *spaces]
    if kind == "string[]":
        return [*empty, f"a single string in `{name}`",
                *(["an empty string among them"] if spec.get("item_length", [1, 1])[0] == 0 else [])]
    if kind.endswith("[][]") and spec.get("item_length", [0, 0])[1] > 3:
        return [*(["an empty grid"] if low == 0 else []), f"a `{name}` of a single row or a single column"]
    if kind.endswith("[][]"):
        return [*empty, f"a single {'list' if 'total' in spec else 'pair'} in `{name}`"]
    if kind == "TreeNode":
        return [*(["an empty tree"] if low == 0 else []), "a single node", "a tree that is one long path"]
    if kind in ("int[]", "ListNode", "float[]") and (spec or not has_limits):  # (a pair without limits: none)
        constant = bool(values) and values[0] == values[1]
        repeats = not spec.get("distinct") and "distinct" not in text.lower() and not constant
        return [*empty, *([f"a one-element `{name}`"] if low <= 1 else []),
                *([f"repeated values in the {'list' if kind == 'ListNode' else 'array'}"] if repeats else [])]
    if kind == "int" and values and values[0] != values[1]:
        return [f"`{name}` at its smallest and at its largest"]
    return []


def _value_cases(kind: str, values: list | None) -> list[str]:
    """Negatives and overflow, as the limits on the values allow them."""
    if not values:
        return []
    cases = ["negative values"] if values[0] < 0 else []
    largest = max(abs(values[0]), abs(values[1]))
    if largest >= 2 ** 31 - 1:
        cases.append("values at the 32-bit limits (one step past them overflows)")
    elif largest >= 10 ** 9 and kind != "int":
        cases.append("the most extreme values the limits allow")
    return cases


def _edge_cases(constraints: str, limits: dict | None = None, function_spec: dict | None = None) -> str:
    """The edge cases of the problem's own kinds of input: for a string an empty one (where allowed), one character
    and spaces (where the charset has them); for a grid a single row or column; for numbers negatives and values at
    the bounds where the limits allow them; for a tree or list the smallest ones; repeats unless ruled out."""
    limits = limits or {}
    text = constraints or ""
    cases: list[str] = []
    for name, kind in _params(function_spec):
        spec = limits.get(name) if isinstance(limits.get(name), dict) else {}
        cases += _shape_cases(name, kind, spec, _lower_bound(name, spec, text), text, bool(limits))
        cases += _value_cases(kind, spec.get("values"))
    seen = list(dict.fromkeys(cases))[:5] or ["the smallest input", "the largest input"]
    return ", ".join(seen[:-1]) + " and " + seen[-1] if len(seen) > 1 else seen[0]


def _main_topic(topics: list[str], reference: str = "") -> list[str]:
    """The known topics whose hints fit, the most specific first: precise techniques, then structures and families,
    then what the data is (a broad topic only when the reference solution works the way its outline says)."""
    known = [t for t in topics if t in TOPIC_HINTS]
    specific = [t for t in known if t not in _BROAD_TOPICS and t not in _GENERAL_TOPICS]
    general = [t for t in known if t in _GENERAL_TOPICS]
    broad = [t for t in known if t in _BROAD_TOPICS
             and (not reference or t not in _BROAD_FITS or _BROAD_FITS[t].search(reference))]
    return specific + general + broad


def _signature(function_spec: dict, language: str) -> tuple[str, list[str]]:
    names = (function_spec or {}).get("name") or {}
    name = names.get(language) or next(iter(names.values()), "solve")
    params = [p.get("name", "?") for p in (function_spec or {}).get("params", []) if isinstance(p, dict)]
    return str(name), params


def _first_sentence(statement: str) -> str:
    paragraph = " ".join((statement or "").strip().split("\n\n")[0].split())
    sentence = paragraph.split(". ")[0].strip().rstrip(".")
    return sentence if len(sentence) <= 240 else sentence[:239] + "\u2026"


def _example_text(example: dict | None) -> str:
    if not example:
        return ""
    args = ", ".join(json.dumps(a) for a in example.get("args") or [])
    expected = json.dumps(example.get("expected"))
    text = f"{args} \u2192 {expected}"
    return text if len(text) <= 160 else ""


def _failing(text: str, failing_test: str) -> str:
    if not failing_test:
        return text
    return f"{text} Your last submission failed the test named \u201c{failing_test}\u201d: what is special about " \
           "such an input?"


_ASKS = re.compile(r"^(?:Return|Find|Count|Decide|Merge|Group|Reverse|Invert|Mirror|Evaluate|Insert|Delete|Remove)\b"
                   r"|\breturn\b")


def _goal(statement: str, title: str) -> str:
    """The statement's sentence that asks for the result ("Return the largest area ..."), not a first sentence that
    only describes the input ("`heights[i]` is the height of ..."); the first sentence when none asks."""
    text = " ".join((statement or "").split())
    sentences = [s.strip().rstrip(".") for s in re.split(r"(?<=[.?!])\s+(?=[A-Z`])", text) if s.strip()]
    index = next((i for i, s in enumerate(sentences) if _ASKS.search(s)), 0)
    if not sentences:
        return title
    sentence = sentences[index]
    if len(sentence) < 40 and index:  # "Return whether `s` is one": the sentence before says what "one" is
        sentence = f"{sentences[index - 1]}. {sentence}"
    return sentence if len(sentence) <= 240 else sentence[:239] + "\u2026"


def _params(function_spec: dict) -> list[tuple[str, str]]:
    return [(str(p.get("name", "?")), str(p.get("type", ""))) for p in (function_spec or {}).get("params", [])
            if isinstance(p, dict)]


def _list_of_lists(params: list[tuple[str, str]], limits: dict | None) -> str:
    """The parameter that holds several sorted sequences (merge k lists), "" when there is none."""
    for name, kind in params:
        spec = (limits or {}).get(name) or {}
        if kind.endswith("[][]") and ("total" in spec or not spec.get("item_length")) or kind == "ListNode[]":
            return name
    return ""


def _sequences(params: list[tuple[str, str]]) -> list[str]:
    return [name for name, kind in params if kind.endswith("[]") or kind in ("string", "ListNode")]


_WHILE_LESS = re.compile(r"while\s+\w+\s*<\s*\w+")
_FOR = re.compile(r"for\b")


def _while_inside_a_for(reference: str) -> bool:
    """A `while i < j` loop in the body of a `for` loop (three sum's shape: fix one element, two indices after it),
    read line by line by indentation. (A pattern with a back-reference to the indent and `\\s+` before each line of
    the body tried every split of each line's indent when there was no such loop: 12 lines took 1.3 s, 4x a line.)"""
    body_deeper_than = None  # the `for` line's indent while reading its body
    for line in reference.splitlines():
        text = line.lstrip()
        if not text:
            continue
        indent = len(line) - len(text)
        if body_deeper_than is not None and indent <= body_deeper_than:
            body_deeper_than = None
        if body_deeper_than is not None and _WHILE_LESS.match(text):
            return True
        if body_deeper_than is None and _FOR.match(text):
            body_deeper_than = indent
    return False


def _two_pointer_steps(params: list[tuple[str, str]], limits: dict, reference: str, statement: str) -> str:
    names = [name for name, _ in params]
    sequences = _sequences(params)
    first = f"`{sequences[0]}`" if sequences else "the input"
    if any(kind == "ListNode" for _, kind in params):
        gap = "`n` nodes" if "n" in names else "the gap the task needs"
        return (f"put a dummy node in front of {first} and start two pointers there; move the leading one {gap} "
                "ahead, then move both one node at a time until the leading one reaches the last node; the "
                "trailing one now stands just before the node to change")
    nested = _while_inside_a_for(reference or "")
    if len(sequences) >= 2:
        place = f"keep one index in each of `{sequences[0]}` and `{sequences[1]}`, both at the start"
    elif nested:
        place = f"fix each element of {first} in turn and put two indices at the two ends of the elements after it"
    else:
        place = f"put one index at each end of {first}"
    prefix = ""
    already = [f"`{n}`" for n in sequences if (limits.get(n) or {}).get("sorted")]
    if re.search(r"\bsorted\(|\.sort\(", reference or ""):
        prefix = f"sort {first} first; "
    elif already:
        prefix = (f"{' and '.join(already)} come{'' if len(already) > 1 else 's'} sorted, which is what lets a "
                  "pointer be moved safely; ")
    unique = "; skip values equal to the previous one so no answer is reported twice" if nested and re.search(
        r"\bunique|\bduplicate|\bdistinct", statement or "", re.I) else ""
    return (f"{prefix}{place}; at each step compare what the two point at, record what that gives toward the "
            "answer, and advance the pointer whose element can no longer be part of a better answer; stop when "
            f"they meet or one runs out{unique}")


def _heap_steps(params: list[tuple[str, str]], limits: dict) -> str:
    sequences = _sequences(params)
    first = f"`{sequences[0]}`" if sequences else "the input"
    lists = _list_of_lists(params, limits)
    if lists:
        return (f"push the first value of each list in `{lists}` into a min-heap, with the list it came from and "
                "its position; pop the smallest, append it to the output and push the next value of the same "
                "list; each value passes through the heap once, and the heap never holds more than one value per "
                "list")
    if "k" in [name for name, _ in params]:
        return (f"walk {first} keeping a heap of at most `k` items, ordered so that the worst of those kept is on "
                "top: push each item, and pop the top whenever the heap holds more than `k`; at the end the heap "
                "holds the `k` best, with the `k`-th best on top")
    return (f"put the items of {first} into a heap ordered so that the item you need next is on top; repeatedly "
            "pop it (or the top two), combine what you popped toward the answer, and push any new item that "
            "creates; stop when the heap holds the answer")


def _bfs_steps(params: list[tuple[str, str]], statement: str) -> str:
    names = [name for name, _ in params]
    start = next((f"`{n}`" for n in names if n in ("source", "start", "root", "begin")), "the start")
    steps = (f"put {start} in a queue and mark it; pop from the front and push each unmarked neighbour, marking it "
             "as you push; each round of the queue is one step further from the start (the first time you reach "
             "a node is by a shortest path)")
    if "target" in names:
        steps += "; the answer is the round at which `target` is first reached, if it ever is"
    if re.search(r"\bislands?\b|\bregions?\b|\bcomponents?\b|\bgroups?\b", statement or "", re.I):
        unit = "cell" if any(kind.endswith("[][]") for _, kind in params) else "node"
        steps += f"; as the input has several separate regions, start again from each unmarked {unit}"
    return steps


def _steps(topic: str, steps: str, *, params: list[tuple[str, str]], limits: dict | None, reference: str,
           statement: str) -> str:
    """A topic's outline said for this problem: its own parameter names, and the shape of its input and reference
    (sorted or not, one input or two, a fixed gap, a list of lists), so problems of one family differ."""
    limits = limits or {}
    sequences = _sequences(params)
    first = f"`{sequences[0]}`" if sequences else "the input"
    if topic == "two pointers":
        return _two_pointer_steps(params, limits, reference, statement)
    if topic == "heap":
        return _heap_steps(params, limits)
    if topic == "bfs":
        return _bfs_steps(params, statement)
    if topic == "merge":
        holder = "a node" if any(kind == "ListNode" for _, kind in params) else "an index"
        return steps.replace("(an index or a node)", f"({holder})").replace(
            "in each input", f"in each of {' and '.join(f'`{n}`' for n in sequences[:2]) or 'the inputs'}")
    if topic == "sliding window":
        if "k" in [name for name, _ in params] and re.search(r"\[\s*\w+\s*-\s*k\s*\]", reference or ""):
            return (f"sum (or summarise) the first `k` elements of {first}; then slide the window one step at a "
                    "time, adding the element that enters on the right and removing the one that leaves on the "
                    "left, and keep the best window")
        return steps.replace("keep a left index", f"over {first}, keep a left index")
    return steps


def graded_hints(*, title: str, topics: list[str], constraints: str, function_spec: dict,
                 language: str = "python", failing_test: str = "", limits: dict | None = None,
                 reference: str = "", statement: str = "", example: dict | None = None,
                 complexity: str = "") -> list[str]:
    """Three hints from the problem's metadata: nudge, approach, steps in words (never code). `limits` (the bank's
    data beside the problem) give the input's size and the edge cases; `complexity` (its promised or reference cost)
    is the complexity the approach states; `reference` (the Python reference solution) decides whether a broad
    topic's template fits and shapes the outline; the outline names the problem's task (the `statement`'s sentence
    that asks for the result); without a fitting topic the hints are led by the statement and its first `example`
    ({"args", "expected"}) rather than by a template that may mislead."""
    known = _main_topic(topics, reference)
    name, params = _signature(function_spec, language)
    typed = _params(function_spec)
    inputs = ", ".join(f"`{p}`" for p in params) or "the input"
    target = complexity_target(constraints, limits=limits, function_spec=function_spec, complexity=complexity)
    edges = _edge_cases(constraints, limits, function_spec)
    goal = _goal(statement, title)
    if not known and (statement or example):
        shown = _example_text(example)
        level1 = (f"Work example 1 by hand ({shown}): for each part of the output, where in the input does it come "
                  "from, and why?" if shown else
                  "Work a small example by hand: for each part of the output, where in the input does it come from, "
                  "and why?")
        level2 = " ".join(part for part in (
            "Write that down as a rule that computes the output directly from the input, and check the rule on the "
            "other examples before you code it.", target) if part)
        level3 = (f"Outline for `{name}` ({inputs}): the task is \u201c{goal}\u201d. Write the "
                  "rule from example 1 as a formula or a few steps in words, check it against every example, and "
                  f"only then code it. Then check the edge cases ({edges}) before you submit.")
        return [_failing(level1, failing_test), level2, level3]
    if "heap" in known and "merge" in known and _list_of_lists(typed, limits):
        known = ["heap", *[t for t in known if t != "heap"]]  # k lists: a heap of fronts, not a scan of every front
    nudge, approach, steps = TOPIC_HINTS[known[0]] if known else GENERIC
    if known:
        steps = _steps(known[0], steps, params=typed, limits=limits, reference=reference, statement=statement)
    if known and known[0] == "heap" and "k" in params and not _list_of_lists(typed, limits):
        approach += " Only `k` items matter here: keep the heap at size `k`."
    also = f" Ideas from {' and '.join(known[1:3])} problems help here too." if len(known) > 1 else ""
    if not complexity and _NAMES_A_COMPLEXITY.search(approach):
        target = ""
    level2 = " ".join(part for part in (f"{approach}{also}", target) if part)
    level3 = (f"Outline for `{name}` ({inputs}), for the task \u201c{goal}\u201d: {steps}. Then check the edge "
              f"cases ({edges}) before you submit.")
    return [_failing(nudge, failing_test), level2, level3]


@functools.lru_cache(maxsize=1)
def _bank() -> dict[str, dict]:
    from studypaths.services import bank_data

    return bank_data()


def problem_hints(problem, *, language: str = "python", failing_test: str = "") -> list[str]:
    """The three graded hints of a `Problem` (what the offline tutor answers with), with the bank's `limits` beside
    it (the shipped bank file; a problem written in the admin has its constraints' text only), its Python reference
    solution and its first public example."""
    data = _bank().get(problem.slug, {})
    example = next(iter(problem.tests.filter(is_public=True).order_by("position", "id")
                        .values("args", "expected")[:1]), None) if problem.pk else None
    return graded_hints(title=problem.title, topics=list(problem.topics or []), constraints=problem.constraints,
                        function_spec=problem.function_spec, language=language, failing_test=failing_test,
                        limits=data.get("limits"), reference=(problem.reference_solutions or {}).get("python", ""),
                        statement=problem.statement, example=example,
                        complexity=data.get("complexity") or data.get("reference_complexity") or "")


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+|==|!=|<=|>=|\*\*|//|[-+*/%<>=()\[\]{}:.,]")
_TRIVIAL_LINES = {"pass", "return", "}", "{", "else:", "try:", "return result", "return ans", "return res"}


def _code_lines(reference: str) -> list[str]:
    lines = []
    for raw in (reference or "").splitlines():
        line = " ".join(raw.strip().split())
        if len(line) >= 12 and line not in _TRIVIAL_LINES and not line.startswith(("#", "//", "def ", "function ")):
            lines.append(line)
    return lines


def leaks_solution(text: str, reference: str, *, run: int = 10) -> bool:
    """True when `text` repeats a non-trivial line of `reference`, or `run` consecutive tokens of it."""
    flat = " ".join((text or "").split())
    if any(line in flat for line in _code_lines(reference)):
        return True
    # The signature is in the starter code already: it is not part of the give-away.
    body = "\n".join(line for line in (reference or "").splitlines()
                     if not line.strip().startswith(("def ", "function ", "import ", "from ", "class ")))
    ref_tokens = _TOKEN.findall(body)
    if len(ref_tokens) < run:
        return False
    windows = {tuple(ref_tokens[i:i + run]) for i in range(len(ref_tokens) - run + 1)}
    tokens = _TOKEN.findall(text or "")
    return any(tuple(tokens[i:i + run]) in windows for i in range(len(tokens) - run + 1))
