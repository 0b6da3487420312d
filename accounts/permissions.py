"""Role checks the REST API uses."""

from rest_framework.permissions import BasePermission

from accounts.models import Role


class IsMentor(BasePermission):
    message = "Only mentors can do that."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.MENTOR)


class IsCandidate(BasePermission):
    message = "Only candidates can do that."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.CANDIDATE)
