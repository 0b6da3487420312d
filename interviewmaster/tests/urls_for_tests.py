"""A tiny URLconf for exercising the project's API plumbing (error envelope, pagination)."""

from django.db import OperationalError
from django.urls import include, path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from interviewmaster.api import Pagination
from interviewmaster.errors import Conflict, DomainError


class Quota(DomainError):
    code = "quota_exceeded"
    status_code = 429
    default_message = "Daily quota used up."


class EchoApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=5)
        count = serializers.IntegerField(min_value=1)

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data)


DATABASE_ERRORS = {"locked": "database is locked", "table-locked": "database table is locked: interviews_turn",
                   "no-table": "no such table: missing",
                   # not SQLite's lock: an error that merely says "blocked" (it used to match "locked")
                   "blocked": "could not serialize: blocked by another process"}


class DomainErrorApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request, kind):
        if kind == "conflict":
            raise Conflict("Someone else changed it.")
        if kind == "quota":
            raise Quota(fields={"provider": ["offline"]})
        if kind in DATABASE_ERRORS:
            raise OperationalError(DATABASE_ERRORS[kind])
        if kind == "deadlock":  # as Django wraps psycopg's: the driver's error is the cause
            import psycopg

            cause = psycopg.errors.DeadlockDetected("deadlock detected\nDETAIL: Process 1 ... blocked by process 2.")
            raise OperationalError(str(cause)) from cause
        raise RuntimeError("a real bug")


class PrivateApi(APIView):
    def get(self, request):
        return Response({"ok": True})


class UserListApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(User.objects.order_by("id").values_list("email", flat=True), request)
        return paginator.get_paginated_response(list(page))


urlpatterns = [
    path("api/v1/echo", EchoApi.as_view()),
    path("api/v1/fail/<str:kind>", DomainErrorApi.as_view()),
    path("api/v1/private", PrivateApi.as_view()),
    path("api/v1/users-list", UserListApi.as_view()),
    path("", include("interviewmaster.urls")),
]

handler404 = "interviewmaster.views.page_not_found"
handler500 = "interviewmaster.views.server_error"
