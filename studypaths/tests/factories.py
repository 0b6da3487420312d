"""factory-boy factories for studypaths."""

import factory

from accounts.tests.factories import CandidateFactory
from studypaths.models import CodeRun, Module, Problem, ProblemTest, Track, TrackModule

ADD_PY = "def add(a, b):\n    return a + b\n"
ADD_JS = "function add(a, b) {\n  return a + b;\n}\n"


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")


class ProblemFactory(factory.django.DjangoModelFactory):
    """`add(a, b)`: a tiny problem with one public example and eight hidden tests."""

    class Meta:
        model = Problem
        skip_postgeneration_save = True

    module = factory.SubFactory(ModuleFactory)
    slug = factory.Sequence(lambda n: f"add-{n}")
    title = factory.Sequence(lambda n: f"Add two numbers {n}")
    statement = "Return `a + b`.\n\n<script>alert(1)</script>"
    difficulty = 1
    function_spec = {"name": {"python": "add", "javascript": "add"},
                     "params": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}], "returns": "int"}
    starter_code = {"python": "def add(a, b):\n    pass\n", "javascript": "function add(a, b) {\n}\n"}
    reference_solutions = {"python": ADD_PY, "javascript": ADD_JS}
    cpu_seconds = 2.0

    @factory.post_generation
    def with_tests(obj, create, extracted, **kwargs):  # noqa: N805
        if not create or extracted is False:
            return
        ProblemTest.objects.create(problem=obj, name="example 1", args=[1, 2], expected=3, is_public=True)
        for i, (a, b) in enumerate([(0, 0), (-1, 1), (10, 20), (-5, -7), (2**31, 1), (7, 0), (123, 456), (9, 9)]):
            ProblemTest.objects.create(problem=obj, name=f"hidden {i + 1}", args=[a, b], expected=a + b,
                                       position=i + 1)


class CodeRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeRun

    user = factory.SubFactory(CandidateFactory)
    problem = factory.SubFactory(ProblemFactory)
    language = "python"
    code = ADD_PY


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    slug = factory.Sequence(lambda n: f"track-{n}")
    title = factory.Sequence(lambda n: f"Track {n}")


def make_track(*, modules: int = 2, problems: list[tuple[int, int, list[str]]] | None = None) -> Track:
    """A track of `modules` modules; `problems` are (module index, difficulty, topics) — by default two per module at
    difficulties 1 and 2 with different topics. Every problem is the `add(a, b)` problem of ProblemFactory."""
    track = TrackFactory()
    mods = [ModuleFactory(position=i) for i in range(modules)]
    for i, module in enumerate(mods):
        TrackModule.objects.create(track=track, module=module, position=i)
    for position, (index, difficulty, topics) in enumerate(
            problems or [(i, d, [t]) for i in range(modules) for d, t in ((1, "arrays"), (2, "hash map"))]):
        ProblemFactory(module=mods[index], difficulty=difficulty, topics=topics, position=position)
    return track
