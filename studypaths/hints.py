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
                 "element then costs O(1).",
                 "walk the input once; for each element look up in the map what you stored about earlier elements (an "
                 "index, a count, a group) and update it; build the answer from the map, at once when a lookup finds "
                 "what you need or from its contents at the end"),
    "hash set": ("Is membership all you need to remember about what you have seen?",
                 "A set answers 'seen before?' in O(1); one pass over the input is enough.",
                 "put the elements into a set (as you go, or all at once first); then ask the set each 'is this value "
                 "there?' question in O(1) instead of searching the input"),
    "two pointers": ("Could two indices moving toward (or after) each other replace a nested loop?",
                     "Use two indices (one at each end, one in each input, or one ahead of the other) and move one "
                     "of them per step based on a comparison; that is O(n).",
                     "place the pointers where the problem needs them (at both ends of one input, at the start of each "
                     "of two inputs, or one a fixed gap ahead of the other); at each step compare what they point at, "
                     "record what the comparison gives, and advance the pointer that can no longer contribute; stop "
                     "when they meet or one runs out"),
    "sliding window": ("Think of a window over the input that grows on the right and shrinks on the left.",
                       "Extend the window one element at a time and shrink it from the left while it breaks the "
                       "condition; track the best window seen. Each element enters and leaves once: O(n).",
                       "keep a left index and a running summary of the window; for each right index add the new "
                       "element, shrink from the left until the window is valid again, then update the best size"),
    "stack": ("Does each new element deal with the most recent unresolved one first (last in, first out)?",
              "Push items you cannot resolve yet; pop when the current element resolves the one on top.",
              "scan left to right; push what you cannot resolve yet; when the current element resolves the top of "
              "the stack (matches it, combines with it or replaces it), pop it and act on it; at the end the stack "
              "holds what is left"),
    "monotonic stack": ("For each element, which earlier element is the first one bigger (or smaller) than it?",
                        "Keep a stack whose values only decrease (or increase); popping an element means you just "
                        "found its answer. Every index is pushed and popped once: O(n).",
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
            "Breadth-first search with a queue visits nodes in order of distance; mark them when you enqueue them: "
            "O(V + E).",
            "put the start in a queue and mark it; pop from the front and push each unmarked neighbour, marking it "
            "as you push; each round of the queue is one step further from the start (the first time you reach a "
            "node is by a shortest path); where the input has several separate regions, start again from each "
            "unmarked node"),
    "graph": ("Turn the input into nodes and edges first. What are the nodes here?",
              "Build an adjacency list, then traverse it (BFS or DFS) while marking visited nodes: O(V + E).",
              "build the adjacency list from the input; loop over nodes; start a traversal from every unvisited one "
              "and count or collect what the traversal finds"),
    "topological sort": ("Which tasks have nothing they wait for?",
                         "Count incoming edges; repeatedly take a node with none and remove its outgoing edges "
                         "(Kahn's algorithm): O(V + E). If nodes remain, there is a cycle.",
                         "compute in-degrees; queue every node with in-degree 0; pop one, append it to the order, "
                         "decrement its neighbours and queue those that reach 0; compare the order's length with "
                         "the node count"),
    "union find": ("Could you keep track of which group each element belongs to as you merge groups?",
                   "A disjoint-set structure with path compression and union by size answers 'same group?' almost "
                   "in O(1).",
                   "give every element itself as parent; for each connection find both roots and, if different, "
                   "attach the smaller tree under the larger; count the roots at the end"),
    "dijkstra": ("With weighted edges, which node should you settle next?",
                 "Dijkstra's algorithm: a min-heap of (distance, node); pop the closest, relax its edges: "
                 "O(E log V).",
                 "set every distance to infinity except the start; push the start; pop the smallest, skip it if "
                 "stale, and for each edge push the neighbour when the path through this node is shorter"),
    "heap": ("Do you need the smallest (or largest) element again and again while the collection changes?",
             "A heap gives the min or max in O(log n) per operation.",
             "push the elements into a heap; repeatedly pop the smallest (or largest), act on it as the statement "
             "says and push back whatever that produces; the pops come out in order"),
    "two heaps": ("Could you keep the smaller half and the larger half of the values apart?",
                  "A max-heap for the lower half and a min-heap for the upper half, rebalanced after each insert, "
                  "give the middle in O(1).",
                  "add each value to the proper heap; move the top across if the sizes differ by more than one; read "
                  "the middle from the tops"),
    "binary search": ("Is there a sorted order, or a yes/no question that flips only once as a value grows?",
                      "Binary search: keep a range that must contain the answer and halve it each step: O(log n).",
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
               "Track the best sum of a run ending at the current index and the best seen overall: O(n), O(1) space.",
               "keep two running values; for each element update the best-ending-here from the previous one or the "
               "element alone, then update the overall best"),
    "intervals": ("What becomes easy if the intervals are sorted by their start?",
                  "Take the intervals in order of start (sort them first unless they come sorted), then sweep once, "
                  "comparing each interval with the last one kept.",
                  "order the intervals by start; keep a result; compare each interval with the last one kept: an "
                  "overlap is combined, counted or reported, as the statement asks, and the others are kept as they "
                  "are"),
    "sweep line": ("Think of the starts and ends as events on a time line.",
                   "Turn intervals into +1/-1 events, sort them, and sweep while keeping a running count.",
                   "make (time, change) events; sort them so that ends come before starts at equal times if needed; "
                   "add the changes in order and track the maximum"),
    "prefix": ("Could one pass from the left and one from the right give each position what it needs?",
               "Compute for each index a running value of everything before it and one of everything after it, then "
               "combine the two: two passes, O(n).",
               "walk left to right keeping the running value of everything before each index and store it; walk "
               "right to left with the running value of everything after it and combine it with what you stored"),
    "merge": ("Every input is sorted: which element comes first in the output, and where can it come from?",
              "Keep a position in each sorted input and repeatedly take the smallest front element; each element is "
              "moved once.",
              "keep a position (an index or a node) in each input; while more than one input still has elements, "
              "move the smallest front element to the output and advance that input; then append whatever is left"),
    "multi-source bfs": ("What if every starting cell spreads at the same time?",
                         "Put every source in the queue at time 0 and run one breadth-first search; each level of the "
                         "queue is one more unit of time: O(rows × cols).",
                         "queue all the sources and mark them; process the queue level by level, marking each fresh "
                         "neighbour as you push it; count the levels; at the end check whether anything was never "
                         "reached"),
    "sorting": ("Would the problem be simpler if the input were sorted?",
                "Sort first (O(n log n)) so neighbours are related, then one pass finishes the job.",
                "sort by the key that matters; walk the sorted list comparing each element with the previous one"),
    "greedy": ("Is there a locally best choice you can make at each step and never regret?",
               "Make the greedy choice in a well-chosen order and argue why it is never worse than any other.",
               "order the input by the key the greedy choice depends on; take or skip each element by that rule"),
    "prefix sums": ("Could you answer any range sum in O(1) after one pass?",
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
             "Traverse the grid with BFS or DFS from the relevant cells, marking visited cells.",
             "loop over the cells; when a cell starts something new, flood it with a traversal over its four "
             "neighbours inside the bounds"),
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
_LENGTH_IN_TEXT = re.compile(r"((?:len\(\w+\)\s*,\s*)*len\(\w+\)|\blength|\bnodes)\s*<=\s*"
                             r"(\d+(?:\s*\*\s*10\s*\^\s*\d+)?|10\s*\^\s*\d+)")
