"""factory-boy factories for studypaths."""

import factory

from accounts.tests.factories import CandidateFactory
from studypaths.models import CodeRun, Module, Problem, ProblemTest

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
