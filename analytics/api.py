"""analytics REST API: the dashboard summary (own, or an assigned mentee's), the leaderboard, badges and preferences.

One APIView per operation; input serializers validate, services act, output serializers render (DESIGN §2).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from accounts.permissions import IsCandidate, IsMentor
from analytics import achievements, selectors, services
from analytics.models import LeaderboardPeriod
from interviewmaster.api import Pagination
from interviewmaster.api import error_response as _err
from interviewmaster.input_limits import BoundedJSONParser


class StreakSerializer(serializers.Serializer):
    current = serializers.IntegerField()
    longest = serializers.IntegerField()
    freezes_available = serializers.IntegerField()
    practised_today = serializers.BooleanField()


class TrendPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    interview = serializers.FloatField(allow_null=True, help_text="That day's interview questions, each scored as "
                                         "its report scores it (follow-ups folded in), as a report's overall (0–100).")
    study = serializers.FloatField(allow_null=True, help_text="Mean share of tests passed that day (0–100).")


class CriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    average = serializers.FloatField(help_text="Mean 1–5 score per answer, follow-ups included.")
    count = serializers.IntegerField(help_text="Answers scored on this criterion.")


class CategorySerializer(serializers.Serializer):
    category = serializers.CharField()
    average = serializers.FloatField(help_text="Mean 0–100 score of the category's questions, each scored as its "
                                     "report scores it (follow-ups folded in), as a report computes a category's.")
    count = serializers.IntegerField(help_text="Questions (a follow-up is part of its question).")
    percentile = serializers.IntegerField(allow_null=True, help_text="Among candidates with the same target role and "
                                          "level; null while that cohort is smaller than the minimum.")


class TopicSerializer(serializers.Serializer):
    topic = serializers.CharField()
    title = serializers.CharField()
    attempts = serializers.IntegerField()
    passed = serializers.IntegerField()
    accuracy = serializers.FloatField(allow_null=True)


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField()
    minutes = serializers.FloatField(help_text="Whole minutes; to a tenth under ten (a short practice is not 0).")


class NextActionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    reason = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text=(
        "The candidate's page for it. Null in a mentor's view (`mentees/{id}/analytics`): those pages are the "
        "candidate's own and a mentor cannot open them."))


class AwardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    points = serializers.IntegerField()
    awarded_at = serializers.DateTimeField()


class SummarySerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    time_zone = serializers.CharField()
    streak = StreakSerializer()
    score_trend = TrendPointSerializer(many=True)
    criteria = CriterionSerializer(many=True)
    categories = CategorySerializer(many=True)
    topics = TopicSerializer(many=True)
    minutes_by_week = WeekSerializer(many=True)
    next_action = NextActionSerializer()
    achievements = AwardSerializer(many=True)


class SummaryApi(APIView):
    """The signed-in candidate's dashboard data."""

    permission_classes = [IsCandidate]

    @extend_schema(operation_id="analytics_summary", tags=["analytics"],
                   responses={200: SummarySerializer, 401: _err("Not signed in."),
                              403: _err("Only candidates have a dashboard.")})
    def get(self, request):
        return Response(SummarySerializer(selectors.cached_dashboard_summary(request.user)).data)


class MenteeSummaryApi(APIView):
    """An assigned candidate's dashboard data, for their mentor. Anyone else's candidate is 404."""

    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_analytics_summary", tags=["mentees"],
                   responses={200: SummarySerializer, 401: _err("Not signed in."),
                              403: _err("Only mentors have mentees."), 404: _err("Not one of your active mentees.")})
    def get(self, request, candidate_id: int):
        candidate = account_selectors.mentee_of(request.user, candidate_id)
        summary = selectors.cached_dashboard_summary(candidate)
        # the next action's page is the candidate's (a task page, the resume upload): a mentor cannot open it
        summary = {**summary, "next_action": {**summary["next_action"], "url": None}}
        return Response(SummarySerializer(summary).data)


class LeaderboardApi(APIView):
    """The top 100 of a period and the caller's own row (null when not opted in or without points)."""

    permission_classes = [IsAuthenticated]

    class RowSerializer(serializers.Serializer):
        rank = serializers.IntegerField()
        pseudonym = serializers.CharField()
        points = serializers.IntegerField()

    class OutputSerializer(serializers.Serializer):
        period = serializers.ChoiceField(choices=LeaderboardPeriod.choices)
        rows = serializers.ListField(child=serializers.DictField(), help_text="Up to 100 rows: rank, pseudonym, "
                                     "points.")
        me = serializers.DictField(allow_null=True, help_text="The caller's row, or null.")

    class QuerySerializer(serializers.Serializer):
        period = serializers.ChoiceField(choices=LeaderboardPeriod.choices, required=False,
                                         default=LeaderboardPeriod.WEEK)

    @extend_schema(operation_id="analytics_leaderboard", tags=["analytics"],
                   parameters=[OpenApiParameter("period", enum=[c for c, _ in LeaderboardPeriod.choices])],
                   responses={200: OutputSerializer, 400: _err("Unknown period."), 401: _err("Not signed in.")})
    def get(self, request):
        # A plain dict, not the QueryDict: DRF reads a form-style `?period=` as "not given" (the default), while the
        # documented enum has no empty value; it is a 400 like any other unknown period.
        query = self.QuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        period = query.validated_data["period"]
        rows = [self.RowSerializer(row).data for row in selectors.leaderboard_rows(period=period)]
        mine = selectors.leaderboard_entry_for(request.user, period=period)
        return Response({"period": period, "rows": rows, "me": self.RowSerializer(mine).data if mine else None})


class AchievementListApi(APIView):
    """The whole catalogue, each badge with whether (and when) the caller earned it."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(AwardSerializer):
        awarded_at = serializers.DateTimeField(allow_null=True)  # null: not earned yet

    @extend_schema(operation_id="analytics_achievements", tags=["analytics"],
                   responses={200: OutputSerializer(many=True), 401: _err("Not signed in.")})
    def get(self, request):
        earned = dict(selectors.awards_for(request.user).values_list("code", "awarded_at"))
        rows = [{"code": a.code, "name": a.name, "description": a.description, "points": a.points,
                 "awarded_at": earned.get(a.code)} for a in achievements.CATALOGUE]
        paginator = Pagination()  # a list like every other: {items, total, limit, offset, has_more}
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class PreferencesApi(APIView):
    """Leaderboard opt-in (off by default) and the weekly digest (on by default)."""

    permission_classes = [IsAuthenticated]
    # JSON only: in a form body an absent boolean reads as false (an HTML checkbox), so a PUT missing a field would
    # switch that preference off instead of being refused.
    parser_classes = [BoundedJSONParser]

    class InputSerializer(serializers.Serializer):
        leaderboard_opt_in = serializers.BooleanField()
        weekly_digest = serializers.BooleanField()

    class OutputSerializer(serializers.Serializer):
        leaderboard_opt_in = serializers.BooleanField()
        weekly_digest = serializers.BooleanField()
        pseudonym = serializers.CharField()

    @extend_schema(operation_id="analytics_preferences_read", tags=["analytics"],
                   responses={200: OutputSerializer, 401: _err("Not signed in.")})
    def get(self, request):
        return Response(self.OutputSerializer(services.ensure_preferences(user=request.user)).data)

    @extend_schema(operation_id="analytics_preferences_update", tags=["analytics"], request=InputSerializer,
                   responses={200: OutputSerializer, 400: _err("Invalid input."), 401: _err("Not signed in.")})
    def put(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prefs = services.update_preferences(user=request.user, **data.validated_data)
        return Response(self.OutputSerializer(prefs).data)