_TIME_LIMIT_SENTENCE = re.compile(r"(?:^|(?<=[.;]\s))([A-Z][^.;`]*time limit[^.;`]*\.)")


def _number(text: str) -> int:
    text = text.replace(" ", "")
    factor, _, power = text.partition("*")
    if not power:
        factor, power = ("1", text) if "^" in text else (text, "")
    base, _, exponent = power.partition("^")
    return int(factor) * (int(base) ** int(exponent) if power else 1)


def _sizes_from_limits(limits: dict, function_spec: dict | None) -> list[tuple[int, str, str]]:
    """(bound, parameter, kind) for every parameter whose limits bound its length, node count or cells."""
    types = {p.get("name"): str(p.get("type", "")) for p in (function_spec or {}).get("params", [])
             if isinstance(p, dict)}
    sizes = []
    for name, spec in limits.items():
        if not isinstance(spec, dict):
            continue
        if "nodes" in spec:
            sizes.append((int(spec["nodes"][1]), name, "nodes"))
        elif "length" in spec:
            cells = spec.get("item_length", [0, 0])[1]
            if types.get(name, "").endswith("[][]") and cells > 3:  # a grid, not a list of pairs
                sizes.append((int(spec["length"][1]) * int(cells), name, f"cells:{spec['length'][1]}x{cells}"))
            else:
                sizes.append((int(spec["length"][1]), name, "nodes" if types.get(name) == "ListNode" else "len"))
    return sizes


def input_size(limits: dict | None, function_spec: dict | None, constraints: str = "") -> tuple[str, int] | None:
    """The input's size as (how to say it, the bound): the largest length, node count or grid of cells among the
    parameters' limits (the data beside each bank problem), never a value bound (`k <= 10^9` says nothing about how
    much input there is). Without limits, a `len(x) <= N`, `length <= N` or `nodes <= N` in the constraints' text."""
    sizes = _sizes_from_limits(limits, function_spec) if limits else []
    if not limits:
        for names, bound in _LENGTH_IN_TEXT.findall(constraints or ""):
            sizes += [(_number(bound), name, "len" if name else names.strip())
                      for name in re.findall(r"len\((\w+)\)", names) or [""]]
    if not sizes:
        return None
    bound = max(size[0] for size in sizes)
    largest = [size for size in sizes if size[0] == bound]
    _, name, kind = largest[0]
    if kind.startswith("cells:"):
        rows, cols = kind[6:].split("x")
        return f"up to {bound:,} cells in `{name}` ({int(rows):,} × {int(cols):,})", bound
    if kind == "nodes":
        names = " and ".join(f"`{size[1]}`" for size in largest if size[2] == "nodes" and size[1])
        each = " each" if " and " in names else ""
        return (f"up to {bound:,} nodes{each} in {names}" if names else f"up to {bound:,} nodes"), bound
    if kind == "len" and name:
        names = " and ".join(f"`len({size[1]})`" for size in largest if size[2] == "len")
        return f"{names} up to {bound:,}{' each' if ' and ' in names else ''}", bound
    return f"inputs of up to {bound:,} ({kind})", bound


