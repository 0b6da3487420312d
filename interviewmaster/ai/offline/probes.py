"""Follow-up questions that steer a candidate towards a missing expected point without reading the rubric out.

An expected point is written for the grader ("Uses a canonical key per word: sorted letters or a 26-count
signature"). Said to the candidate it gives the answer away and reads badly ("You haven't touched on uses a canonical
key per word…"). Here a point becomes the question an interviewer would ask instead: what kind of thing is missing (the
cost, an alternative, the edge cases, a failure, a check, a part of the story) picks a question written for it;
otherwise the thing the point names (a hash map, a composite index, a mock: from a fixed vocabulary, so the question
stays grammatical) is the hint; failing that, what the point does (its leading verb) or its category. Deterministic:
the same point always gives the same question.
"""

from __future__ import annotations

import re
from typing import Any

VERIFY = "How would you check that it behaves the way you expect, and what would you look at?"
# What kind of thing a point asks for, tried in order; the first match gives the question. Matched on the point's text
# in lower case (EXPLAIN, the SQL command, is matched as written).
ASPECTS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\bo\s?\(|complexity|\blinear\b|log n|logarithmic|quadratic|constant (?:time|space)"),
     "How does the running time of your approach grow with the input, and how much extra memory does it need?"),
    (re.compile(r"alternative|brute[- ]force|\bvariant|instead of|rather than|\bcompares?\b|versus|\bvs\.?\b"),
     "What other way could you solve this, and why would you pick one over the other?"),
    (re.compile(r"edge case|no[- ]solution|\bempty\b|duplicate|\bnull|\bnone\b|invalid|boundar|overflow|negative|"
                r"\bhandles\b|mismatch"),
     "Which inputs could trip your approach up, and what should it do with them?"),
    (re.compile(r"\bfail|retr(?:y|ies)|roll ?back|fallback|dead-letter|timeout|outage|crash"),
     "What happens when part of this fails, and how would you recover?"),
    (re.compile(r"\bmeasur|monitor|metric|verif|reproduc|profil|benchmark|query plan|\btests?\b|\balert"), VERIFY),
    (re.compile(r"trade-?off|downside|\bcosts?\b"),
     "What does that choice cost you, and when would you accept the cost?"),
)
EXPLAIN_COMMAND = re.compile(r"\bEXPLAIN\b")

# A behavioural point names a part of the story; the question asks for that part in the candidate's own terms.
STORY: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\bresult|outcome|measurable"), "How did it turn out? Is there something you could put a number on?"),
    (re.compile(r"situation|context|stakes"),
     "Can you set the scene: which project was it, who was involved and what was at stake?"),
    (re.compile(r"\btask\b|responsib|\brole\b"), "What exactly was your own part in it?"),
    (re.compile(r"\bactions?\b|personally|'i'"), "What did you do yourself, step by step?"),
    (re.compile(r"matter|impact|\bwhy\b"), "Why did it matter, and to whom?"),
    (re.compile(r"learn|differently|since then|afterwards|change"),
     "What did you take away from it, and what do you do differently now?"),
)
STORY_DEFAULT = "Can you walk me through a concrete moment from that, in your own words?"

