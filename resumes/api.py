"""REST endpoints for resumes (DESIGN §2): one APIView per operation, nested Input/Output serializers."""

from __future__ import annotations

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.validators import NAME_PATTERN
from interviewmaster.api import FileDownloadNegotiation, paginated_response
from interviewmaster.input_limits import BoundedJSONParser
from interviewmaster.streaming import served_by_asgi, stream_body
from interviewmaster.throttles import ResumeUploadThrottle
from resumes import selectors, services
from resumes.analysis import role_profiles
from resumes.errors import ResumeNotFound
from resumes.models import Resume, ResumeSkill, ResumeStatus, SkillStatus

CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def file_response(request, resume: Resume) -> FileResponse:
    """Stream the stored file to its owner: an attachment, never cached, never a public storage URL. Under ASGI the
    file is read block by block as it is sent (`interviewmaster.streaming`), not into memory first."""
    try:
        handle = resume.file.open("rb")
    except FileNotFoundError as exc:  # the row outlived its file (storage cleaned, restored backup): not a 500
        raise ResumeNotFound("The file is no longer in storage; upload it again.", code="file_missing") from exc
    response = FileResponse(handle, as_attachment=True, filename=resume.original_filename,
                            content_type=CONTENT_TYPES.get(resume.kind, "application/octet-stream"))
    if served_by_asgi(request):  # under WSGI Django's file wrapper (sendfile) serves it as it is
        response.streaming_content = stream_body(request, response.streaming_content)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SkillOutputSerializer(serializers.ModelSerializer):
    verified = serializers.BooleanField(read_only=True, help_text="False for a typed name outside the taxonomy")

    class Meta:
        model = ResumeSkill
        fields = ["id", "skill_id", "name", "category", "confidence", "status", "source", "verified", "evidence"]


class ResumeListApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        skill_count = serializers.IntegerField(read_only=True)

        class Meta:
            model = Resume
            fields = ["id", "original_filename", "kind", "status", "progress", "is_active", "target_role",
                      "created_at", "parsed_at", "skill_count"]

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return paginated_response(self, request, selectors.resumes_for(request.user), ResumeListApi.OutputSerializer)


class ResumeUploadApi(APIView):
    parser_classes = [MultiPartParser]  # a file upload: multipart only (documented as such)
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ResumeUploadThrottle]  # counts POSTs only

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(allow_empty_file=True, max_length=255)
        target_role = serializers.ChoiceField(choices=[], required=False, allow_blank=True)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["target_role"].choices = list(role_profiles())

    class OutputSerializer(serializers.ModelSerializer):
        status_url = serializers.SerializerMethodField()

        class Meta:
            model = Resume
            fields = ["id", "task_id", "status", "progress", "status_url"]

        def get_status_url(self, obj) -> str:
            return reverse("resumes-api:task-status", args=[obj.task_id])

    @extend_schema(request=InputSerializer, responses={202: OutputSerializer})
    def post(self, request):
        data = ResumeUploadApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resume = services.upload_resume(owner=request.user, **data.validated_data)
        return Response(ResumeUploadApi.OutputSerializer(resume).data, status=status.HTTP_202_ACCEPTED)


class ResumeDetailApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        skills = serializers.SerializerMethodField()
        file_url = serializers.SerializerMethodField()

        class Meta:
            model = Resume
            fields = ["id", "original_filename", "kind", "size_bytes", "status", "progress", "failure_code",
                      "failure_reason", "task_id", "is_active", "target_role", "page_count", "facts", "analysis",
                      "created_at", "parsed_at", "skills", "file_url"]

        def get_skills(self, obj) -> list[dict]:
            return SkillOutputSerializer(selectors.visible_skills(obj), many=True).data

        def get_file_url(self, obj) -> str:
            return reverse("resumes-api:file", args=[obj.id])

    @extend_schema(responses=OutputSerializer)
    def get(self, request, resume_id: int):
        resume = selectors.resume_for(request.user, resume_id)
        return Response(ResumeDetailApi.OutputSerializer(resume).data)


