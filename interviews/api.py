"""interviews: REST endpoints (DESIGN §2)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.permissions import IsMentor
from interviewmaster import capabilities
from interviewmaster.api import FileDownloadNegotiation, error_response, paginated_response
from interviewmaster.input_limits import BoundedJSONParser
from interviewmaster.selectors import one_or_raise
from interviewmaster.throttles import (
    InterviewStartThrottle,
    QuestionGenerationThrottle,
    SpeechThrottle,
    UserThrottle,
)
from interviews import policy, selectors, services
from interviews.errors import NotYourSession, ReportNotReady
from interviews.generation import MAX_COUNT, request_question_generation
from interviews.models import InterviewSession, Question, QuestionGenerationJob, Turn
from interviews.reports import report_seen_by


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


# --- interviews -------------------------------------------------------------------------------------------------------
def _err(description: str) -> OpenApiResponse:
    return error_response(description)


NOT_FOUND = _err("No such interview for you (also for other users' interviews).")
CONFLICT = _err("The interview is not in a state that allows this (code says why: stale_turn, interview_paused, "
                "interview_not_live, no_open_turn, invalid_transition).")
BAD_INPUT = _err("Invalid input; field errors in `fields`.")


class TurnOutput(serializers.Serializer):
    turn = serializers.IntegerField()
    index = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    prompt = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    heading = serializers.CharField(help_text="What the room heads the turn with: the question's own title, or "
                                              "'Question 2 of 4' when its title is only its prompt cut off.")
    category = serializers.CharField(allow_blank=True)
    difficulty = serializers.CharField(allow_blank=True)
    strategy = serializers.CharField(allow_blank=True)
    question_number = serializers.IntegerField()
    needs_code = serializers.BooleanField()
    problem = serializers.DictField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField(), help_text="The languages the question names "
                                      "that the interview offers (empty when it names none).")
    language = serializers.CharField(allow_blank=True, help_text="The language the code editor opens in: the first of "
                                     "`languages`, else empty (the editor keeps its own).")
    time_limit_seconds = serializers.IntegerField()
    remaining_seconds = serializers.IntegerField()
    draft = serializers.DictField()
    hints = serializers.ListField(child=serializers.DictField())
    hints_left = serializers.IntegerField()
    hidden = serializers.BooleanField(required=False, help_text="A paused planned interview: the question (prompt, "
                                      "title, problem, hints) is left out until it is resumed.")


class SessionOutput(serializers.ModelSerializer):
    planned = serializers.BooleanField(source="is_planned")
    remaining_seconds = serializers.SerializerMethodField()
    total_questions = serializers.SerializerMethodField()
    asked_questions = serializers.IntegerField(source="position")
    ws_url = serializers.SerializerMethodField()
    room_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = InterviewSession
        fields = ["id", "candidate", "state", "mode", "role", "planned", "config", "created_at", "started_at",
                  "ended_at", "end_reason", "remaining_seconds", "time_budget_seconds", "total_questions",
                  "asked_questions", "overall", "ws_url", "room_url", "report_url"]
        read_only_fields = fields

    def to_representation(self, obj):
        """`overall` is null for whoever the report gives the candidate's copy without the evaluation
        (`policy.evaluation_shown_to` of the context's `viewer`; without one, as the candidate reads it): a planned
        interview's candidate and mentors. Its expert reads both."""
        data = super().to_representation(obj)
        if not policy.evaluation_shown_to(obj, self.context.get("viewer")):
            data["overall"] = None
        return data

    def get_remaining_seconds(self, obj) -> int:
        return obj.remaining_seconds()

    def get_total_questions(self, obj) -> int:
        return len(obj.question_plan)

    def get_ws_url(self, obj) -> str:
        return f"/ws/interviews/{obj.id}/"

    def get_room_url(self, obj) -> str:
        return f"/interviews/{obj.id}/"

    def get_report_url(self, obj) -> str:
        return f"/api/v1/interviews/{obj.id}/report"


class SessionDetailOutput(SessionOutput):
    current_turn = serializers.SerializerMethodField()

    class Meta(SessionOutput.Meta):
        fields = [*SessionOutput.Meta.fields, "current_turn"]
        read_only_fields = fields

    @extend_schema_field(TurnOutput(allow_null=True))
    def get_current_turn(self, obj) -> dict | None:
        from interviews.presenters import hidden_turn, question_hidden, turn_payload

        turn = selectors.open_turn(obj)
        if turn is None:
            return None
        return hidden_turn(turn_payload(turn)) if question_hidden(obj) else turn_payload(turn)


def _own_session(request, session_id: int) -> InterviewSession:
    return one_or_raise(selectors.sessions_for(request.user), NotYourSession, id=session_id)


def _visible_session(request, session_id: int) -> InterviewSession:
    return one_or_raise(selectors.sessions_visible_to(request.user), NotYourSession, id=session_id)


# Text fields documented as the enum the service checks them against; the service keeps its own error code
# (`invalid_interview_config`, `unsupported_language`) for a value outside it.
@extend_schema_field({"type": "string", "enum": ["", *capabilities.get_capabilities().roles]})
class TargetRoleField(serializers.CharField):
    pass


# The languages the platform offers; an interview whose configuration lists fewer takes only those.
@extend_schema_field({"type": "string", "enum": ["", *capabilities.get_capabilities().languages]})
class AnswerLanguageField(serializers.CharField):
    pass

# A character that str.strip() keeps (not str.isspace()), spelled out so that Python and ECMA regex read it alike.
NOT_ONLY_WHITESPACE = "[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


@extend_schema_field(capabilities.config_json_schema(capabilities.get_capabilities()))
class InterviewConfigField(serializers.DictField):
    """Overrides of the mode's configuration, documented with every setting the capabilities allow."""


class InterviewListCreateApi(APIView):
    """GET: your interviews, newest first (paginated). POST: start an interview (201, then open `ws_url`)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [BoundedJSONParser]  # `config` is a nested object, which a form body cannot carry
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, InterviewStartThrottle]  # counts POSTs only

    class InputSerializer(serializers.Serializer):
        mode = serializers.ChoiceField(choices=[m.id for m in capabilities.get_capabilities().modes.values()])
        role = TargetRoleField(max_length=40, required=False, allow_blank=True, default="",
                               help_text="Left out or empty: your profile's target role (as on the start page).")
        config = InterviewConfigField(required=False, default=dict)

    @extend_schema(operation_id="interviews_list", tags=["interviews"], responses={200: SessionOutput(many=True)})
    def get(self, request):
        return paginated_response(self, request, selectors.session_list_for(request.user), SessionOutput)

    @extend_schema(operation_id="interviews_create", tags=["interviews"], request=InputSerializer,
                   responses={201: SessionOutput, 400: BAD_INPUT, 422: _err("Not enough questions in the bank."),
                              409: _err("You already have an interview open (`interview_already_open`; "
                                        "`fields.open` lists its id)."),
                              429: _err("Too many live interviews with this expert, or too many started lately "
                                        "(`INTERVIEW_START_RATE`; see Retry-After)."),
                              503: _err("The platform is at its limit of live interviews.")})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data
        if not chosen["role"] and "role" not in (chosen["config"] or {}):
            chosen["role"] = policy.default_role(request.user.target_role)  # the start page's default
        session = services.start_session(candidate=request.user, **chosen)
        return Response(SessionOutput(session).data, status=201)


class InterviewDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="interviews_detail", tags=["interviews"],
                   responses={200: SessionDetailOutput, 404: NOT_FOUND})
    def get(self, request, session_id: int):
        session = _visible_session(request, session_id)
        return Response(SessionDetailOutput(session, context={"viewer": request.user}).data)


class InterviewBeginApi(APIView):
    """Start the clock and get the warm-up (what opening the room does). Repeating it on a running interview changes
    nothing; on a paused one it is a 409 `interview_paused` (use `resume`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="interviews_begin", tags=["interviews"], request=None,
                   responses={200: SessionDetailOutput, 404: NOT_FOUND, 409: CONFLICT})
    def post(self, request, session_id: int):
        session = services.begin_session(session=_own_session(request, session_id), actor=request.user)
        return Response(SessionDetailOutput(session).data)


class InterviewResumeApi(APIView):
    """Resume a paused interview: both clocks run again (what `session.resume` does in the room). Resuming a running
    interview changes nothing; one that has not begun or has ended is a 409."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="interviews_resume", tags=["interviews"], request=None,
                   responses={200: SessionDetailOutput, 404: NOT_FOUND, 409: CONFLICT})
    def post(self, request, session_id: int):
        session = services.resume_session(session=_own_session(request, session_id), candidate=request.user)
        return Response(SessionDetailOutput(session).data)


class InterviewAnswerApi(APIView):
    """Answer the open question. Evaluation and the next question follow asynchronously (poll the detail)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        # An answer has text or code with something in it (services.submit_answer: EmptyAnswer otherwise).
        schema_any_of = [{"required": [name], "properties": {name: {"pattern": NOT_ONLY_WHITESPACE}}}
                         for name in ("text", "code")]
        turn = serializers.IntegerField(required=False, min_value=1)
        text = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000,
                                     trim_whitespace=False)
        code = serializers.CharField(allow_blank=True, required=False, default="", max_length=100_000,
                                     trim_whitespace=False)
        language = AnswerLanguageField(
            allow_blank=True, required=False, default="", max_length=30,
            help_text="The code's language. Left out with code: the one chosen for this turn in the room, else the "
                      "interview's only language, else the question's first (`current_turn.language`), else its "
                      "tests' only one; for a question whose code runs against tests, `unsupported_language` when "
                      "there is none of these (other code is kept without a language).")

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Turn
            fields = ["id", "index", "kind", "status", "submitted_at"]
            read_only_fields = fields

    @extend_schema(operation_id="interviews_answer", tags=["interviews"], request=InputSerializer,
                   responses={202: OutputSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT,
                              413: _err("Answer or code too long.")})
    def post(self, request, session_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        turn = services.submit_answer(session=_own_session(request, session_id), candidate=request.user,
                                      text=values["text"], code=values["code"], language=values["language"],
                                      turn_id=values.get("turn"))
        return Response(self.OutputSerializer(turn).data, status=202)


class InterviewDraftApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        turn = serializers.IntegerField(min_value=1)
        text = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000,
                                     trim_whitespace=False)
        code = serializers.CharField(allow_blank=True, required=False, default="", max_length=100_000,
                                     trim_whitespace=False)
        language = AnswerLanguageField(allow_blank=True, required=False, default="", max_length=30)

    class OutputSerializer(serializers.Serializer):
        turn = serializers.IntegerField()
        saved_at = serializers.DateTimeField()

    @extend_schema(operation_id="interviews_draft", tags=["interviews"], request=InputSerializer,
                   responses={200: OutputSerializer, 400: BAD_INPUT, 404: NOT_FOUND, 409: CONFLICT,
                              413: _err("Draft too long.")})
    def put(self, request, session_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        saved_at = services.save_draft(session=_own_session(request, session_id), candidate=request.user,
                                       turn_id=values["turn"], text=values["text"], code=values["code"],
                                       language=values["language"])
        return Response({"turn": values["turn"], "saved_at": saved_at})


class InterviewFinishApi(APIView):
    permission_classes = [IsAuthenticated]
    # A JSON object or no body: every field is optional, so a form or multipart body that parses to nothing (the
    # contract's fuzzer sent an array as multipart) would pass for "no fields" and finish the interview (415 now).
    parser_classes = [BoundedJSONParser]

    class InputSerializer(serializers.Serializer):
        confirm = serializers.BooleanField(
            required=False, default=False,
            help_text="Finish even though questions have no answer yet. Needed for a planned interview (an expert's) "
                      "with main questions left: without it the answer is 409 `finish_needs_confirmation` and "
                      "nothing changes. A practice interview finishes without it.")

    @extend_schema(operation_id="interviews_finish", tags=["interviews"], request=InputSerializer,
                   responses={200: SessionOutput, 400: BAD_INPUT, 404: NOT_FOUND,
                              409: _err("The interview is not in a state that allows this (`interview_not_live`, "
                                        "`invalid_transition`), or it is a planned interview with questions not "
                                        "answered yet and `confirm` was not sent (`finish_needs_confirmation`; "
                                        "`fields.remaining_questions` holds how many): nothing changed.")})
    def post(self, request, session_id: int):
        session = _own_session(request, session_id)  # another user's interview is a 404 whatever the body says
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.finish_session(session=session, candidate=request.user,
                                          confirm=data.validated_data["confirm"])
        session.refresh_from_db()
        return Response(SessionOutput(session).data)


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    candidate = serializers.IntegerField()
    report = serializers.DictField()


class InterviewReportApi(APIView):
    """The report of an evaluated interview: the candidate's, their mentors' and the planned interview's expert's."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="interviews_report", tags=["interviews"],
                   responses={200: ReportOutput, 404: NOT_FOUND, 409: _err("Not evaluated yet (report_not_ready).")})
    def get(self, request, session_id: int):
        session = _visible_session(request, session_id)
        if session.state != "evaluated":
            raise ReportNotReady(f"The report is not ready: the interview is {session.get_state_display().lower()}.",
                                 fields={"state": [session.state]})
        return Response({"id": session.id, "state": session.state, "candidate": session.candidate_id,
                         "report": report_seen_by(session, request.user)})


class QuestionSpeechApi(APIView):
    """A question of the room read aloud (MP3) by the configured OpenAI-compatible endpoint's text-to-speech.

    200 with the audio when it is ready; 202 `{"status": "pending", "retry_after_ms"}` while the `ai` queue makes it;
    404 `not_found` when no endpoint is configured (nothing failed: there is no server speech here, and the room, which
    is not told of any, uses the browser's speech); 503 `speech_failed` when the provider did not deliver. Only the
    candidate and the observing expert; 404 otherwise."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [UserThrottle, SpeechThrottle]
    content_negotiation_class = FileDownloadNegotiation  # Accept: audio/mpeg was a 406

    @extend_schema(operation_id="interviews_question_speech", tags=["interviews"], responses={
        (200, "audio/mpeg"): OpenApiResponse(description="The question as MP3 audio."),
        202: OpenApiResponse(description="Being made; ask again after `retry_after_ms`."),
        404: NOT_FOUND,
        503: _err("The text-to-speech endpoint did not deliver (speech_failed).")})
    def get(self, request, session_id: int, turn_id: int):
        from interviews.speech import AUDIO_CONTENT_TYPE, question_speech

        session = InterviewSession.objects.filter(id=session_id).first()
        if session is None:
            raise NotYourSession()
        audio = question_speech(session=session, user=request.user, turn_id=turn_id)
        if audio is None:
            return Response({"status": "pending", "retry_after_ms": 1000}, status=202)
        response = HttpResponse(audio, content_type=AUDIO_CONTENT_TYPE)
        response["Cache-Control"] = "private, max-age=86400"
        return response


class MenteeInterviewListApi(APIView):
    """An assigned mentor reads a candidate's interviews; another mentor gets 404, anyone who is no mentor 403 (as on
    every mentee endpoint)."""

    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_interviews", tags=["mentees"],
                   responses={200: SessionOutput(many=True), 403: _err("Only mentors can do that."),
                              404: _err("Not one of your active mentees.")})
    def get(self, request, candidate_id: int):
        from accounts.selectors import mentee_of

        mentee_of(request.user, candidate_id)
        sessions = InterviewSession.objects.filter(candidate_id=candidate_id).order_by("-created_at", "-id")
        return paginated_response(self, request, sessions, SessionOutput)