# Things a point may name, as the hint says them (article included, so the question is grammatical). Only these are
# named: a keyword can be a verb, an adjective or half the answer ("O(n)", "before inserting"), and a hint built from
# it read as nonsense ("How could a reverse help here?"). Words with a second everyday meaning ("set", "index",
# "channel") are left out. A point naming none of them is asked about by its leading verb or its category.
TERMS: dict[str, str] = {
    # data structures and algorithms
    "hash map": "a hash map", "hashmap": "a hash map", "dictionary": "a dictionary", "hash set": "a hash set",
    "stack": "a stack", "queue": "a queue", "deque": "a deque", "heap": "a heap",
    "min-heap": "a min-heap", "max-heap": "a max-heap", "priority queue": "a priority queue",
    "linked list": "a linked list", "doubly linked list": "a doubly linked list", "trie": "a trie",
    "binary tree": "a binary tree", "graph": "a graph", "directed graph": "a directed graph",
    "canonical key": "a canonical key", "counter": "a counter", "bitmask": "a bitmask", "sentinel": "a sentinel",
    "binary search": "binary search", "two pointers": "two pointers", "sliding window": "a sliding window",
    "prefix sum": "a prefix sum", "recursion": "recursion", "memoisation": "memoisation",
    "memoization": "memoization", "dynamic programming": "dynamic programming", "topological order":
    "a topological order", "topological sort": "a topological sort", "bfs": "breadth-first search",
    "breadth-first search": "breadth-first search", "dfs": "depth-first search",
    "depth-first search": "depth-first search", "kadane": "Kadane's algorithm", "bucket sort": "bucket sort",
    "union-find": "union-find", "greedy": "a greedy choice",
    # data and storage
    "composite index": "a composite index", "covering index": "a covering index",
    "b-tree": "a B-tree", "query plan": "the query plan", "join": "a join", "inner join": "an inner join",
    "left join": "a left join", "anti-join": "an anti-join", "window function": "a window function",
    "transaction": "a transaction", "isolation level": "the isolation level", "snapshot": "a snapshot",
    "shard key": "a shard key", "read replica": "a read replica", "replica": "a replica",
    "partition key": "a partition key", "surrogate key": "a surrogate key", "unique constraint":
    "a unique constraint", "keyset pagination": "keyset pagination", "cursor": "a cursor",
    "foreign key": "a foreign key", "materialized view": "a materialized view", "materialised view":
    "a materialised view",
    # systems
    "cache": "a cache", "cdn": "a CDN", "load balancer": "a load balancer", "message queue": "a message queue",
    "dead-letter queue": "a dead-letter queue", "idempotency key": "an idempotency key",
    "token bucket": "a token bucket", "rate limiter": "a rate limiter", "circuit breaker": "a circuit breaker",
    "feature flag": "a feature flag", "lock": "a lock", "mutex": "a mutex", "semaphore": "a semaphore",
    "condition variable": "a condition variable", "consistent hashing": "consistent hashing",
    "base62": "base62 encoding", "websocket": "a websocket", "heartbeat": "a heartbeat",
    "event loop": "the event loop", "thread pool": "a thread pool", "backoff": "backoff",
    # languages and runtimes
    "generator": "a generator", "iterator": "an iterator", "decorator": "a decorator",
    "context manager": "a context manager", "closure": "a closure", "coroutine": "a coroutine",
    "gil": "the GIL", "garbage collector": "the garbage collector", "reference counting": "reference counting",
    "promise": "a promise", "interface": "an interface", "virtual dom": "the virtual DOM",
    # testing and machine learning
    "mock": "a mock", "stub": "a stub", "fake": "a fake", "contract test": "a contract test",
    "fixture": "a fixture", "regularisation": "regularisation", "regularization": "regularization",
    "cross-validation": "cross-validation", "learning curve": "a learning curve", "precision": "precision",
    "recall": "recall", "threshold": "a threshold", "class weights": "class weights", "baseline": "a baseline",
    "early stopping": "early stopping", "dropout": "dropout", "confusion matrix": "a confusion matrix",
    "feature store": "a feature store", "load test": "a load test", "regression test": "a regression test",
    "git bisect": "git bisect", "kill switch": "a kill switch", "staged rollout": "a staged rollout",
    "connection pool": "the connection pool", "worker pool": "a worker pool", "type guard": "a type guard",
    "discriminated union": "a discriminated union", "mapped type": "a mapped type", "circular buffer":
    "a circular buffer", "ring buffer": "a ring buffer", "staging table": "a staging table", "upsert": "an upsert",
    "tie-breaker": "a tie-breaker", "frequency map": "a frequency map", "natural key": "a natural key",
    "event id": "an event id", "preflight": "the preflight request", "graceful shutdown": "a graceful shutdown",
    "row-level security": "row-level security", "write skew": "write skew", "lost update": "a lost update",
    "eviction": "eviction", "ttl": "a TTL", "lru": "an LRU policy", "statistics": "the planner's statistics",
    "context cancellation": "context cancellation", "waitgroup": "a WaitGroup",
    "transpose": "a transpose", "diagonal": "the diagonal", "base case": "a base case",
}
_TERM_PATTERNS = [(re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])"), term) for term in TERMS]
TERM_QUESTION = {
    "coding": "How could {term} help here, and where would it fit in your approach?",
}
TERM_QUESTION_DEFAULT = "How does {term} come into this, and what exactly does it do here?"
# A point that names nothing known: what it does (its leading verb) picks the question.
VERB_QUESTIONS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^prints?\b"), "What exactly does it print, step by step, and why?"),
    (re.compile(r"^(?:checks?|validates?|confirms?)\b"),
     "What do you check at each step, and what happens when the check does not hold?"),
    (re.compile(r"^(?:returns?|falls back|outputs?|yields?|appends?)\b"),
     "What exactly comes out at the end, including in the cases where nothing matches?"),
    (re.compile(r"^(?:tracks?|keeps?|stores?|maintains?|records?|remembers?)\b"),
     "What do you need to remember as you go, and why is that enough?"),
    (re.compile(r"^(?:sorts?|orders?|ranks?)\b"),
     "Does the order in which you handle the input matter here, and how would you arrange it?"),
    (re.compile(r"^(?:fix|fixes|repairs?|prevents?|avoids?)\b"),
     "How would you fix it so that it cannot come back?"),
    (re.compile(r"^(?:uses?|picks?|chooses?|applies|combines?|generates?|models?|treats?|splits?)\b"),
     "Which tool or technique would you reach for here, and why that one?"),
)
# The last resort, per category: one layer deeper on what the question is about.
CATEGORY_QUESTIONS = {
    "coding": "Can you walk me through the key step of your approach, and why it works?",
    "databases": "What does the database actually do there, and why does that matter for your answer?",
    "debugging": "What would you suspect first, and what evidence would confirm or rule it out?",
    "language_knowledge": "What is the language doing there under the hood, and why does it behave that way?",
    "ml_concepts": "What is going on in the data or the model there, and how would you tell?",
    "testing": "Which cases would your tests cover there, and why those?",
    "system_design": "Which part of your design takes care of that, and how does it work?",
}
NO_TERM_QUESTION = "Can you go one level deeper there and explain why it works that way?"
HINT_OPENING = "Let's take it one step at a time."


