"""accounts REST API: JWT auth for mentors and integrations, the current user's profile, mentors and mentees.

One APIView per operation; input serializers validate, services act, output serializers render (DESIGN §2).
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.compat import LONG_SEPARATORS, SHORT_SEPARATORS
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError

from accounts import profile_options, selectors, services
from accounts.adapter import client_ip
from accounts.errors import AccountsErrorCode, InvalidToken, SessionLoggedOut, TokenRevoked
from accounts.mentee_progress import progress_for
from accounts.models import LoginEvent, MentorAssignment, MentorInvitation, User
from accounts.permissions import IsCandidate, IsMentor
from accounts.validators import BLANK_NAME, EMAIL_MAX_LENGTH, NameValidator, validate_email_local_part
from interviewmaster.api import error_response, paginated_response
from interviewmaster.input_limits import BoundedJSONParser
from interviewmaster.streaming import json_chunks, stream_body
from interviewmaster.throttles import (
    AuthIpThrottle,
    MentorInviteThrottle,
    PasswordCheckThrottle,
    PersonalDataExportThrottle,
)

JWT_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"  # three base64url parts
AUTH_ERRORS = {
    400: error_response("Invalid input (field errors in `fields`)."),
    429: error_response("Too many requests from this IP or user; see Retry-After."),
}


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "target_role", "experience_level", "preferred_language", "timezone",
                  "date_joined"]
        read_only_fields = fields
        # Unset profile choices are "" (documented as part of each enum, as they are returned).
        extra_kwargs = {name: {"allow_blank": True} for name in ("target_role", "experience_level",
                                                                  "preferred_language")}


# --- JWT -------------------------------------------------------------------------------------------------------------
class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Access token (Bearer), valid JWT_ACCESS_MINUTES (default 15).")
    refresh = serializers.CharField(help_text="Refresh token, valid JWT_REFRESH_DAYS (default 7); single use.")


class TokenObtainApi(APIView):
    """Exchange email + password for an access/refresh token pair."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthIpThrottle]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    OutputSerializer = TokenPairSerializer

    @extend_schema(
        operation_id="auth_token_obtain", tags=["auth"], request=InputSerializer,
        responses={200: OutputSerializer, **AUTH_ERRORS,
                   401: error_response("Wrong email or password (`invalid_credentials`)."),
                   403: error_response("The email address is not verified yet (`email_not_verified`)."),
                   423: error_response("The account is locked after too many failed logins (`account_locked`).")},
        examples=[OpenApiExample("credentials", request_only=True,
                                 value={"email": "mentor@example.com", "password": "correct-horse-battery-9"})],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.authenticate_for_api(request=request, ip=client_ip(request), **data.validated_data)
        return Response(self.OutputSerializer(services.issue_tokens(user=user)).data)


class TokenRefreshApi(APIView):
    """Exchange a refresh token for a new pair. The old refresh token is used up (atomically: of parallel requests
    with one token exactly one succeeds); presenting a used token again revokes every token of its session
    (`token_reused`); a token issued before the account last signed out everywhere is refused (`token_revoked`)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthIpThrottle]

    class InputSerializer(serializers.Serializer):
        refresh = serializers.RegexField(JWT_PATTERN, help_text="A refresh token (a JWT).")

    OutputSerializer = TokenPairSerializer

    @extend_schema(operation_id="auth_token_refresh", tags=["auth"], request=InputSerializer,
                   responses={200: OutputSerializer, **AUTH_ERRORS,
                              401: error_response("Invalid or expired token, inactive account (`invalid_token`), "
                                                  "a token used before: its session is revoked (`token_reused`), "
                                                  "a token issued before the account signed out everywhere "
                                                  "(logout-all, password change or reset) or of a session signed "
                                                  "out (logout, a reused token): `token_revoked`.")})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pair = services.rotate_refresh_token(refresh=data.validated_data["refresh"])
        except services.RefreshRevoked as exc:
            raise InvalidToken(TokenRevoked.default_message, code=AccountsErrorCode.TOKEN_REVOKED) from exc
        except services.RefreshSignedOut as exc:
            raise InvalidToken(SessionLoggedOut.default_message, code=AccountsErrorCode.TOKEN_REVOKED) from exc
        except services.RefreshReused as exc:
            # Its session's refresh tokens are revoked; an access token already issued lives out its few minutes
            # (JWT_ACCESS_MINUTES): the message said every token was.
            raise InvalidToken("This refresh token was already used, so its session has been signed out: no token "
                               "of it can be refreshed any more. Sign in again.",
                               code=AccountsErrorCode.TOKEN_REUSED) from exc
        except services.RefreshInvalid as exc:
            raise InvalidToken(str(exc) or None) from exc
        return Response(self.OutputSerializer(pair).data)


class LogoutApi(APIView):
    """Log this client out: its session ends. The refresh token is blacklisted with the rest of its session's, and
    the access tokens of the session are refused (401 `token_revoked`) from the next request; the account's other
    sessions go on."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthIpThrottle]

    class InputSerializer(serializers.Serializer):
        refresh = serializers.RegexField(JWT_PATTERN, help_text="A refresh token (a JWT).")

    @extend_schema(operation_id="auth_logout", tags=["auth"], request=InputSerializer,
                   responses={204: OpenApiResponse(description="The session is signed out: its refresh and access "
                                                                        "tokens no longer work."), **AUTH_ERRORS,
                              401: error_response(
                                  "The token is invalid, expired or already blacklisted (`invalid_token`).")})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.revoke_refresh_token(refresh=data.validated_data["refresh"])
        except TokenError as exc:
            raise InvalidToken() from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllApi(APIView):
    """Log out everywhere: every access and refresh token of the signed-in user issued so far stops working at once
    (401 `token_revoked`), the one that made this request included; every outstanding refresh token is blacklisted."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        revoked = serializers.IntegerField(help_text="How many refresh tokens were blacklisted.")

    @extend_schema(operation_id="auth_logout_all", tags=["auth"], request=None,
                   responses={200: OutputSerializer, 429: AUTH_ERRORS[429]})  # 401: the implied one
    def post(self, request):
        revoked = services.revoke_all_tokens(user=request.user)
        return Response(self.OutputSerializer({"revoked": revoked}).data)


# --- The current user ------------------------------------------------------------------------------------------------
class MeApi(APIView):
    """The signed-in user's account and profile: read, update, delete."""

    permission_classes = [IsAuthenticated]
    parser_classes = [BoundedJSONParser]  # a JSON object; a form body could not say "no fields" from "not an object"
    # The project-wide throttles plus, for DELETE (it checks the password), a strict per-user budget.
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PasswordCheckThrottle]

    class InputSerializer(serializers.Serializer):
        # Choices are validated by accounts.services.update_profile (400 with field errors for unknown values).
        # A visible character and no control characters (accounts/validators), documented as a pattern. Checked
        # untrimmed, so a line break is refused wherever it stands; the service trims the outer blanks.
        name = serializers.CharField(required=False, max_length=150, trim_whitespace=False,
                                     validators=[NameValidator()], error_messages={"blank": BLANK_NAME})
        target_role = serializers.ChoiceField(choices=[], required=False, allow_blank=True,
                                              help_text="A role id from the capabilities, e.g. backend_engineer.")
        experience_level = serializers.ChoiceField(choices=[], required=False, allow_blank=True,
                                                   help_text="entry, mid, senior or staff.")
        preferred_language = serializers.ChoiceField(choices=[], required=False, allow_blank=True,
                                                     help_text="A language id, e.g. python.")
        timezone = serializers.ChoiceField(choices=[], required=False, allow_blank=True,
                                           help_text="IANA name, e.g. Europe/Berlin.")

        reject_unknown_fields = True  # documented as additionalProperties: false

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)  # choices from the capabilities, so the schema lists them
            self.fields["target_role"].choices = profile_options.target_roles()
            self.fields["experience_level"].choices = profile_options.experience_levels()
            self.fields["preferred_language"].choices = profile_options.languages()
            self.fields["timezone"].choices = profile_options.timezones()

        def to_internal_value(self, data):
            """Unknown fields are reported together with the known fields' errors."""
            unknown = {name: ["This field cannot be changed here."]
                       for name in sorted(set(getattr(data, "keys", lambda: [])()) - set(self.fields))}
            try:
                value = super().to_internal_value(data)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            if unknown:
                raise serializers.ValidationError(unknown)
            return value

    class DeleteSerializer(serializers.Serializer):
        password = serializers.CharField(trim_whitespace=False)

    OutputSerializer = ProfileSerializer

    @extend_schema(operation_id="users_me", tags=["users"], responses={200: OutputSerializer})
    def get(self, request):
        return Response(self.OutputSerializer(request.user).data)

    @extend_schema(operation_id="users_me_update", tags=["users"], request=InputSerializer,
                   responses={200: OutputSerializer,
                              400: error_response("Unknown target role, level, language or timezone.")})
    def patch(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.update_profile(user=request.user, **data.validated_data)
        return Response(self.OutputSerializer(user).data)

    @extend_schema(operation_id="users_me_delete", tags=["users"], request=DeleteSerializer,
                   responses={204: OpenApiResponse(description="Account anonymised and deactivated."),
                              400: error_response("Wrong password (`wrong_password`); it counts towards the lockout "
                                                  "like a failed login."),
                              423: error_response("Too many wrong passwords for this account from this address "
                                                  "(`account_locked`), here or at the login."),
                              429: error_response("Too many attempts (`throttled`); see Retry-After.")})
    def delete(self, request):
        data = self.DeleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.delete_account(user=request.user, password=data.validated_data["password"],
                                channel=LoginEvent.Channel.API, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportApi(APIView):
    """Everything we hold about the signed-in user, as one JSON document (the JSON every answer of the API is: the
    JSONRenderer's options), streamed as it is read so memory does not grow with the history; rate-limited per user
    (PERSONAL_DATA_EXPORT_RATE, one budget with the profile page's "Download my data")."""

    permission_classes = [IsAuthenticated]

    def get_throttles(self):
        return [*super().get_throttles(), PersonalDataExportThrottle()]

    @extend_schema(operation_id="users_me_export", tags=["users"],
                   responses={200: OpenApiResponse(description="Personal data export (JSON object)."),
                              429: error_response("Too many exports; see Retry-After.")})
    def get(self, request):
        renderer = JSONRenderer()
        chunks = json_chunks(selectors.personal_data_document(request.user), cls=renderer.encoder_class,
                             ensure_ascii=renderer.ensure_ascii, allow_nan=not renderer.strict,
                             separators=SHORT_SEPARATORS if renderer.compact else LONG_SEPARATORS)
        # as the renderer does: U+2028/U+2029 escaped (a line end in JavaScript; raw, they occur only in strings)
        chunks = (chunk.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") for chunk in chunks)
        response = StreamingHttpResponse(stream_body(request, chunks), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="interviewmaster-my-data.json"'
        return response


# --- A candidate's mentors -------------------------------------------------------------------------------------------
class MentorAssignmentSerializer(serializers.ModelSerializer):
    mentor_email = serializers.EmailField(source="mentor.email")
    mentor_name = serializers.CharField(source="mentor.name")
    # The relation holds from the mentor's acceptance, not from the candidate's request (`MentorAssignment.since`):
    # it said the request's time, days before the mentor could see anything. Only accepted assignments are listed.
    since = serializers.DateTimeField(source="accepted_at", help_text="When the mentor accepted: they follow the "
                                                                      "candidate from then on.")

    class Meta:
        model = MentorAssignment
        fields = ["id", "mentor_email", "mentor_name", "since", "active", "ended_at"]
        read_only_fields = fields


class MentorListApi(APIView):
    """The signed-in candidate's active mentors: those who accepted. A request a mentor has not accepted is listed
    only as a pending invitation (`GET /api/v1/mentors/invitations`), exactly like one to any other address."""

    permission_classes = [IsCandidate]
    OutputSerializer = MentorAssignmentSerializer

    @extend_schema(operation_id="mentors_list", tags=["mentors"],
                   responses={200: OutputSerializer(many=True), 403: error_response("Only candidates have mentors.")})
    def get(self, request):
        return paginated_response(self, request, selectors.mentor_assignments_of(request.user), self.OutputSerializer)


class MentorInviteApi(APIView):
    """A candidate asks an email address to mentor them. The answer, and the pending invitation it leaves, are the
    same whether or not the address is a mentor account (no account enumeration): a mentor account gets a request to
    accept or decline and an email, any other address an email on how to get one (accounts.services.invite_mentor)."""

    permission_classes = [IsCandidate]
    # The project-wide throttles plus a per-candidate budget: an invitation may email an address with no account.
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, MentorInviteThrottle]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH, validators=[validate_email_local_part],
                                       help_text="At most 254 characters, at most 64 of them before the @.")

    class OutputSerializer(serializers.Serializer):
        email = serializers.EmailField(help_text="The invited address as compared: trimmed, lower case, an "
                                                "internationalised domain in its ASCII form.")
        message = serializers.CharField(help_text="What happens next; the same text whoever owns the address.")

    @extend_schema(operation_id="mentors_invite", tags=["mentors"], request=InputSerializer,
                   responses={202: OpenApiResponse(OutputSerializer, description=(
                                  "Invitation accepted, whoever owns the address (the answer never tells whether it "
                                  "is a mentor account). The address appears in `GET /api/v1/mentors/invitations` "
                                  "as pending either way. A mentor account is asked to accept; once it does, the "
                                  "invitation leaves that list and the mentor appears in `GET /api/v1/mentors/`. "
                                  "Any other address is mailed how to get a mentor account.")),
                              400: error_response("Not an email address (`invalid`, see `fields`), or your "
                                                  "own (`own_address`)."),
                              403: error_response("Only candidates can invite mentors."),
                              409: error_response("You already invited that address (`already_assigned`): it "
                                                  "follows you or its invitation is pending."),
                              429: error_response("Too many invitations (MENTOR_INVITE_RATE); see Retry-After.")})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"]
        message = services.invite_mentor(candidate=request.user, email=email)
        return Response(self.OutputSerializer({"email": services.canonical_email(email), "message": message}).data,
                        status=status.HTTP_202_ACCEPTED)


class MentorInvitationSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="Always `pending`: accepted invitations are mentors "
                                                         "(`GET /api/v1/mentors/`).")

    class Meta:
        model = MentorInvitation
        fields = ["id", "email", "status", "created_at"]
        read_only_fields = fields

    def get_status(self, obj) -> str:
        return "pending"


class MentorInvitationListApi(APIView):
    """The signed-in candidate's pending invitations: every invited address until its mentor accepts (a mentor
    account's request and any other address look alike: the address as typed, `pending`), it expires
    (MENTOR_INVITATION_DAYS) or the candidate withdraws it. A declined request stays here until it expires."""

    permission_classes = [IsCandidate]
    OutputSerializer = MentorInvitationSerializer

    @extend_schema(operation_id="mentors_invitations_list", tags=["mentors"],
                   responses={200: OutputSerializer(many=True), 403: error_response("Only candidates invite.")})
    def get(self, request):
        return paginated_response(self, request, selectors.mentor_invitations_of(request.user), self.OutputSerializer)


class MentorInvitationWithdrawApi(APIView):
    """A candidate withdraws a pending invitation; the address is forgotten (a mentor's request behind it ends)."""

    permission_classes = [IsCandidate]

    @extend_schema(operation_id="mentors_invitations_withdraw", tags=["mentors"], request=None,
                   responses={204: OpenApiResponse(description="Withdrawn."),
                              403: error_response("Only candidates invite."),
                              404: error_response("No pending invitation of yours with that id.")})
    def post(self, request, invitation_id: int):
        services.withdraw_mentor_invitation(candidate=request.user, invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MentorRevokeApi(APIView):
    """A candidate ends a mentor's access. Repeating it on the ended assignment answers 200 with it again (a retry after
    a timeout is no failure)."""

    permission_classes = [IsCandidate]
    OutputSerializer = MentorAssignmentSerializer

    @extend_schema(operation_id="mentors_revoke", tags=["mentors"], request=None,
                   responses={200: OutputSerializer, 403: error_response("Only candidates can revoke mentors."),
                              404: error_response("No assignment of yours, accepted by its mentor, with that id.")})
    def post(self, request, assignment_id: int):
        assignment = services.revoke_mentor(candidate=request.user, assignment_id=assignment_id)
        return Response(self.OutputSerializer(assignment).data)


# --- A mentor's candidates -------------------------------------------------------------------------------------------
class MenteeListApi(APIView):
    """The candidates actively assigned to the signed-in mentor."""

    permission_classes = [IsMentor]
    OutputSerializer = ProfileSerializer

    @extend_schema(operation_id="mentees_list", tags=["mentees"],
                   responses={200: OutputSerializer(many=True), 403: error_response("Only mentors have mentees.")})
    def get(self, request):
        return paginated_response(self, request, selectors.mentees_for(request.user), self.OutputSerializer)


class MenteeDetailApi(APIView):
    """One assigned candidate's profile and progress. Unassigned candidates do not exist for this mentor (404)."""

    permission_classes = [IsMentor]

    class OutputSerializer(ProfileSerializer):
        progress = serializers.SerializerMethodField(help_text=(
            "Per-app progress summaries, by app name. `study_path`: the active path's summary (path, track, status, "
            "streak, reviews_due_today, tasks, modules); without an active path the latest path's, its `status` "
            "saying `archived`; null when the candidate has never had a path."))

        class Meta(ProfileSerializer.Meta):
            fields = [*ProfileSerializer.Meta.fields, "progress"]
            read_only_fields = fields

        def get_progress(self, obj) -> dict:
            return progress_for(obj)

    @extend_schema(operation_id="mentees_detail", tags=["mentees"],
                   responses={200: OutputSerializer, 403: error_response("Only mentors have mentees."),
                              404: error_response("Not one of your active mentees.")})
    def get(self, request, candidate_id: int):
        candidate = selectors.mentee_of(request.user, candidate_id)
        return Response(self.OutputSerializer(candidate).data)


class MenteeRequestSerializer(serializers.ModelSerializer):
    candidate_id = serializers.IntegerField(source="candidate.id")
    candidate_email = serializers.EmailField(source="candidate.email")
    candidate_name = serializers.CharField(source="candidate.name")
    requested_at = serializers.DateTimeField(source="since", help_text="When the candidate asked.")

    class Meta:
        model = MentorAssignment
        fields = ["id", "candidate_id", "candidate_email", "candidate_name", "requested_at", "accepted_at"]
        read_only_fields = fields


class MenteeRequestListApi(APIView):
    """Candidates' requests waiting for the signed-in mentor: accept one to see that candidate (until then every
    `/api/v1/mentees/{candidate_id}/...` endpoint answers 404 for them), or decline it."""

    permission_classes = [IsMentor]
    OutputSerializer = MenteeRequestSerializer

    @extend_schema(operation_id="mentees_requests_list", tags=["mentees"],
                   responses={200: OutputSerializer(many=True), 403: error_response("Only mentors have mentees.")})
    def get(self, request):
        return paginated_response(self, request, selectors.mentee_requests_for(request.user), self.OutputSerializer)


class MenteeRequestAcceptApi(APIView):
    """The mentor accepts a request: the candidate becomes their mentee, and sees the mentor among their mentors.
    Accepting it again while it stands answers 200 with the same body (a retry after a timeout is no failure)."""

    permission_classes = [IsMentor]
    OutputSerializer = MenteeRequestSerializer

    @extend_schema(operation_id="mentees_requests_accept", tags=["mentees"], request=None,
                   responses={200: OutputSerializer, 403: error_response("Only mentors have mentees."),
                              404: error_response("No waiting or accepted request of yours with that id (a declined, "
                                                  "withdrawn or expired one is gone).")})
    def post(self, request, request_id: int):
        assignment = services.accept_mentee_request(mentor=request.user, request_id=request_id)
        return Response(self.OutputSerializer(assignment).data)


class MenteeRequestDeclineApi(APIView):
    """The mentor declines a request: it is gone for them. The candidate is not told: their invitation stays pending
    until it expires, as one to any address does."""

    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_requests_decline", tags=["mentees"], request=None,
                   responses={204: OpenApiResponse(description="Declined."),
                              403: error_response("Only mentors have mentees."),
                              404: error_response("No waiting request of yours with that id.")})
    def post(self, request, request_id: int):
        services.decline_mentee_request(mentor=request.user, request_id=request_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
