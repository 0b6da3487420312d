"""Graduated tutor hints written from a problem's own metadata (topics, function signature, constraints, examples).

Level 1 is a nudge (which idea to think about), level 2 the approach (the technique and the target complexity),
level 3 pseudo-code in words (the steps, never code). `graded_hints(problem)` gives the three texts the offline
provider answers with; `leaks_solution(text, reference)` is the guard every hint passes, whichever provider wrote
it: a hint that repeats a line of the reference solution (or a long enough run of its tokens) is replaced.
"""

from __future__ import annotations

import re

# topic -> (nudge, approach, steps). Written in our own words for the topics of the shipped bank.
TOPIC_HINTS: dict[str, tuple[str, str, str]] = {
    "hash map": ("What would you like to look up instantly while you scan the input once?",
                 "Keep a dictionary from values (or keys derived from them) to what you have seen so far; each "
                 "element then costs O(1).",
                 "walk the input once; for each element compute what you need to find; if the map has it, build the "
                 "answer; otherwise record the element in the map"),
    "hash set": ("Is membership all you need to remember about what you have seen?",
                 "A set answers 'seen before?' in O(1); one pass over the input is enough.",
                 "put elements into a set as you go; check each new element against the set before adding it"),
    "two pointers": ("Could two indices moving toward (or after) each other replace a nested loop?",
                     "Place one pointer at each end (or a slow and a fast one) and move exactly one of them per step "
                     "based on a comparison; that is O(n).",
                     "start the pointers; while they have not crossed, compare what they point at, record a "
                     "candidate answer, and advance the pointer whose move can still improve it"),
    "sliding window": ("Think of a window over the input that grows on the right and shrinks on the left.",
                       "Extend the window one element at a time and shrink it from the left while it breaks the "
                       "condition; track the best window seen. Each element enters and leaves once: O(n).",
                       "keep a left index and a running summary of the window; for each right index add the new "
                       "element, shrink from the left until the window is valid again, then update the best size"),
    "stack": ("Which element does each new element need to be matched or compared with: the most recent open one?",
              "Push items you cannot resolve yet; pop when the current element resolves the one on top.",
              "scan left to right; if the element opens something, push it; if it closes, check and pop the top; at "
              "the end the stack tells you what is left unresolved"),
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
            "carry the allowed range (or the previous in-order value) down the recursion; at each node check it "
            "against the range, then recurse with the narrowed ranges"),
    "dfs": ("Can you explore one branch all the way down before trying the next?",
            "Depth-first search with recursion or an explicit stack; mark what you have visited.",
            "from a start node, mark it visited and recurse into each unvisited neighbour; combine what the calls "
            "return"),
    "bfs": ("Which cells or nodes can you reach in exactly one step, then two steps?",
            "Breadth-first search with a queue visits nodes in order of distance; mark them when you enqueue them.",
            "put the start(s) in a queue with distance 0; pop from the front, push each unvisited neighbour with "
            "distance + 1 and mark it; the first time you reach the goal is the shortest"),
    "graph": ("Turn the input into nodes and edges first. What are the nodes here?",
              "Build an adjacency list, then traverse it (BFS or DFS) while marking visited nodes: O(V + E).",
              "build the adjacency list from the input; loop over nodes; start a traversal from every unvisited one "
              "and count or collect what the traversal finds"),
    "topological sort": ("Which tasks have nothing they wait for?",
                         "Count incoming edges; repeatedly take a node with none and remove its outgoing edges "
                         "(Kahn's algorithm). If nodes remain, there is a cycle.",
                         "compute in-degrees; queue every node with in-degree 0; pop one, append it to the order, "
                         "decrement its neighbours and queue those that reach 0; compare the order's length with "
                         "the node count"),
    "union find": ("Could you keep track of which group each element belongs to as you merge groups?",
                   "A disjoint-set structure with path compression and union by size answers 'same group?' almost "
                   "in O(1).",
                   "give every element itself as parent; for each connection find both roots and, if different, "
                   "attach the smaller tree under the larger; count the roots at the end"),
    "dijkstra": ("With weighted edges, which node should you settle next?",
                 "Dijkstra's algorithm: a min-heap of (distance, node); pop the closest, relax its edges.",
                 "set every distance to infinity except the start; push the start; pop the smallest, skip it if "
                 "stale, and for each edge push the neighbour when the path through this node is shorter"),
    "heap": ("Do you need the smallest (or largest) element again and again while the set changes?",
             "A heap gives the min or max in O(log n) per operation; keep its size bounded by k where you can.",
             "push elements into a heap; when it grows beyond k pop the extreme one; what is left (or the top) is "
             "the answer"),
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
                  "Sort by start, then sweep once, merging or comparing each interval with the last one kept.",
                  "sort the intervals by start; keep a result list; for each interval, if it overlaps the last kept "
                  "one extend it, otherwise append it"),
    "sweep line": ("Think of the starts and ends as events on a time line.",
                   "Turn intervals into +1/-1 events, sort them, and sweep while keeping a running count.",
                   "make (time, change) events; sort them so that ends come before starts at equal times if needed; "
                   "add the changes in order and track the maximum"),
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
                "Process the string in one pass, building the result in a list and joining once at the end.",
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