def _scalar_beyond(limits: dict | None, function_spec: dict | None, bound: int) -> bool:
    """Whether an integer parameter may be larger than the input's size (coin change: 12 coins, `amount` up to
    10^4): the cost then follows that number, and "the input is small" would mislead."""
    scalars = {p.get("name") for p in (function_spec or {}).get("params", [])
               if isinstance(p, dict) and p.get("type") == "int"}
    return any(name in scalars and isinstance(spec, dict) and spec.get("values", [0, 0])[1] > bound
               for name, spec in (limits or {}).items())


def complexity_target(constraints: str, *, limits: dict | None = None, function_spec: dict | None = None) -> str:
    """A sentence on the complexity the input's size demands ("" when nothing gives a size), followed by what the
    constraints say about the time limit ("Rotating one step at a time exceeds the time limit ...")."""
    size = input_size(limits, function_spec, constraints)
    if size is None:
        return ""
    said, bound = size
    small = f"With {said}, even O(n²) work is fine."
    if bound < _COMPLEXITY[-1][0] and _scalar_beyond(limits, function_spec, bound):
        small = ""  # the work follows a number (`amount` up to 10^4), not the few items of the input
    text = next((sentence.format(size=said) for limit, sentence in _COMPLEXITY if bound >= limit), small)
    warnings = _TIME_LIMIT_SENTENCE.findall(constraints or "")
    return " ".join([text, *warnings[:1]])


def _edge_cases(constraints: str) -> str:
    """The edge cases worth checking, without those the constraints rule out (no "empty input" under
    `1 <= length`)."""
    cases = []
    if not re.search(r"\b1\s*<=\s*(?:len\(|length|n\b|size)", constraints or ""):
        cases.append("empty input")
    cases.append("a single element")
    if "distinct" not in (constraints or "").lower():
        cases.append("duplicates")
    cases.append("the largest values")
    return ", ".join(cases[:-1]) + " and " + cases[-1]


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


def graded_hints(*, title: str, topics: list[str], constraints: str, function_spec: dict,
                 language: str = "python", failing_test: str = "", limits: dict | None = None,
                 reference: str = "", statement: str = "", example: dict | None = None) -> list[str]:
    """Three hints from the problem's metadata: nudge, approach, steps in words (never code). `limits` (the bank's
    data beside the problem) give the input's size; `reference` (the Python reference solution) decides whether a
    broad topic's template fits; without a fitting topic the hints are led by the `statement` and its first
    `example` ({"args", "expected"}) rather than by a template that may mislead."""
    known = _main_topic(topics, reference)
    name, params = _signature(function_spec, language)
    inputs = ", ".join(f"`{p}`" for p in params) or "the input"
    target = complexity_target(constraints, limits=limits, function_spec=function_spec)
    edges = _edge_cases(constraints)
    if not known and (statement or example):
        shown = _example_text(example)
        level1 = (f"Work example 1 by hand ({shown}): for each part of the output, where in the input does it come "
                  "from, and why?" if shown else
                  "Work a small example by hand: for each part of the output, where in the input does it come from, "
                  "and why?")
        level2 = " ".join(part for part in (
            "Write that down as a rule that computes the output directly from the input, and check the rule on the "
            "other examples before you code it.", target) if part)
        level3 = (f"Outline for `{name}` ({inputs}): the task is \u201c{_first_sentence(statement)}\u201d. Write the "
                  "rule from example 1 as a formula or a few steps in words, check it against every example, and "
                  f"only then code it. Then check the edge cases ({edges}) before you submit.")
        return [_failing(level1, failing_test), level2, level3]
    nudge, approach, steps = TOPIC_HINTS[known[0]] if known else GENERIC
    if known and known[0] == "heap" and "k" in params:
        approach += " Only `k` items matter here: keep the heap at size `k`."
        steps += "; pop whenever the heap grows past `k` items"
    also = f" Ideas from {' and '.join(known[1:3])} problems help here too." if len(known) > 1 else ""
    if _NAMES_A_COMPLEXITY.search(approach):
        target = ""
    level2 = " ".join(part for part in (f"{approach}{also}", target) if part)
    level3 = f"Outline for `{name}` ({inputs}): {steps}. Then check the edge cases ({edges}) before you submit."
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
                        statement=problem.statement, example=example)


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