class ResumeDeleteApi(APIView):
    @extend_schema(responses={204: None},
                   description="Soft-deletes the resume and removes its file; 204 without a body. When it was the "
                               "active resume, another takes its place: the newest ready one, else the newest one "
                               "still being read, never one that failed; none when no such resume is left. The "
                               "list (GET /api/v1/resumes/, is_active) shows which.")
    def delete(self, request, resume_id: int):
        services.delete_resume(resume=selectors.resume_for(request.user, resume_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResumeFileApi(APIView):
    content_negotiation_class = FileDownloadNegotiation  # Accept: application/pdf was a 406

    @extend_schema(responses={(200, content_type): bytes for content_type in CONTENT_TYPES.values()})
    def get(self, request, resume_id: int):
        return file_response(request, selectors.resume_for(request.user, resume_id))


class ResumeActivateApi(APIView):
    @extend_schema(request=None, responses=ResumeDetailApi.OutputSerializer)
    def post(self, request, resume_id: int):
        resume = services.set_active_resume(resume=selectors.resume_for(request.user, resume_id), actor=request.user)
        return Response(ResumeDetailApi.OutputSerializer(resume).data)


class ResumeReparseApi(APIView):
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ResumeUploadThrottle]  # a re-read costs a parse

    @extend_schema(request=None, responses={202: ResumeUploadApi.OutputSerializer})
    def post(self, request, resume_id: int):
        resume = services.reparse_resume(resume=selectors.resume_for(request.user, resume_id), actor=request.user)
        return Response(ResumeUploadApi.OutputSerializer(resume).data, status=status.HTTP_202_ACCEPTED)


class ResumeTargetRoleApi(APIView):
    parser_classes = [BoundedJSONParser, FormParser]

    class InputSerializer(serializers.Serializer):
        target_role = serializers.ChoiceField(choices=[], allow_blank=True)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["target_role"].choices = list(role_profiles())

    @extend_schema(request=InputSerializer, responses=InputSerializer)
    def put(self, request, resume_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resume = services.choose_target_role(resume=selectors.resume_for(request.user, resume_id), actor=request.user,
                                             **data.validated_data)
        return Response({"id": resume.id, "target_role": resume.target_role})


class SkillAddApi(APIView):
    parser_classes = [BoundedJSONParser, FormParser]

    class InputSerializer(serializers.Serializer):
        # the people's-name rule, which the service applies to the page's form too (resumes.services.add_skill);
        # the schema documents it as the name's pattern, so a schema-valid name is one the service takes
        # Checked untrimmed, as a person's name is: a line break or tab is refused wherever it stands, as the
        # pattern says (a trimmed "Go\n" was accepted, a schema-violating request); the service trims the blanks.
        name = serializers.RegexField(NAME_PATTERN, max_length=100, trim_whitespace=False, error_messages={"invalid": (
            "Give the skill a name with a visible character, without control or text-direction characters.")})

    @extend_schema(request=InputSerializer, responses={201: SkillOutputSerializer, 200: SkillOutputSerializer},
                   description="One skill per request. 201 when the skill is new on the resume; 200 when it was "
                               "already there (it is confirmed, nothing else is added). A name that lists several "
                               "skills, separated by commas or semicolons outside brackets (\"Rust, Terraform\"), "
                               "is a 400 invalid_skill naming them; \"Kubernetes (k8s)\" or \"Kubernetes, k8s\" "
                               "names one.")
    def post(self, request, resume_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        skill, created = services.add_skill(resume=selectors.resume_for(request.user, resume_id), actor=request.user,
                                            **data.validated_data)
        return Response(SkillOutputSerializer(skill).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class SkillStatusApi(APIView):
    parser_classes = [BoundedJSONParser, FormParser]

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=SkillStatus.choices)

    @extend_schema(request=InputSerializer, responses=SkillOutputSerializer)
    def patch(self, request, resume_id: int, skill_pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        skill = services.set_skill_status(resume=selectors.resume_for(request.user, resume_id), actor=request.user,
                                          skill_pk=skill_pk, status=data.validated_data["status"])
        return Response(SkillOutputSerializer(skill).data)


class TaskStatusApi(APIView):
    """The state of a background task the user started (today: a resume parse), owner-checked."""

    _STATES = {ResumeStatus.UPLOADED: "pending", ResumeStatus.EXTRACTING: "running",
               ResumeStatus.ANALYSING: "running", ResumeStatus.READY: "succeeded", ResumeStatus.FAILED: "failed"}

    class OutputSerializer(serializers.Serializer):
        task_id = serializers.UUIDField()
        kind = serializers.CharField()
        state = serializers.CharField()
        done = serializers.BooleanField()
        resume_id = serializers.IntegerField()
        status = serializers.CharField()
        progress = serializers.IntegerField()
        failure_code = serializers.CharField()
        failure_reason = serializers.CharField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request, task_id):
        resume = selectors.resume_for_task(request.user, task_id)
        return Response(self.OutputSerializer({
            "task_id": resume.task_id, "kind": "resume.parse", "state": self._STATES[resume.status],
            "done": resume.is_terminal, "resume_id": resume.id, "status": resume.status,
            "progress": resume.progress, "failure_code": resume.failure_code,
            "failure_reason": resume.failure_reason,
        }).data)


# One URL serves two operations; each method stays the operation of its own APIView above.
class ResumeCollectionApi(ResumeUploadApi, ResumeListApi):
    """GET lists the user's resumes; POST uploads one (multipart) and answers 202 with the task id."""


class ResumeItemApi(ResumeDetailApi, ResumeDeleteApi):
    """GET shows one resume with skills and analysis; DELETE soft-deletes it and removes the file."""
