"""planning: REST endpoints for an expert's own plans, so the workflow is scriptable (DESIGN §2).

Another expert's plan does not exist for you (404 `not_found`); candidates and mentors get 403 and never see plan
content.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from interviewmaster.api import error_response, paginated_response
from interviewmaster.input_limits import BoundedJSONParser
from planning import services
from planning.models import Critique, DecisionReason, InterviewPlan, PlanState
from planning.selectors import plan_for, plans_for


class IsExpert(BasePermission):
    message = "Only experts can work with interview plans."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or getattr(user, "is_expert", False)))


_err = error_response
COMMON_ERRORS = {403: _err("Only experts can work with interview plans."),
                 404: _err("No such plan among yours (`not_found`).")}


class PlanSummarySerializer(serializers.ModelSerializer):
    position = serializers.CharField(source="position.title")
    version = serializers.SerializerMethodField()

    class Meta:
        model = InterviewPlan
        fields = ["id", "position", "candidate_name", "candidate_email", "state", "agent_status", "duration_minutes",
                  "duration_fixed", "version", "created_at", "state_changed_at"]
        read_only_fields = fields

    def get_version(self, plan) -> int | None:
        return plan.current_version.number if plan.current_version else None


class PlannedQuestionSerializer(serializers.Serializer):
    question_id = serializers.IntegerField(allow_null=True)
    prompt = serializers.CharField()
    category = serializers.CharField()
    difficulty = serializers.CharField()
    skill = serializers.CharField(allow_blank=True)
    why = serializers.CharField()
    expected_points = serializers.ListField(child=serializers.CharField())
    follow_up_ideas = serializers.ListField(child=serializers.CharField())
    minutes = serializers.IntegerField()


class CritiqueSerializer(serializers.ModelSerializer):
    class IssueSerializer(serializers.Serializer):
        severity = serializers.ChoiceField(choices=["info", "warning", "blocker"])
        kind = serializers.CharField()
        message = serializers.CharField()
        question_index = serializers.IntegerField(allow_null=True)

    issues = IssueSerializer(many=True)
    suggestions = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Critique
        fields = ["verdict", "issues", "suggestions", "confidence", "provider", "created_at"]
        read_only_fields = fields


class PlanDetailSerializer(PlanSummarySerializer):
    questions = serializers.SerializerMethodField()
    rationale = serializers.SerializerMethodField()
    critique = serializers.SerializerMethodField()
    config = serializers.JSONField()

    class Meta(PlanSummarySerializer.Meta):
        fields = [*PlanSummarySerializer.Meta.fields, "config", "rationale", "questions", "critique"]
        read_only_fields = fields

    @extend_schema_field(PlannedQuestionSerializer(many=True))
    def get_questions(self, plan) -> list[dict]:
        questions = plan.current_version.questions if plan.current_version else []
        return PlannedQuestionSerializer(questions, many=True).data

    def get_rationale(self, plan) -> str:
        return plan.current_version.rationale if plan.current_version else ""

    @extend_schema_field(CritiqueSerializer(allow_null=True))
    def get_critique(self, plan) -> dict | None:
        version = plan.current_version
        critique = version.critiques.order_by("-created_at", "-id").first() if version else None
        return CritiqueSerializer(critique).data if critique else None


class PlanListApi(APIView):
    """Your interview plans, newest first (filter by `state`)."""

    permission_classes = [IsExpert]
    OutputSerializer = PlanSummarySerializer

    class FilterSerializer(serializers.Serializer):
        state = serializers.ChoiceField(choices=PlanState.choices, required=False)

    @extend_schema(operation_id="plans_list", tags=["plans"],
                   parameters=[OpenApiParameter("state", str, enum=PlanState.values, required=False)],
                   responses={200: OutputSerializer(many=True), 400: _err("Unknown state (`invalid`)."),
                              403: COMMON_ERRORS[403]})
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        plans = plans_for(request.user)
        if filters.validated_data.get("state"):
            plans = plans.filter(state=filters.validated_data["state"])
        return paginated_response(self, request, plans, self.OutputSerializer)


class PlanLengthSerializer(serializers.Serializer):
    """The interview's length, as the admin's "Interview length" sets it: a number of minutes fixes it, none lets it
    follow the questions again. Range errors read as the service's (`services.check_length`, which runs too)."""

    duration_minutes = serializers.IntegerField(
        required=False, allow_null=True, min_value=services.LENGTH_RANGE[0], max_value=services.LENGTH_RANGE[1],
        error_messages={"min_value": services.length_range_message(),
                        "max_value": services.length_range_message()},
        help_text="Fix the interview's length at this many minutes (the agents fit the questions to it); null lets "
                  "it follow the questions again (their minutes plus the transition buffer).")
    duration_fixed = serializers.BooleanField(
        required=False,
        help_text="false: the length follows the questions again (as `duration_minutes: null`); true alone: keep the "
                  "length the interview has now, whatever later versions' questions take.")

    def validate(self, data):
        if not data:
            raise serializers.ValidationError("Send `duration_minutes`, `duration_fixed` or both.")
        if "duration_minutes" in data and "duration_fixed" in data \
                and (data["duration_minutes"] is not None) != data["duration_fixed"]:
            raise serializers.ValidationError(
                {"duration_fixed": "`duration_fixed` contradicts `duration_minutes`: minutes fix the length, null "
                                   "lets it follow the questions."})
        return data


