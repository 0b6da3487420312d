"""interviews: REST endpoints (DESIGN §2)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from interviewmaster.throttles import QuestionGenerationThrottle
from interviews.generation import MAX_COUNT, request_question_generation
from interviews.models import Question, QuestionGenerationJob


class CanGenerateQuestions(BasePermission):
    """Experts, mentors and admins may ask for questions; generated ones go to the experts' review queue."""

    message = "Only experts, mentors and administrators can generate questions."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and
                    (user.is_superuser or getattr(user, "role", "") in ("expert", "mentor", "admin")))


class QuestionJobOutput(serializers.ModelSerializer):
    class QuestionOutput(serializers.ModelSerializer):
        class Meta:
            model = Question
            fields = ["id", "title", "prompt", "category", "difficulty", "tags", "languages", "is_active", "source"]

    questions = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()

    class Meta:
        model = QuestionGenerationJob
        fields = ["id", "status", "role", "difficulty", "count", "categories", "language", "provider", "questions",
                  "error", "status_url", "created_at", "finished_at"]

    def get_questions(self, job) -> list[dict]:
        if job.status != QuestionGenerationJob.Status.DONE:
            return []
        by_id = Question.objects.in_bulk([row["question_id"] for row in job.result])
        return [{**self.QuestionOutput(by_id[row["question_id"]]).data, "cache": row["cache"]}
                for row in job.result if row["question_id"] in by_id]

    def get_status_url(self, job) -> str:
        return reverse("interviews-api:question-generation-job", args=[job.id], request=self.context.get("request"))

    def get_error(self, job) -> dict | None:
        return {"code": job.error_code, "message": job.error_message} if job.error_code else None


class QuestionGenerateApi(APIView):
    """Queue a request for `count` questions; poll `status_url` for the result (202 Accepted)."""

    permission_classes = [CanGenerateQuestions]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, QuestionGenerationThrottle]

    class InputSerializer(serializers.Serializer):
        role = serializers.CharField(max_length=40)
        difficulty = serializers.CharField(max_length=20)
        count = serializers.IntegerField(min_value=1, max_value=MAX_COUNT)
        categories = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                           max_length=10, default=list)
        language = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={202: QuestionJobOutput},
                   summary="Generate questions: cache, then bank, then AI for the shortfall (asynchronous)")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = request_question_generation(user=request.user, **data.validated_data)
        job.refresh_from_db()
        return Response(QuestionJobOutput(job, context={"request": request}).data, status=202)


class QuestionGenerationJobApi(APIView):
    permission_classes = [CanGenerateQuestions]

    @extend_schema(responses=QuestionJobOutput, summary="Status and result of a question generation request")
    def get(self, request, job_id: int):
        job = get_object_or_404(QuestionGenerationJob, id=job_id, requested_by=request.user)
        return Response(QuestionJobOutput(job, context={"request": request}).data)