# The largest input size the constraints allow -> what that demands, as a sentence ({n}: the size, written out).
_COMPLEXITY = [
    (10 ** 5, "With inputs of up to {n}, quadratic work is too slow: aim for O(n log n) or better."),
    (10 ** 4, "With inputs of up to {n}, stay below O(n²) for the largest inputs."),
    (10 ** 3, "With inputs of up to {n}, O(n²) is fine and O(n³) is not."),
]
# A topic's approach that names its own complexity ("halve it each step: O(log n)") is not followed by a size-based
# target, which could contradict it (binary search was told "about n log n or better").
_NAMES_A_COMPLEXITY = re.compile(r"\bO\((?!1\))")  # a total such as O(log n), not "O(1) per element"
# Topics that only say what the data is; a more specific one beside them says how to solve it ("fast and slow" for
# the middle of a list, not the generic list hint every list problem got).
_BROAD_TOPICS = frozenset({"arrays", "strings", "linked list", "tree", "graph", "grid", "math", "recursion"})


def _size_bound(constraints: str) -> int | None:
    found = [int(b) ** int(e) for b, e in re.findall(r"(\d+)\s*\^\s*(\d+)", constraints or "")]
    found += [int(n) for n in re.findall(r"<=\s*(\d{3,})", constraints or "")]
    return max(found) if found else None


def complexity_target(constraints: str) -> str:
    """A sentence on the complexity the input sizes demand ("" when the constraints give no size)."""
    bound = _size_bound(constraints)
    if bound is None:
        return ""
    for limit, text in _COMPLEXITY:
        if bound >= limit:
            return text.format(n=f"{bound:,}")
    return f"The inputs are small (up to {bound:,}): a straightforward approach fits, so aim for clear code."


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


def _main_topic(topics: list[str]) -> list[str]:
    """The known topics, the most specific first."""
    known = [t for t in topics if t in TOPIC_HINTS]
    return [t for t in known if t not in _BROAD_TOPICS] + [t for t in known if t in _BROAD_TOPICS]


def _signature(function_spec: dict, language: str) -> tuple[str, list[str]]:
    names = (function_spec or {}).get("name") or {}
    name = names.get(language) or next(iter(names.values()), "solve")
    params = [p.get("name", "?") for p in (function_spec or {}).get("params", []) if isinstance(p, dict)]
    return str(name), params


def graded_hints(*, title: str, topics: list[str], constraints: str, function_spec: dict,
                 language: str = "python", failing_test: str = "") -> list[str]:
    """Three hints from the problem's metadata: nudge, approach, steps in words (never code)."""
    known = _main_topic(topics)
    nudge, approach, steps = TOPIC_HINTS[known[0]] if known else GENERIC
    name, params = _signature(function_spec, language)
    inputs = ", ".join(f"`{p}`" for p in params) or "the input"
    level1 = nudge
    if failing_test:
        level1 = f"{nudge} Your last submission failed the test named \u201c{failing_test}\u201d: what is special " \
                 "about such an input?"
    also = f" Ideas from {' and '.join(known[1:3])} problems help here too." if len(known) > 1 else ""
    target = "" if _NAMES_A_COMPLEXITY.search(approach) else complexity_target(constraints)
    level2 = " ".join(part for part in (f"{approach}{also}", target) if part)
    level3 = (f"Outline for `{name}` ({inputs}): {steps}. Then check the edge cases ({_edge_cases(constraints)}) "
              "before you submit.")
    return [level1, level2, level3]


def problem_hints(problem, *, language: str = "python", failing_test: str = "") -> list[str]:
    """The three graded hints of a `Problem` (what the offline tutor answers with)."""
    return graded_hints(title=problem.title, topics=list(problem.topics or []), constraints=problem.constraints,
                        function_spec=problem.function_spec, language=language, failing_test=failing_test)


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
