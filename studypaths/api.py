"""REST endpoints of the problem bank and the judge (DESIGN §2: one APIView per operation)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from interviewmaster.api import Pagination, error_response
from interviewmaster.input_limits import VISIBLE_CHARACTER
from interviewmaster.throttles import CodeRunThrottle
from studypaths import selectors, services
from studypaths.catalogue import problem_catalogue
from studypaths.models import LANGUAGE_CHOICES, CodeRun, Problem, ProblemTest, RunKind
from studypaths.rendering import render_markdown


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": services.MAX_CODE_CHARS,
                      "pattern": VISIBLE_CHARACTER})
class CodeField(serializers.CharField):
    """Code to run, taken as sent: `services.validate_run_input` judges it, for the API as for the pages (400
    `empty_code` for none or only whitespace, 413 `code_too_long` past MAX_CODE_CHARS). The schema states the same."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)

    def run_validation(self, data=empty):
        if data == "":  # no code: the service's `empty_code`, as for only whitespace (not DRF's `blank`)
            return data
        return super().run_validation(data)


RUN_ERRORS = {400: error_response("Unsupported language (`unsupported_language`), no code or only whitespace "
                                  "(`empty_code`), or invalid input (`invalid`)."),
              413: error_response(f"Code longer than {services.MAX_CODE_CHARS:,} characters (`code_too_long`)."),
              429: error_response("Too many runs (`throttled`; runs refused with a 4xx do not count); see "
                                  "Retry-After.")}


class ProblemListApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        module = serializers.SlugRelatedField(slug_field="slug", read_only=True)

        class Meta:
            model = Problem
            fields = ["id", "slug", "title", "module", "difficulty", "topics"]

    @extend_schema(operation_id="problems_list", responses=OutputSerializer(many=True),
                   parameters=[OpenApiParameter("module", str, description="module slug")])
    def get(self, request):
        # The same for every user: the items come from the cached catalogue (studypaths/catalogue.py, forgotten when
        # the bank changes), already in the OutputSerializer's shape; no query while it is warm.
        items = problem_catalogue().api_items(module=request.query_params.get("module") or None)
        paginator = Pagination()
        page = paginator.paginate_queryset(items, request, view=self)
        return paginator.get_paginated_response(page)


class ProblemDetailApi(APIView):
    class ExampleSerializer(serializers.ModelSerializer):
        class Meta:
            model = ProblemTest
            fields = ["name", "args", "expected", "explanation"]

    class OutputSerializer(serializers.ModelSerializer):
        module = serializers.SlugRelatedField(slug_field="slug", read_only=True)
        statement_html = serializers.SerializerMethodField()
        constraints_html = serializers.SerializerMethodField()
        examples = serializers.SerializerMethodField()
        languages = serializers.ListField(child=serializers.CharField(), read_only=True)

        class Meta:
            model = Problem
            fields = ["id", "slug", "title", "module", "difficulty", "topics", "statement", "statement_html",
                      "constraints_html", "function_spec", "starter_code", "languages", "examples"]

        def get_statement_html(self, obj) -> str:
            return render_markdown(obj.statement)

        def get_constraints_html(self, obj) -> str:
            return render_markdown(obj.constraints)

        def get_examples(self, obj) -> list[dict]:
            return ProblemDetailApi.ExampleSerializer(obj.examples, many=True).data

    @extend_schema(operation_id="problems_detail", responses=OutputSerializer)
    def get(self, request, problem_id):
        problem = selectors.problem_for(key=problem_id)
        return Response(self.OutputSerializer(problem).data)


class CodeRunOutputSerializer(serializers.ModelSerializer):
    problem = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = CodeRun
        fields = ["id", "problem", "kind", "language", "status", "verdict", "result", "created_at", "finished_at"]

    def to_representation(self, instance):
        """A submission's end is shown to the whole second: to the microsecond, finished_at - created_at was its wall
        time, which the result no longer carries (a sleep in proportion to a hidden input read the input back)."""
        data = super().to_representation(instance)
        if instance.kind == RunKind.SUBMISSION and instance.finished_at is not None:
            data["finished_at"] = serializers.DateTimeField().to_representation(
                instance.finished_at.replace(microsecond=0))
        return data


class CodeRunApi(APIView):
    kind = RunKind.EXAMPLES
    # The judge's own per-user budget on top of the project-wide anon/user/IP throttles.
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, CodeRunThrottle]

    class InputSerializer(serializers.Serializer):
        language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
        code = CodeField()

    @extend_schema(request=InputSerializer, responses={202: CodeRunOutputSerializer, **RUN_ERRORS})
    def post(self, request, problem_id):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        problem = get_object_or_404(selectors.published_problems(), id=problem_id)
        run = services.request_run(user=request.user, problem=problem, kind=self.kind, **data.validated_data)
        run.refresh_from_db()  # eager mode (tests, no broker) has judged it already
        return Response(CodeRunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ProblemRunExamplesApi(CodeRunApi):
    """Run code against the problem's public examples (full detail comes back)."""

    kind = RunKind.EXAMPLES


class ProblemSubmitApi(CodeRunApi):
    """Judge code against every test; hidden tests report only their name and verdict."""

    kind = RunKind.SUBMISSION


class CodeRunDetailApi(APIView):
    """Poll a run. Only its owner sees it (anyone else gets 404)."""

    @extend_schema(operation_id="code_runs_detail", responses=CodeRunOutputSerializer)
    def get(self, request, run_id):
        run = get_object_or_404(selectors.runs_for(request.user), id=run_id)
        return Response(CodeRunOutputSerializer(run).data)