def point_text(point: Any) -> str:
    """The text of an expected point, given as {point, keywords} (the bank) or as plain text (a plan)."""
    return str(point.get("point", "")) if isinstance(point, dict) else str(point or "")


def _point_parts(point: Any) -> tuple[str, list[str]]:
    keywords = (point.get("keywords") or []) if isinstance(point, dict) else []
    return point_text(point), [str(k) for k in keywords]


def _term_in(text: str) -> str | None:
    """The known thing `text` names first (the longest at one place: "doubly linked list" over "linked list")."""
    lower = text.lower()
    found = [(m.start(), -len(term), term) for pattern, term in _TERM_PATTERNS if (m := pattern.search(lower))]
    return TERMS[min(found)[2]] if found else None


def _term(text: str, keywords: list[str]) -> str | None:
    return _term_in(text) or next((t for t in map(_term_in, keywords) if t), None)


def _aspect_question(text: str, category: str) -> str | None:
    lower = text.lower()
    if category == "behavioral":
        return next((question for pattern, question in STORY if pattern.search(lower)), STORY_DEFAULT)
    if EXPLAIN_COMMAND.search(text):
        return VERIFY
    return next((question for pattern, question in ASPECTS if pattern.search(lower)), None)


def probe(point: Any, *, category: str = "") -> str:
    """The question that points the candidate at `point` (a bank point {point, keywords} or plain text) without
    quoting it."""
    text, keywords = _point_parts(point)
    question = _aspect_question(text, category)
    if question:
        return question
    term = _term(text, keywords)
    if term:
        return TERM_QUESTION.get(category, TERM_QUESTION_DEFAULT).format(term=term)
    lower = text.strip().lower()
    by_verb = next((question for pattern, question in VERB_QUESTIONS if pattern.search(lower)), None)
    return by_verb or CATEGORY_QUESTIONS.get(category, NO_TERM_QUESTION)


