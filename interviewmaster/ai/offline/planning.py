"""Offline question-level interview plans and their critique (the planning app's controller and critique agents).

When the inputs carry `slots` (build) or a plan with `questions` (critique) the engine works per question; otherwise it
answers with the section-level plan of `writing` (older callers). Everything is deterministic and reads only the
structured inputs: job descriptions and resumes are data, never instructions.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from interviewmaster.ai.offline import knowledge, writing
from interviewmaster.ai.offline.text import words
from interviewmaster.figures import with_article

TEMPLATES = {
    "coding": ("Using {skill}, write and explain a small function you would ship for this role: what it does, how "
               "you test it and its time and space complexity.",
               ["Working, readable code", "Edge cases handled", "Complexity stated in Big-O", "How it is tested"]),
    "system_design": ("Design a service for this position that relies on {skill}: requirements, components, data flow "
                      "and the trade-offs {skill} forces on you.",
                      ["Clarifies requirements and scale", "Components and data flow", "Trade-offs of {skill} named",
                       "Failure handling"]),
    "behavioral": ("Tell me about a time a project that depended on {skill} went wrong: what was your part, what did "
                   "you do and what was the result?",
                   ["Concrete situation and task", "Own actions", "Measurable result", "What was learnt"]),
    "language_knowledge": ("Explain how {skill} handles memory, errors and concurrency, and describe a pitfall you "
                           "have met in production.",
                           ["Runtime or memory model", "Error handling", "Concurrency model", "A real pitfall"]),
    "debugging": ("A production service built on {skill} became slow after a release. Walk me through how you find "
                  "and fix the cause.",
                  ["Reproduces and measures first", "Uses logs, metrics or traces", "Bisects to the change",
                   "Adds a regression test"]),
    "databases": ("How would you model, index and query the data of a feature built on {skill}? Explain the "
                  "transactions it needs.",
                  ["Schema and keys", "Indexes chosen for the queries", "Transaction boundaries", "Consistency risks"]),
    "testing": ("How do you test code that depends on {skill}? Which tests are unit tests, which integration tests, "
                "and why?",
                ["Test pyramid reasoning", "Isolating {skill} where useful", "Reliable automation",
                 "What not to mock"]),
    "ml_concepts": ("How would you evaluate and ship a model that uses {skill}? Name the metrics and the production "
                    "risks.",
                    ["Offline metrics chosen for the goal", "Validation without leakage", "Monitoring drift",
                     "Rollback plan"]),
}
# Questions written for a skill, by (question category, the skill's kind in the taxonomy): a concrete task with
# points an interviewer can check, used before the general template of the category above. A plan never holds two
# near-identical prompts: the picker takes the first of these (then the template, then the category's generic
# questions) that is unlike every question already in the plan.
SKILL_TEMPLATES: dict[tuple[str, str], list[tuple[str, list[str]]]] = {
    ("coding", "languages"): [(
        "In {skill}, write a function that merges overlapping intervals, e.g. [(1, 3), (2, 6), (8, 10)] becomes "
        "[(1, 6), (8, 10)]. Explain its complexity and the tests you would write.",
        ["Sorts by start, then merges in a single pass", "Returns [(1, 6), (8, 10)] for the example",
         "O(n log n) time for the sort, O(n) extra space", "Handles empty input and touching intervals (1, 2), (2, 3)",
         "Tests for a single interval, nested and unsorted input"])],
    ("coding", "backend"): [(
        "Using {skill}, write the endpoint that returns the signed-in user's 20 most recent orders as JSON, with "
        "pagination. Show the code and how you test it.",
        ["Filters by the signed-in user: never another user's orders", "Orders newest first and limits the page to 20",
         "Loads related rows in one or two queries, not one per order (no N+1)",
         "Pagination by cursor or page number, stable under new orders",
         "A test that another user's orders are not returned"])],
    ("coding", "frontend"): [(
        "Using {skill}, build a search box that queries an API as the user types. Show the code that debounces the "
        "requests and ignores out-of-order responses.",
        ["Debounces input (e.g. 300 ms) before calling the API", "Drops or aborts stale responses",
         "Shows loading, empty and error states", "Accessible label and keyboard use", "A test with a mocked API"])],
    ("databases", "databases"): [(
        "In {skill}, a table orders(id, customer_id, status, created_at) is queried by customer and date range and "
        "now takes seconds. Which index do you add, how do you check it is used, and what does it cost writes?",
        ["A composite index on (customer_id, created_at), equality column first",
         "Reads the plan with EXPLAIN (ANALYZE) before and after", "Names the write and storage cost of the index",
         "Creates it without blocking writes (e.g. CREATE INDEX CONCURRENTLY in PostgreSQL)"])],
    ("coding", "data"): [(
        "In {language}, write the {skill} consumer that applies order events to the database exactly once, although "
        "{skill} may deliver a message twice or again after a restart. Show the code and how you test it.",
        ["Dedupes by event id (a processed-events table or a unique key) in the same transaction as the write",
         "Commits the offset only after the write succeeded", "A redelivered message has no second effect",
         "Poison messages go to a dead-letter topic instead of blocking the partition",
         "A test that delivers the same event twice"])],
    ("system_design", "data"): [(
        "Design an order pipeline where the checkout publishes events through {skill} and three services consume "
        "them. How do you keep each consumer correct when messages are duplicated, delayed or out of order?",
        ["Partitioning key chosen so one order's events stay in order", "Idempotent consumers (dedupe by event id)",
         "At-least-once delivery and where offsets are committed", "Dead-letter handling and replay",
         "Lag monitoring and back-pressure"])],
    ("system_design", "backend"): [(
        "Design a {skill} service that lets customers upload invoices (PDF, up to 20 MB) and see them processed "
        "within a minute. Cover storage, background work and failures.",
        ["Uploads go to object storage, not the database", "Processing runs in a queue of background workers",
         "Retries with idempotency so an invoice is not processed twice", "Status the customer can poll or be pushed",
         "Limits on size and rate per customer"])],
}
# A question of the version sent back made harder when the bank has no question on its topic at the new level: the
# same question with concrete extra requirements (and points to check them), never a vaguer one. Two per category,
# so a question made harder twice gets the second.
HARDER: dict[str, list[tuple[str, list[str]]]] = {
    "coding": [("Then make it harder: the input arrives as a stream too large to hold in memory. Change the code so it "
                "works in one pass with bounded memory, and state the new time and memory complexity.",
                ["Processes the input in one pass with bounded memory", "States the new time and memory complexity",
                 "A test for input larger than memory (a generator, not a list)"]),
               ("Then make it harder: the function is called from several threads at once on shared state. Make it "
                "safe without serialising every call, and show the test that proves it.",
                ["Protects shared state (a lock, or no shared state at all)", "Keeps unrelated calls concurrent",
                 "A test that runs the calls concurrently"])],
    "system_design": [("Then make it harder: traffic grows tenfold and one region can fail at any time. Show what "
                       "changes in the design and what it costs.",
                       ["Scales the bottleneck component horizontally", "Survives a region failure (replication, "
                        "failover)", "Names the consistency trade-off of the change", "Estimates the added cost"])],
    "databases": [("Then make it harder: the table now holds a billion rows and takes thousands of writes a second. "
                   "What changes, and how do you roll the change out without downtime?",
                   ["Partitioning chosen for the query", "The write cost of indexes at that rate",
                    "An online migration that does not lock the table", "How the change is verified in production"])],
    "behavioral": [("Go deeper: which decision did you take alone with incomplete information, what would have "
                    "happened had you been wrong, and what did you change in how the team works afterwards?",
                    ["A decision taken with incomplete information", "Weighs the cost of being wrong",
                     "A lasting change to the team's practice", "Evidence the change worked"])],
}
MAX_PROMPT = 2000
HARDER_ANY = [("Then make it harder: answer it for a system ten times larger that must keep working when one of its "
               "parts fails, and say which trade-off you accept and why.",
               ["Reasons about scale explicitly", "Handles the failure of a part", "Names and justifies a trade-off"])]
# The general templates with no concrete task in them (the coding one sets no problem at all; a design brief is open
# by nature): the critique flags a question written from one.
VAGUE_TEMPLATES = ("coding",)
# When no skill is left to cover, a slot gets a question about the category itself.
GENERIC = {
    "coding": ["Write a function that merges overlapping time intervals, explain its complexity and how you test it.",
               "Implement a rate limiter that allows N requests per minute per user; discuss its memory use.",
               "Write a function that finds the first non-repeating character in a stream of characters.",
               "Implement an LRU cache and explain the cost of each operation."],
    "system_design": ["Design a notification service that sends emails and push messages to millions of users.",
                      "Design a URL shortener with analytics: storage, redirects at scale and abuse handling.",
                      "Design the backend of a collaborative document editor: consistency, storage, presence.",
                      "Design a job queue with retries, priorities and at-least-once delivery."],
    "behavioral": ["Tell me about a project you owned that went wrong: what was your part, what did you do and what "
                   "was the result?",
                   "Describe a disagreement with a colleague about a technical decision and how it was resolved.",
                   "Tell me about a time you had to deliver under a tight deadline: what did you cut and why?",
                   "Describe feedback you received that changed how you work, and what changed."],
    "language_knowledge": ["Explain how your main language manages memory and what that means for a long-running "
                           "service.",
                           "How does your main language handle concurrency, and when would you avoid threads?",
                           "Explain how errors propagate in your main language and how you design for them.",
                           "Which feature of your main language is most often misused, and how?"],
    "debugging": ["An endpoint became ten times slower after a release. Walk me through finding and fixing the cause.",
                  "A test fails once in fifty runs on CI only. How do you find out why?",
                  "Memory of a service grows until it is restarted every night. How do you track the leak down?",
                  "Users report wrong totals that you cannot reproduce. How do you investigate?"],
    "databases": ["Design the tables and indexes for an order history that customers filter by date and status.",
                  "Two requests update the same account balance at once. How do you keep it correct?",
                  "A query that was fast last month now takes seconds. How do you find out why and fix it?",
                  "When would you denormalise a schema, and what do you pay for it?"],
    "testing": ["How would you test a payment flow end to end without charging real cards?",
                "Which tests would you write first for a new REST endpoint, and why those?",
                "How do you keep a large test suite fast and reliable?",
                "How do you test code that depends on the current time or randomness?"],
    "ml_concepts": ["How do you know a model that scores well offline will work in production?",
                    "Explain overfitting with an example and three ways you would reduce it.",
                    "How would you choose a metric for an imbalanced classification problem?",
                    "How do you detect and respond to data drift after deployment?"],
}
# Taxonomy skill categories that fit a question category best (resumes/data/skills.json).
SKILL_FIT = {
    "databases": {"databases", "data"},
    "coding": {"languages", "backend", "frontend", "mobile"},
    "language_knowledge": {"languages", "backend", "frontend"},
    "system_design": {"cloud", "devops", "architecture", "databases", "data", "security"},
    "testing": {"testing"},
    "ml_concepts": {"ml", "data"},
    "debugging": {"devops", "tools", "languages", "backend"},
    "behavioral": {"soft_skills", "methodologies"},
}
FOLLOW_UPS = {
    "coding": ["What changes if the input is ten times larger?", "Which edge case worried you most?"],
    "system_design": ["Where does this design fail first under load?", "What would you build first?"],
    "behavioral": ["What would you do differently now?", "How did you measure the result?"],
}
GENERIC_FOLLOW_UPS = ["Can you give a concrete example from your work?", "What trade-off did you accept, and why?"]

# Questions an interviewer must not ask: protected characteristics (age, family, origin, health).
BIAS_PATTERNS = {
    "age": re.compile(r"\b(how old|your age|age\b|year of birth|date of birth|born in (19|20)\d\d|when (do|will) "
                      r"you retire|too old|too young)", re.I),
    "family": re.compile(r"\b(married|marital|spouse|husband|wife|girlfriend|boyfriend|children|kids|pregnan\w*|"
                         r"family plans|maternity|paternity|childcare|start a family)\b", re.I),
    "origin": re.compile(r"\b(where are you (really |originally )?from|nationality|citizenship|native (language|"
                         r"country|speaker)|ethnic\w*|religio\w*|country of origin|immigra\w*|mother tongue|"
                         r"race\b(?! condition))", re.I),
    "health": re.compile(r"\b(disabilit\w*|disabled|illness|medical (history|condition)|health (condition|problems?|"
                         r"issues?)|sick (days|leave)|medication|mental health|chronic)\b", re.I),
}
DIFFICULTY_ORDER = ["easy", "medium", "hard"]


def _skill_names(items: Any) -> list[dict[str, Any]]:
    out = []
    for item in items or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.append({"id": item["id"], "name": str(item.get("name") or item["id"]),
                        "category": str(item.get("category") or ""),
                        "aliases": [str(a) for a in item.get("aliases") or [] if isinstance(a, str)][:20]})
        elif isinstance(item, str):
            out.append({"id": item, "name": item})
    return out


def _norm(text: str) -> str:
    return " ".join(words(str(text).lower()))


def _similar(a: str, b: str) -> bool:
    ta, tb = set(words(a.lower())), set(words(b.lower()))
    if not ta or not tb:
        return False
    return len(ta & tb) / len(ta | tb) >= 0.6


def _skill_queue(inputs: dict[str, Any]) -> list[dict[str, str]]:
    """Required skills first (the candidate's weak or unverified ones before the rest), then preferred and nice-to-have
    skills the expert taught us to like."""
    required = _skill_names(inputs.get("required_skills"))
    candidate = inputs.get("candidate_skills") or {}
    shaky = {s for key in ("weak", "unverified") for s in candidate.get(key) or [] if isinstance(s, str)}
    required.sort(key=lambda s: (s["id"] not in shaky,))
    preferred = _skill_names(inputs.get("prefer_skills"))
    nice = _skill_names(inputs.get("nice_to_have_skills"))
    queue, seen = [], set()
    for skill in required + preferred + nice:
        if skill["id"] not in seen:
            seen.add(skill["id"])
            queue.append(skill)
    return queue


def _covers(question: dict[str, Any], skill: dict[str, Any]) -> bool:
    names = {skill["id"], *(skill.get("aliases") or [])}
    if question.get("skill") == skill["id"] or names & set(question.get("tags") or []):
        return True
    text = " " + _norm(question.get("prompt", "")) + " "
    return any(f" {_norm(n)} " in text for n in (skill["name"], *names) if _norm(n))


def _templates_for(category: str, skill: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return SKILL_TEMPLATES.get((category, skill.get("category") or ""), []) + [
        TEMPLATES.get(category, TEMPLATES["coding"])]


def _inline_question(category: str, difficulty: str, skill: dict[str, str], why: str,
                     template: tuple[str, list[str]] | None = None, language: str = "") -> dict[str, Any]:
    """A question written from `template` for `skill`; `language`: the one the expert asked it in ("… in Python")."""
    prompt, points = template or TEMPLATES.get(category, TEMPLATES["coding"])
    if language and "{language}" not in prompt:
        prompt += " Write it in {language}."
    prompt = prompt.format(skill=skill["name"], language=language or "the language you know best")
    return {"question_id": None, "prompt": prompt, "category": category,
            "difficulty": difficulty, "skill": skill["id"], "why": why,
            "expected_points": [p.format(skill=skill["name"]) for p in points],
            "follow_up_ideas": FOLLOW_UPS.get(category, GENERIC_FOLLOW_UPS),
            "minutes": knowledge.minutes_per_question(difficulty)}


def _bank_question(q: dict[str, Any], skill: dict[str, str] | None, why: str) -> dict[str, Any]:
    points = [p.get("point") if isinstance(p, dict) else str(p) for p in q.get("expected_points") or []]
    return {"question_id": q.get("id"), "prompt": q.get("prompt", ""), "category": q.get("category"),
            "difficulty": q.get("difficulty"), "skill": skill["id"] if skill else (q.get("tags") or [""])[0],
            "why": why, "expected_points": [p for p in points if p][:10] or ["A clear, correct answer"],
            "follow_up_ideas": [s for s in q.get("follow_up_seeds") or [] if isinstance(s, str)][:5]
            or GENERIC_FOLLOW_UPS, "minutes": knowledge.minutes_per_question(q.get("difficulty", "medium"))}


class _Picker:
    """Fills slots one at a time, never repeating a prompt, avoiding what the expert removed before."""

    def __init__(self, inputs: dict[str, Any]):
        self.bank = [q for q in inputs.get("bank") or [] if isinstance(q, dict) and q.get("prompt")]
        self.avoid = [str(a) for a in inputs.get("avoid") or []]
        self.prefer_categories = [c for c in inputs.get("prefer_categories") or [] if isinstance(c, str)]
        self.shaky = {s for key in ("weak", "unverified")
                      for s in (inputs.get("candidate_skills") or {}).get(key) or []}
        self.required = _skill_names(inputs.get("required_skills"))
        self.skills = _skill_queue(inputs)
        self.used: list[str] = []
        self.chosen: list[dict[str, Any]] = []

    def avoided(self, prompt: str, question_id: Any = None) -> bool:
        if question_id is not None and str(question_id) in self.avoid:
            return True
        return any(_similar(prompt, a) for a in self.avoid + self.used)

    def pick(self, slot: dict[str, str], skill: dict[str, str] | None) -> dict[str, Any]:
        category, difficulty = slot["category"], slot["difficulty"]
        options = [q for q in self.bank if q.get("category") == category and q.get("difficulty") == difficulty
                   and not self.avoided(q["prompt"], q.get("id"))]
        topic = str(slot.get("topic") or "")
        # as the planner names it ("Go", "SQL", "Apache Kafka": planning.send_back.topic_name); else the tag
        topic_name = str(slot.get("topic_name") or "") or topic
        skill = skill or self.skill_named(topic)  # "kafka": the position's Apache Kafka
        topical = [q for q in options if topic and topic in (q.get("tags") or [])]
        matching = [q for q in (topical or options) if skill and _covers(q, skill)]
        if topical and not matching:  # what the expert asked for; one that assesses a required skill if any does
            assessing = [q for q in topical if any(_covers(q, r) for r in self.uncovered())]
            # on the topic asked for, not the question's first tag ("transactions", "rails" for a SQL question)
            chosen = _bank_question((assessing or topical)[0], {"id": topic},
                                    f"The expert asked for {with_article(topic_name)} question; from the question "
                                    f"bank, {difficulty}.")
        elif matching:
            chosen = _bank_question(matching[0], skill, self._why(slot, skill, bank=True))
        elif harder := self._made_harder(slot, skill or {"id": topic, "name": topic_name}):
            self.used.append(harder["prompt"])
            self.chosen.append(harder)
            return harder  # derived from the question sent back on purpose: not "avoided" for resembling it
        elif skill or topic:
            # of the kind the skill is ("kafka": data), so the skill's own questions are written for it
            skill = skill or {"id": topic, "name": topic_name, "category": str(slot.get("topic_kind") or "")}
            chosen = self._written(slot, skill)
        elif options:
            chosen = _bank_question(options[0], None, f"Fills the {category}/{difficulty} slot of the configuration.")
        else:
            chosen = {**_inline_question(category, difficulty, {"id": "", "name": ""},
                                         f"Fills the {category}/{difficulty} slot of the configuration."),
                      "prompt": self._generic(category)}
        if self.avoided(chosen["prompt"]):  # a template the expert removed before: make it specific
            area = knowledge.category_name(category)
            area = area if area[1:2].isupper() else area[:1].lower() + area[1:]  # mid-sentence, not "STAR"-like
            chosen["prompt"] = f"{chosen['prompt']} Use an example from your own {area} work."
        if about := chosen.pop("about", ""):  # a question of the category, asked about the skill it is tagged with
            chosen["prompt"] = f"{chosen['prompt']} Base your answer on your work with {about}."
        self.used.append(chosen["prompt"])
        self.chosen.append(chosen)
        return chosen

    def _made_harder(self, slot: dict[str, Any], skill: dict[str, Any]) -> dict[str, Any] | None:
        """The question of the version sent back (`harder_of`) asked at the slot's harder level with concrete extra
        requirements and their points, when the bank had none on its topic at that level; None without one (or when
        every extension of its category is in it already)."""
        old = slot.get("harder_of")
        if not isinstance(old, dict) or not str(old.get("prompt") or "").strip():
            return None
        prompt = str(old["prompt"]).strip()
        # the planned question's own limit (plan_schema: 2000 characters): an expert's long question made harder
        # must not become one the plan refuses (the send-back would fail instead of falling back)
        extra = next(((more, points) for more, points in HARDER.get(slot["category"], []) + HARDER_ANY
                      if more not in prompt and len(prompt) + 1 + len(more) <= MAX_PROMPT), None)
        if extra is None:
            return None
        points = [str(p) for p in old.get("expected_points") or [] if isinstance(p, str)]
        if not skill.get("id"):  # the question sent back's own skill
            skill = {"id": str(old.get("skill") or ""), "name": str(old.get("skill") or "")}
        made = {**_inline_question(slot["category"], slot["difficulty"], {"id": skill.get("id") or "",
                                                                           "name": skill.get("name") or ""}, ""),
                "prompt": f"{prompt} {extra[0]}", "expected_points": (points[:10 - len(extra[1])] + extra[1])}
        name = skill.get("name") or skill.get("id")
        made["why"] = ((f"Covers {name}; " if name else "") + f"the question sent back made {slot['difficulty']} "
                       "with concrete extra requirements (the question bank has no "
                       f"{slot['difficulty']} question on it).")
        return made

    def skill_named(self, word: Any) -> dict[str, Any] | None:
        """The position's skill (required, preferred or nice to have) `word` names by id, name or alias."""
        said = _norm(word or "")
        return next((s for s in self.skills if said and said in {_norm(n) for n in (
            s["id"], s["name"], *(s.get("aliases") or []))}), None)

    def uncovered(self) -> list[dict[str, Any]]:
        return [r for r in self.required if not any(_covers(q, r) for q in self.chosen)]

    def _written(self, slot: dict[str, str], skill: dict[str, Any]) -> dict[str, Any]:
        """A question written for the skill: the first template unlike every question the plan holds, else one of
        the category's own questions (marked as assessing the skill), never a near copy of another question."""
        category, difficulty = slot["category"], slot["difficulty"]
        why = self._why(slot, skill, bank=False)
        language = (self.skill_named(slot.get("language")) or {}).get("name", "")  # one the position names
        for template in _templates_for(category, skill):
            written = _inline_question(category, difficulty, skill, why, template, language)
            if not self.avoided(written["prompt"]):
                return written
        # one of the category's own questions, asked about the skill it is tagged with (its text says so)
        generic = self._generic(category)
        return {**_inline_question(category, difficulty, skill, why), "prompt": generic, "about": skill["name"]}

    def _generic(self, category: str) -> str:
        options = GENERIC.get(category, GENERIC["coding"])
        fresh = [p for p in options if not self.avoided(p)]
        if fresh:
            return fresh[0]
        return f"{options[len(self.used) % len(options)]} (Answer with a different project from before.)"

    def _why(self, slot: dict[str, str], skill: dict[str, str], *, bank: bool) -> str:
        reason = (f"Covers {skill['name']}, {slot['level']} as the expert asked" if slot.get("level")
                  else f"The expert asked for {with_article(skill['name'])} question" if slot.get("requested")
                  else f"Covers {skill['name']}")
        if skill["id"] in self.shaky:
            reason += " (weak or unverified on the resume)"
        if slot["category"] in self.prefer_categories:
            reason += f"; the expert prefers {knowledge.category_name(slot['category'])} questions"
        return reason + (f"; from the question bank, {slot['difficulty']}." if bank
                         else f"; written for this position, {slot['difficulty']}.")


def _assign_skills(pending: list[dict[str, str]], slots: list[dict[str, str]], free: list[int],
                   picker: _Picker) -> dict[int, dict[str, str]]:
    """Which skill each free slot assesses. The skills that fit are the first len(free) in priority order (the
    candidate's weak or unverified skills come first); each takes the slot it suits best: one the bank has a
    question for, else one whose category fits the skill's kind, else whatever slot is left."""
    chosen = pending[: len(free)]
    open_slots = list(free)
    assignment: dict[int, dict[str, str]] = {}

    def bank_fit(index: int, skill: dict[str, str]) -> bool:
        slot = slots[index]
        return any(q.get("category") == slot["category"] and q.get("difficulty") == slot["difficulty"]
                   and _covers(q, skill) for q in picker.bank)

    def kind_fit(index: int, skill: dict[str, str]) -> bool:
        return skill.get("category") in SKILL_FIT.get(slots[index]["category"], set())

    deferred = []
    for skill in chosen:
        best = next((i for i in open_slots if bank_fit(i, skill)), None)
        if best is None:
            best = next((i for i in open_slots if kind_fit(i, skill)), None)
        if best is None:
            deferred.append(skill)
            continue
        assignment[best] = skill
        open_slots.remove(best)
    for skill, index in zip(deferred, open_slots, strict=False):
        assignment[index] = skill
    return assignment


def _order_slots(slots: list[dict[str, str]], prefer: list[str]) -> list[int]:
    return sorted(range(len(slots)), key=lambda i: (slots[i]["category"] not in prefer, i))


def _fill(inputs: dict[str, Any], slots: list[dict[str, str]], fixed: dict[int, dict[str, Any]],
          skills_first: list[dict[str, str]]) -> list[dict[str, Any]]:
    picker = _Picker(inputs)
    picker.used = [q["prompt"] for q in fixed.values()]
    picker.chosen = list(fixed.values())
    queue = skills_first + [s for s in _skill_queue(inputs) if s not in skills_first]
    covered = {s["id"] for q in fixed.values() for s in queue if _covers(q, s)}
    pending = [s for s in queue if s["id"] not in covered]
    result: dict[int, dict[str, Any]] = dict(fixed)
    free = [i for i in _order_slots(slots, picker.prefer_categories) if i not in result]
    # A slot the expert asked for by topic ("a SQL one") gets that topic's question, not a skill's.
    skills = _assign_skills(pending, slots, [i for i in free if not slots[i].get("topic")], picker)
    for index in free:
        skill = skills.get(index)
        if skill and skill["id"] == slots[index].get("instead_of"):
            skill = None  # the expert found the question on this skill wanting: not again in its place
        result[index] = picker.pick(slots[index], skill)
    return [result[i] for i in range(len(slots))]


def _slots(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """{category, difficulty} per question; `topic` (its `topic_name`, `topic_kind`) and `requested` where the
    expert's comment asked for it, `level` ("harder", "easier") where it asked that a question be harder or easier."""
    return [{"category": s["category"], "difficulty": s.get("difficulty") or "medium",
             **({"topic": str(s["topic"])} if s.get("topic") else {}),
             **({"requested": True} if s.get("requested") else {}),
             **{key: str(s[key]) for key in ("topic_name", "topic_kind", "language", "instead_of", "level")
                if s.get(key)}, **({"harder_of": s["harder_of"]} if isinstance(s.get("harder_of"), dict) else {})}
            for s in inputs.get("slots") or [] if isinstance(s, dict) and s.get("category")]


def _revision_plan(inputs: dict[str, Any], slots: list[dict[str, str]]) -> tuple[dict[int, dict], list[dict]]:
    previous = [q for q in (inputs.get("revise") or {}).get("questions") or [] if isinstance(q, dict)]
    issues = [i for i in (inputs.get("revise") or {}).get("issues") or [] if isinstance(i, dict)]
    flagged = {i.get("question_index") for i in issues
               if i.get("kind") in ("biased", "duplicate", "off_topic") and isinstance(i.get("question_index"), int)}
    # after the expert's send-back, the questions they left alone stay (`keep`), flagged or not: their edit wins
    kept = _kept(inputs, slots)
    fixed = {i: q for i, q in enumerate(previous[: len(slots)]) if i not in flagged or i in kept}
    missing_ids = {m for i in issues if i.get("kind") == "missing_skill" for m in (i.get("skills") or [])}
    request = inputs.get("expert_request") if isinstance(inputs.get("expert_request"), dict) else {}
    left_out = {s for key in ("dropped_skills", "replaced_skills", "uncovered_skills") for s in request.get(key) or []}
    missing = [s for s in _skill_queue(inputs) if s["id"] not in left_out and (s["id"] in missing_ids or any(
        s["name"] in str(i.get("message", "")) for i in issues if i.get("kind") == "missing_skill"))]
    # Make room for each missing skill (never one the expert's send-back left out) by freeing the slot of a question
    # that assesses no required skill no other question assesses (never one the expert asked for or left alone);
    # first one where the bank has a question for the skill.
    required = _skill_names(inputs.get("required_skills"))
    bank = [q for q in inputs.get("bank") or [] if isinstance(q, dict)]
    for skill in missing:
        spare = [i for i in _spare_slots(list(fixed.items()), slots, required) if i not in kept]
        banked = [i for i in spare if any(q.get("category") == slots[i]["category"]
                                          and q.get("difficulty") == slots[i]["difficulty"] and _covers(q, skill)
                                          for q in bank)]
        if banked or spare:
            fixed.pop((banked or spare)[-1])
    return fixed, missing


def _kept(inputs: dict[str, Any], slots: list[dict[str, Any]]) -> dict[int, dict]:
    """The questions the expert left alone when their comment named others (`keep`: {slot, question}), by slot."""
    return {k["slot"]: dict(k["question"]) for k in inputs.get("keep") or [] if isinstance(k, dict)
            and isinstance(k.get("slot"), int) and 0 <= k["slot"] < len(slots) and isinstance(k.get("question"), dict)}


def _spare_slots(questions: list[tuple[int, dict]], slots: list[dict[str, Any]],
                 required: list[dict[str, Any]]) -> list[int]:
    """Indexes of questions whose place another required skill could take: they assess no required skill that no
    other question assesses, and the expert did not ask for them."""
    spare = []
    for i, q in questions:
        if i < len(slots) and slots[i].get("requested"):
            continue
        own = [r for r in required if _covers(q, r)]
        if all(any(_covers(o, r) for j, o in questions if j != i) for r in own):
            spare.append(i)
    return spare


def _fitting_note(fitted: Any) -> str:
    """What the planning app did to the slots so a harder mix fits the duration ({"shortened": n, "dropped": m})."""
    if not isinstance(fitted, dict):
        return ""
    parts = []
    for key, done in (("shortened", "made shorter"), ("dropped", "dropped")):
        count = fitted.get(key)
        if isinstance(count, int) and count > 0:
            parts.append(f"{count} question{'s' if count > 1 else ''} {done}")
    return f"; to fit the duration, {' and '.join(parts)}" if parts else ""


def _shift_note(inputs: dict[str, Any]) -> str:
    """What the expert's feedback did to the questions' level: the whole plan shifted, or (`level_moves`: the
    questions of the version sent back that moved) those questions only ("question 1 (Coding, Python) of the version
    sent back made easier"); nothing when none moved ("Q2 is too easy" moves Q2, which the expert's note says)."""
    shift = inputs.get("difficulty_shift")
    if not shift or not isinstance(shift, int) or inputs.get("learned_shift"):
        return ""  # a learned preference on a new plan: the planning app says what it changed, whoever wrote it
    moves = inputs.get("level_moves")
    if not isinstance(moves, dict):
        return f"; difficulty shifted {shift:+d} after the expert's feedback"
    harder, easier = ([str(label) for label in moves.get(key) or []] for key in ("harder", "easier"))
    if moves.get("every") and (harder or easier) and not (harder and easier):
        return f"; difficulty shifted {1 if harder else -1:+d} after the expert's feedback"
    parts = [f"{_listed(labels)} of the version sent back made {said}" for labels, said in ((harder, "harder"),
                                                                                             (easier, "easier"))
             if labels]
    return f"; {' and '.join(parts)} after the expert's feedback" if parts else ""


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def build_questions(inputs: dict[str, Any]) -> dict[str, Any]:
    slots = _slots(inputs)
    revising = bool(inputs.get("revise"))
    fixed, skills_first = _revision_plan(inputs, slots) if revising else (_kept(inputs, slots), [])
    questions = _fill(inputs, slots, fixed, skills_first)
    required = _skill_names(inputs.get("required_skills"))
    covered = [s["name"] for s in required if any(_covers(q, s) for q in questions)]
    duration = int(inputs.get("duration_minutes") or 0)
    role = inputs.get("role", "")
    # The minutes are said once, by the page (the version's estimate beside the interview's duration), not here too.
    # Not "following the configured mix" when the duration cost questions of it: the count says what was kept.
    dropped = _count((inputs.get("fitted_to_duration") or {}).get("dropped")
                     if isinstance(inputs.get("fitted_to_duration"), dict) else 0)
    rationale = ((f"{len(questions)} of the configured mix's {len(questions) + dropped} questions" if dropped else
                  f"{len(questions)} question{'s' if len(questions) != 1 else ''} following the configured mix")
                 + (f"; covers {', '.join(covered)}" if covered else "")
                 + ("; weak or unverified skills from the resume come first" if inputs.get("candidate_skills") else "")
                 + (f"; avoids {removed} question{'s' if removed != 1 else ''} the expert removed before"
                    if (removed := _count(inputs.get("removed_before"))) else "")
                 + _shift_note(inputs)
                 + _fitting_note(inputs.get("fitted_to_duration"))
                 + ("; revised after the critique" if revising else "") + ".")
    confidence = round(min(0.95, 0.55 + 0.4 * (len(covered) / len(required) if required else 1)), 2)
    sections = [{"category": c, "minutes": sum(q["minutes"] for q in questions if q["category"] == c),
                 "question_count": n, "difficulty": Counter(q["difficulty"] for q in questions
                                                            if q["category"] == c).most_common(1)[0][0],
                 "goals": writing.GOALS.get(c, ["Depth of understanding"])}
                for c, n in Counter(q["category"] for q in questions).items()]
    return {"title": f"{knowledge.role_name(role)} interview ({duration} min)", "rationale": rationale,
            "confidence": confidence, "questions": questions, "sections": sections}


def build_plan(inputs: dict[str, Any]) -> dict[str, Any]:
    if inputs.get("slots"):
        return build_questions(inputs)
    return writing.build_plan(inputs)


# --- critique ---------------------------------------------------------------------------------------------------

def _bias_issues(questions: list[dict]) -> list[dict]:
    issues = []
    for index, q in enumerate(questions):
        text = str(q.get("prompt", ""))
        for ground, pattern in BIAS_PATTERNS.items():
            if pattern.search(text):
                issues.append({"severity": "blocker", "kind": "biased", "question_index": index,
                               "message": f"Question {index + 1} touches the candidate's {ground}: it could be "
                                          "biased or unlawful to ask and says nothing about the job."})
                break
    return issues


def _duplicate_issues(questions: list[dict], slots: list[dict[str, Any]] | None = None) -> list[dict]:
    """Questions asked twice, or two of one category on one skill; not two on a topic the expert asked for ("more
    questions on SQL": each such question is labelled with it)."""
    # a topic asked for is the skill it names, whether said by tag or by the skill's id ("kafka", "apache-kafka": the
    # slot's `topic_name` is the skill's name, "Apache Kafka")
    asked = ({j: {_norm(s["topic"]), _norm(s.get("topic_name") or s["topic"])}
              for j, s in enumerate(slots) if s.get("topic") and s.get("requested")}
             if slots and len(slots) == len(questions) else {})
    issues = []
    for j, b in enumerate(questions):
        for i, a in enumerate(questions[:j]):
            same_bank = a.get("question_id") is not None and a.get("question_id") == b.get("question_id")
            same_topic = (a.get("skill") and a.get("skill") == b.get("skill")
                          and a.get("category") == b.get("category")
                          and _norm(b.get("skill")) not in asked.get(i, set()) | asked.get(j, set()))
            if same_bank or _similar(str(a.get("prompt", "")), str(b.get("prompt", ""))) or same_topic:
                issues.append({"severity": "warning", "kind": "duplicate", "question_index": j,
                               "message": f"Question {j + 1} duplicates the topic of question {i + 1}."})
                break
    return issues


def _missing_skill_issues(questions: list[dict], required: list[dict[str, str]],
                          slots: list[dict[str, Any]]) -> list[dict]:
    """A required skill nothing assesses is a blocker while some question could make room for it; when every
    question already assesses another required skill or is one the expert asked for, the configuration has too few
    questions: a warning that says so (the expert's own choice is not a defect to block on)."""
    missing = [s for s in required if not any(_covers(q, s) for q in questions)]
    if not missing:
        return []
    room = bool(_spare_slots(list(enumerate(questions)), slots, required)) or len(questions) < len(slots)
    count = len(questions)
    replaced = {s.get("instead_of") for s in slots if s.get("instead_of")}  # the expert had its question replaced
    return [{"severity": "warning" if not room or s["id"] in replaced else "blocker", "kind": "missing_skill",
             "question_index": None, "skills": [s["id"]],
             "message": f"No question assesses the required skill {s['name']}." + (
                 " You asked to replace the question on it: add one back if you still want it assessed."
                 if s["id"] in replaced else "" if room else (
                     f" Each of the {count} question{'s' if count != 1 else ''} already assesses another required "
                     "skill or is one you asked for: add a question to cover it, or accept the plan without it."))}
            for s in missing]


def _vague_pattern(template: str) -> re.Pattern:
    return re.compile("^" + ".+?".join(re.escape(part) for part in template.split("{skill}")), re.S)


VAGUE = {category: _vague_pattern(TEMPLATES[category][0]) for category in VAGUE_TEMPLATES}


def _vague_issues(questions: list[dict]) -> list[dict]:
    """A question written from a general template with no concrete task ("Using Python, write and explain a small
    function you would ship for this role …"): the interviewer has nothing specific to check. A note beside the
    question, not a warning: the engine's own first drafts hold such questions where it has no concrete one for a
    skill (the demo's Go question), and a warning would make every such plan an approval over the critique."""
    issues = []
    for index, q in enumerate(questions):
        prompt = str(q.get("prompt") or "").strip()
        if any(pattern.match(prompt) for pattern in VAGUE.values()):
            issues.append({"severity": "info", "kind": "other", "question_index": index,
                           "message": f"Question {index + 1} is a generic template, not a concrete task: the "
                                      "candidate is not given a problem to solve and its expected points fit any "
                                      "answer. Replace it with a concrete question (from the bank, or written with "
                                      "its own requirements)."})
    return issues


def _request_issues(request: Any) -> list[dict]:
    """What the expert's comment asked of this version (`expert_request`): each wish not done is a warning the
    expert reads beside the questions; what was done, information."""
    request = request if isinstance(request, dict) else {}
    said = lambda key: [str(i) for i in request.get(key) or [] if isinstance(i, str) and i]  # noqa: E731
    return ([{"severity": "warning", "kind": "other", "question_index": None,
              "message": f"You asked for a change this version does not make: {item}."} for item in said("not_done")]
            + [{"severity": "info", "kind": "other", "question_index": None,
                "message": f"Done as you asked: {item}."} for item in said("done")])


def _balance_issues(questions: list[dict], slots: list[dict[str, str]], duration: int) -> list[dict]:
    issues = []
    if slots:
        want = Counter(s["difficulty"] for s in slots)
        have = Counter(q.get("difficulty") for q in questions)
        if want != have:
            describe = lambda c: ", ".join(f"{c[d]} {d}" for d in DIFFICULTY_ORDER if c[d])  # noqa: E731
            issues.append({"severity": "warning", "kind": "difficulty_imbalance", "question_index": None,
                           "message": f"The configuration asks for {describe(want)}; the plan has {describe(have)}."})
    minutes = sum(int(q.get("minutes") or knowledge.minutes_per_question(q.get("difficulty", ""))) for q in questions)
    with_buffer = knowledge.with_transition_buffer(minutes)
    if duration and with_buffer > duration:
        issues.append({"severity": "blocker", "kind": "timing", "question_index": None,
                       "message": f"Questions take {minutes} minutes plus 10% for transitions, over the "
                                  f"{duration}-minute interview."})
    return issues


SUGGESTION = {
    "biased": "Replace questions about personal circumstances with ones about the job's skills.",
    "duplicate": "Replace the duplicate with a question on a skill the plan does not cover yet.",
    "missing_skill": "Add a question for each required skill that nothing assesses.",
    "difficulty_imbalance": "Match the difficulty mix of the configuration.",
    "timing": "Drop or shorten questions so the plan fits the interview's duration.",
    "generic": "Replace a generic question with a concrete task the interviewer can check.",
}


def critique_questions(inputs: dict[str, Any]) -> dict[str, Any]:
    plan = inputs.get("plan") or {}
    questions = [q for q in plan.get("questions") or [] if isinstance(q, dict)]
    issues = (_bias_issues(questions) + _duplicate_issues(questions, _slots(inputs))
              + _missing_skill_issues(questions, _skill_names(inputs.get("required_skills")), _slots(inputs))
              + _balance_issues(questions, _slots(inputs), int(inputs.get("duration_minutes") or 0))
              + (vague := _vague_issues(questions))
              + _request_issues(inputs.get("expert_request")))
    suggestions = list(dict.fromkeys(SUGGESTION[i["kind"]] for i in issues if i["kind"] in SUGGESTION))
    suggestions += [SUGGESTION["generic"]] if vague else []
    verdict = "revise" if any(i["severity"] in ("blocker", "warning") for i in issues) else "approve"
    if verdict == "approve" and not vague:
        suggestions.append("The plan covers the required skills in the configured mix; consider one stretch "
                           "follow-up on the candidate's strongest skill.")
    # a generic question costs the critique's confidence more than another note: the plan is weaker than it reads
    confidence = round(max(0.5, 0.9 - 0.05 * len(issues) - 0.1 * len(vague)), 2)
    return {"verdict": verdict, "issues": issues, "suggestions": suggestions, "confidence": confidence}


def critique(inputs: dict[str, Any]) -> dict[str, Any]:
    if isinstance(inputs.get("plan"), dict) and "questions" in inputs["plan"]:
        return critique_questions(inputs)
    return writing.critique(inputs)
