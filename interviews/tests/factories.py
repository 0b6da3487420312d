"""factory-boy factories for interviews."""

import factory

from interviews.models import Question


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    external_id = factory.Sequence(lambda n: f"test-question-{n}")
    title = factory.Sequence(lambda n: f"Test question {n}")
    prompt = factory.Sequence(lambda n: f"Explain how you would approach problem number {n} and what it costs.")
    category = "coding"
    difficulty = "medium"
    roles = factory.LazyFunction(lambda: ["backend_engineer"])
    languages = factory.LazyFunction(list)
    tags = factory.LazyFunction(lambda: ["arrays"])
    expected_points = factory.LazyFunction(lambda: [
        {"point": "Uses a hash map for lookups", "keywords": ["hash map", "dictionary"]},
        {"point": "States O(n) time", "keywords": ["O(n)", "linear"]},
        {"point": "Handles the empty input", "keywords": ["empty"]},
    ])
    follow_up_seeds = factory.LazyFunction(lambda: ["What if the input is sorted?"])
    source = "test"
    is_active = True


def load_shipped_bank(*, problems: bool = False) -> int:
    """Import the shipped question bank (data/questions) the way `load_demo` does; returns how many were created.

    `problems`: also load the code-judge problems its coding questions link (`load_shipped_problems`), without which
    those questions are never askable (interviews.selectors.askable_questions). Off by default: it adds about half a
    second, and a test that does not need them keeps the selection it always had."""
    from interviews.question_bank import import_question_bank

    created = import_question_bank(only_new=True).created
    if problems:
        load_shipped_problems()
    return created


def load_shipped_problems() -> list[str]:
    """Load the shipped judge problems (studypaths/data/problems) the questions in the database link, the way the
    `load_problems` command does but those alone (all 72 take about 2 s); returns their slugs."""
    import json
    import tempfile
    from pathlib import Path

    from studypaths.services import DEFAULT_BANK_DIR, load_problem_bank

    linked = set(Question.objects.exclude(problem="").values_list("problem", flat=True))
    with tempfile.TemporaryDirectory() as directory:
        written = 0
        for path in sorted(DEFAULT_BANK_DIR.glob("*.json")):
            bundle = json.loads(path.read_text(encoding="utf-8")) if path.name != "tracks.json" else {}
            bundle["problems"] = [p for p in bundle.get("problems", []) if p["slug"] in linked]
            if bundle["problems"]:
                (Path(directory) / path.name).write_text(json.dumps(bundle), encoding="utf-8")
                written += 1
        return load_problem_bank(directory=Path(directory)).slugs if written else []


STRONG_ANSWER = ("I would use a hash map (dictionary) keyed by value: one pass over the array, for each element I "
                 "check whether target minus the element is already in the map, otherwise store it. That is O(n) "
                 "linear time and O(n) extra space. Edge cases: empty input returns nothing, duplicates are handled "
                 "because I check before inserting. Situation, task, action, result: we cut latency by 40%.")


def answered_turn_of_another_candidate(text: str = "Hi, I am.") -> int:
    """The id of a turn another candidate answered in their own quick start (its warm-up): a turn not of the
    interview a test asks about."""
    from accounts.tests.factories import CandidateFactory
    from interviews import services
    from interviews.models import Turn

    other = CandidateFactory()
    session = services.start_session(candidate=other, mode="quick_start", role="backend_engineer", config={})
    services.begin_session(session=session, actor=other)
    turn = Turn.objects.get(session=session, status="open")
    services.submit_answer(session=session, candidate=other, turn_id=turn.id, text=text)
    return turn.id
