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


def load_shipped_bank() -> int:
    """Import the shipped question bank (data/questions) the way `load_demo` does; returns how many were created."""
    from interviews.question_bank import import_question_bank

    return import_question_bank(only_new=True).created


STRONG_ANSWER = ("I would use a hash map (dictionary) keyed by value: one pass over the array, for each element I "
                 "check whether target minus the element is already in the map, otherwise store it. That is O(n) "
                 "linear time and O(n) extra space. Edge cases: empty input returns nothing, duplicates are handled "
                 "because I check before inserting. Situation, task, action, result: we cut latency by 40%.")