class PlanDetailApi(APIView):
    """One of your plans with its current questions and the latest critique; PATCH sets the interview's length."""

    permission_classes = [IsExpert]
    # `duration_minutes: null` is the request: a form body cannot say null ("null" is text there), so JSON only.
    parser_classes = [BoundedJSONParser]
    OutputSerializer = PlanDetailSerializer

    @extend_schema(operation_id="plans_detail", tags=["plans"], responses={200: OutputSerializer, **COMMON_ERRORS})
    def get(self, request, plan_id: int):
        return Response(self.OutputSerializer(plan_for(request.user, plan_id)).data)

    @extend_schema(operation_id="plans_set_length", tags=["plans"], request=PlanLengthSerializer,
                   responses={200: OutputSerializer,
                              400: _err(f"A length outside {services.LENGTH_RANGE[0]}-{services.LENGTH_RANGE[1]} "
                                        "minutes, or nothing to change, or `duration_fixed` contradicting "
                                        "`duration_minutes` (`invalid`, the field in `fields`)."),
                              **COMMON_ERRORS,
                              409: _err("The plan is past review and its length no longer changes "
                                        "(`plan_not_editable`), or the agents are still working "
                                        "(`plan_agent_busy`).")})
    def patch(self, request, plan_id: int):
        plan = plan_for(request.user, plan_id)  # another expert's plan is a 404 whatever the body says
        data = PlanLengthSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("duration_fixed") is False:
            plan = services.set_length(plan=plan, expert=request.user, minutes=None)
        elif "duration_minutes" in values:
            plan = services.set_length(plan=plan, expert=request.user, minutes=values["duration_minutes"])
        else:  # `duration_fixed: true` alone
            plan = services.set_length(plan=plan, expert=request.user, minutes=None, keep_current=True)
        return Response(self.OutputSerializer(plan_for(request.user, plan.pk)).data)


class PlanApproveApi(APIView):
    """Approve a plan that waits for your review."""

    permission_classes = [IsExpert]
    OutputSerializer = PlanSummarySerializer
    # Every field is optional: a form or multipart body that parses to nothing must not pass for "no fields" (415).
    parser_classes = [BoundedJSONParser]

    class InputSerializer(serializers.Serializer):
        comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
        version = serializers.IntegerField(required=False, min_value=0, max_value=1_000_000,
                                           help_text="The version you read (the plan's `version`): refused with "
                                                     "`plan_changed` when another is current now.")
        override_critique = serializers.BooleanField(
            required=False, default=False,
            help_text="Approve despite the critique's open points (a `revise` verdict, its warnings: the plan's "
                      "`critique`). Without it such an approval is refused with `plan_critique_open`, the points in "
                      "`fields.points`; with it the audit trail records the approval over them.")

    @extend_schema(operation_id="plans_approve", tags=["plans"], request=InputSerializer,
                   responses={200: OutputSerializer, 400: _err("Invalid input (`invalid`)."), **COMMON_ERRORS,
                              409: _err("Not pending review (`invalid_transition`), the agents are still working "
                                        "(`plan_agent_busy`), or the questions run past the duration or a critique "
                                        "blocker stands (`plan_not_approvable`), the critique asks for a revision "
                                        "or warns and `override_critique` is not true (`plan_critique_open`), or "
                                        "the version you read is no longer current (`plan_changed`).")})
    def post(self, request, plan_id: int):
        plan = plan_for(request.user, plan_id)  # another expert's plan is a 404 whatever the body says
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.approve_plan(plan=plan, expert=request.user, **data.validated_data)
        return Response(self.OutputSerializer(plan).data)


class PlanRequestChangesApi(APIView):
    """Send a plan back with a reason; the controller writes a new version (poll the plan until pending_review)."""

    permission_classes = [IsExpert]
    OutputSerializer = PlanSummarySerializer

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=DecisionReason.choices)
        comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
        version = serializers.IntegerField(required=False, min_value=0, max_value=1_000_000,
                                           help_text="The version you read: refused with `plan_changed` when "
                                                     "another is current now.")

    @extend_schema(operation_id="plans_request_changes", tags=["plans"], request=InputSerializer,
                   responses={202: OutputSerializer, 400: _err("Missing or unknown reason (`invalid`)."),
                              **COMMON_ERRORS,
                              409: _err("The plan cannot be sent back now (`invalid_transition`, `plan_agent_busy`, "
                                        "`plan_changed`).")})
    def post(self, request, plan_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.request_changes(plan=plan_for(request.user, plan_id), expert=request.user,
                                        **data.validated_data)
        return Response(self.OutputSerializer(plan).data, status=202)
