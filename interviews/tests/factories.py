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