# The questions `probe` falls back to when a point names no aspect and no known thing: right for a follow-up, which
# must not read the rubric out, but as an asked-for hint they said nothing about the question ("What is the language
# doing there under the hood…?" was the hint on 52 of the bank's points, "there" pointing at nothing).
GENERIC_QUESTIONS = frozenset({*CATEGORY_QUESTIONS.values(), NO_TERM_QUESTION, STORY_DEFAULT,
                               *(question for _, question in VERB_QUESTIONS)})
_NUDGE_WORD = re.compile(r"[A-Za-z][A-Za-z' -]{3,40}")  # a word or a short phrase, not a symbol or a snippet ("-1")


def _nudge(point: Any) -> str | None:
    """The first of the point's keywords that reads as a word or phrase and does not earn the point by itself (the
    grader's reading of "I would think about <keyword>."): the smallest push towards it, short of it. A keyword of
    single letters is an answer, not a word ("A D C B" is the output asked for, "K extends keyof T" the code)."""
    from interviewmaster.ai.grading import read

    keywords = point.get("keywords") or [] if isinstance(point, dict) else []
    for keyword in (k.strip() for k in keywords if isinstance(k, str)):
        if not _NUDGE_WORD.fullmatch(keyword) or any(len(w) < 2 for w in re.split(r"[ -]+", keyword) if w):
            continue
        if not read(f"I would think about {keyword}.", "", [point]).covered:
            return keyword
    return None


def hint(point: Any | None, *, category: str = "") -> str:
    """The gentle nudge for a candidate who is stuck (a very short answer, "I don't know", "I need a hint"): the
    question `probe` asks about the point, or, where that is only a generic one, the point's first keyword to think
    about (a hint is asked for: it may name the thing, never the point itself)."""
    if point is None:
        return f"{HINT_OPENING} What is the first thing you would try?"
    question = probe(point, category=category)
    keyword = _nudge(point) if question in GENERIC_QUESTIONS else None
    if keyword:
        where = "your story" if category == "behavioral" else "your answer"
        return f"{HINT_OPENING} Think about \u201c{keyword}\u201d: how does that come into {where}?"
    return f"{HINT_OPENING} {question}"


# Words of something going wrong in a running system: a follow-up naming one asks how the failure is found.
FAILURE_WORDS = (r"deadlocks?|corrupt(?:ed|ion)?|regressions?|leak(?:s|ing)?|outages?|failover|production|incidents?|"
                 r"crash(?:es|ed)?|bugs?|bottlenecks?|latency|fail(?:s|ed|ing|ures?)?|broken|errors?|degrad(?:es|ed)")


# Asked-for hints on a follow-up, by what the follow-up asks (the follow-ups `followups` asks itself, and their kind
# in a provider's words). A hint on "What is the time and space complexity of your solution?" was the parent
# question's ("How could dynamic programming help here…?"): it led to the parent's answer and did not help with the
# question asked. Each step says how to work the answer out, never the answer (no Big-O, no structure to use).
FOLLOW_UP_TOPICS: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = (
    # "Runtime" is two words: the running time ("What's the runtime?", "the runtime here", "your runtime", "the
    # worst-case runtime", "How does the runtime scale…?") is a cost; the language's runtime system ("in the runtime or
    # the compiler", "What does the runtime do when memory runs low?") is under the hood, and "at runtime" (as opposed
    # to compile time: "What if k changes at runtime?") asks about neither. Read alone, either way was wrong.
    (re.compile(r"complexity|big[- ]?o\b|\bhow (?:fast|slow)\b|running time|\bruntime of\b|"
                r"\btime and space\b|\bspace and time\b|\bworst case\b|"
                r"(?<!\bin )(?<!\bby )(?<!\bto )(?<!\bor )(?<!from )(?<!side )\bthe runtime(?:\s*[?,]|\s*$| (?:"
                r"here|for|of|scales?|grows?|changes? with|be|in (?:the (?:worst|best|average)|terms)|complexity|now|"
                r"down|and (?:space|memory (?:use|usage)))\b)|"
                r"\b(?:your|its|(?:solution|approach|algorithm|code|function|method|program|query|loop)['\u2019]s) "
                r"(?:(?:overall|total|new) )?runtime\b|"
                r"\b(?:(?:worst|best|average)[- ]case|average|expected|amortized|asymptotic|overall|total|linear|"
                r"quadratic|logarithmic|exponential|better|faster|lower|o\([^()]{1,20}\)) runtime\b|"
                r"\b(?:improve|reduce|lower|cut|speed up|bring down) (?:the |your |its )?runtime\b|"
                r"\bruntime (?:complexity|analysis|scales|grows|in the (?:worst|best|average))\b"),
     ("Count the work first: how many times does your approach visit each item of the input, and what does each "
      "visit cost?",
      "Now the memory: besides the input itself, what does your approach keep while it runs (a table, a set, a "
      "copy, the call stack), and how large can that grow?",
      "Say both for the worst input: the one that makes your loops run longest or your recursion go deepest.")),
    # Memory alone ("How much memory does it use?", a complexity question to the grader: evaluation.asks_complexity).
    (re.compile(r"how much (?:extra )?(?:memory|space)\b|\bextra memory\b|\bmemory (?:use|usage|footprint)\b"),
     ("Count the memory: besides the input itself, what does your approach keep while it runs (a table, a set, a "
      "copy, the call stack), and how large can that grow?",
      "Say it for the worst input: the one that makes what you keep largest or your recursion go deepest.")),
    # Before the failure entry, whose "detect" is a signal that something went wrong ("How would you detect that this
    # model degrades…?"): "How would you detect a cycle in this list?" asks for an algorithm on the data, a property of
    # the list, graph or string itself, and had the failure steps (session 34). A failure named anywhere wins ("detect a
    # deadlock caused by a cycle of locks in production", "the memory leak in the graph service"), and the data must
    # end the phrase ("in the list of logs", "in the tree of replicas" are things in production, not the input).
    (re.compile(rf"^(?!.*\b(?:{FAILURE_WORDS})\b)(?:.*\b(?:detect|find|spot|check (?:for|whether|if)|tell "
                r"(?:whether|if))\b[^?.!]{0,40}?\bcycles?\b|"
                r".*\b(?:detect|find|spot)\b[^?.!]{0,40}?\bin (?:this|the|a|your|each) (?:(?:linked|directed|"
                r"undirected|binary) )?(?:list|array|graph|tree|string|grid|matrix|sequence)s?\s*(?:[?.!,;]|$))"),
     ("Draw a small example and follow it by hand: at which step could you first tell, and what told you?",
      "What would you have to remember as you go to notice it, and could you manage with less?",
      "Say your steps in order, then how many times each part of the input is visited.")),
    # Before the scale entry: "Which component fails first at ten times the traffic, and how would you find out?"
    # asks what fails and how you would know, which these steps are written for (the scale ones speak of an
    # approach and its input).
    # "How would you find out which step is slow?" too, but not "How would you find out which features matter?".
    (re.compile(r"fails? first|and how would you find out|detect|degrades|prevent this|tests still miss|"
                r"would break|\b(?:find out|figure out|work out|tell|know|track down|pin down) (?:which|where|what|why)"
                r"\b[^?.!]{0,60}?\b(?:slow(?:est)?|bottleneck|fail(?:s|ing)?|break(?:s|ing)?|wrong|leak(?:s|ing)?)\b"),
     ("Think about the part that carries the most load or changes most often: what goes wrong there first?",
      "What signal (a metric, a log line, a failing check) would tell you, and how soon?")),
    (re.compile(r"times (?:larger|bigger|more)|tenfold|ten times|\bstream|\bat scale\b|\bscale\b|"
                r"\bfits? in(?:to)? memory\b|too (?:big|large) for memory"),
     ("Find the part of your approach whose work or memory grows with the input: which of the two runs out first?",
      "Picture the input arriving a piece at a time: what would you have to keep from the pieces already seen?",
      "Say what you would change first, and what that change would cost you.")),
    (re.compile(r"measurable result|make (?:that|it) concrete|concrete example"),
     ("Pick one real occasion: when was it, and what was at stake?",
      "Finish the story with what changed because of it: a number, a date, or what someone said afterwards.")),
    (re.compile(r"personally|as opposed to the team|your own part|your role"),
     ("Take one decision or task that was yours alone: what did you do, step by step?",
      "Tell it with \u201cI\u201d rather than \u201cwe\u201d: what would not have happened without you?")),
    (re.compile(r"does not hold|doesn't hold|where that (?:breaks|fails)|a case where"),
     ("Think of an unusual input, a heavy load or a failure nearby: does what you said still hold there?",
      "Where it does not hold, what would you do instead, and what would that cost?")),
    # After the complexity entry, which takes the running time ("What's the runtime?"): the runtime system.
    (re.compile(r"under the hood|\bthe runtime\b|the compiler|\bruntime (?:system|environment)\b|"
                r"\b(?:python|java|javascript|go|node|jvm|\.net|language)(?:['\u2019]s)? runtime\b"),
     ("Follow one line of your answer as the program runs it: what is created, copied or looked up, and when?",)),
)
FOLLOW_UP_DEFAULT = ("Answer just what this follow-up asks, about the solution you already gave: pick out its one "
                     "question and answer that first, in a sentence or two.")
_CONTENT_STEM = re.compile(r"[a-z]{4,}")


def _shared_stems(text: str, prompt_stems: set[str]) -> set[str]:
    from interviewmaster.ai.offline.reading import STOPWORDS
    from interviewmaster.ai.offline.text import stems

    return {s for s in stems(text) & prompt_stems if _CONTENT_STEM.fullmatch(s) and s not in STOPWORDS}


def _names_a_keyword(text: str, points: list | tuple, prompt: str) -> bool:
    """Whether `text` names one of the points' keywords that the follow-up `prompt` does not name itself."""
    lower, asked = text.lower(), (prompt or "").lower()
    for point in points:
        for keyword in _point_parts(point)[1]:
            word = re.compile(r"(?<!\w)" + re.escape(keyword.strip().lower()) + r"(?!\w)")
            if keyword.strip() and word.search(lower) and not word.search(asked):
                return True
    return False


def follow_up_hints(prompt: str, *, points: list | tuple = (), category: str = "",
                    parent_prompt: str = "") -> list[str]:
    """The ladder of asked-for hints on a follow-up whose question is `prompt`: steps on what the follow-up asks
    (complexity: how to count the work, what extra memory is kept), or else the questions `probe` asks about the
    parent's points the follow-up asks about (sharing a word with it that the parent question, `parent_prompt`, does
    not use: on coin change "What happens when the amount cannot be made?" was hinted with dynamic programming, then
    complexity, both through "amount"), then a line that keeps to the follow-up. Never
    a hint on the parent's other points (that leads to the parent's answer, not this one), and never one that names
    a keyword of the points the follow-up does not name itself: on a follow-up the keyword is the answer asked for
    (the engine's own "What exactly does it print…?" was hinted with "Think about “ADCB”", the output).
    Deterministic."""
    from interviewmaster.ai.offline.text import stems

    lower = (prompt or "").lower()
    for pattern, steps in FOLLOW_UP_TOPICS:
        if pattern.search(lower):
            return [f"{HINT_OPENING} {step}" for step in steps]
    prompt_stems = stems(prompt or "") - stems(parent_prompt or "")
    ladder = []
    for point in points:
        text, keywords = _point_parts(point)
        if not _shared_stems(" ".join([text, *keywords]), prompt_stems):
            continue
        question = probe(point, category=category)
        if question in GENERIC_QUESTIONS or question.strip() == (prompt or "").strip():
            continue  # says nothing the follow-up does not, or is the follow-up itself
        if _names_a_keyword(question, points, prompt):
            continue
        ladder.append(f"{HINT_OPENING} {question}")
    return [*dict.fromkeys(ladder), f"{HINT_OPENING} {FOLLOW_UP_DEFAULT}"]
