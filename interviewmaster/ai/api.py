"""GET /api/v1/ai/status — each provider's health, circuit, quota use and last error (admins only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from interviewmaster.ai.chain import get_chain


class IsPlatformAdmin(BasePermission):
    message = "Only administrators can see the AI provider status."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or getattr(user, "role", "") == "admin"))


class AIStatusApi(APIView):
    permission_classes = [IsPlatformAdmin]

    class OutputSerializer(serializers.Serializer):
        class ProviderSerializer(serializers.Serializer):
            name = serializers.CharField()
            model = serializers.CharField()
            remote = serializers.BooleanField()
            healthy = serializers.BooleanField()
            circuit = serializers.DictField()
            quota = serializers.DictField()
            average_latency_ms = serializers.FloatField(allow_null=True)
            last_error = serializers.CharField(allow_blank=True)
            last_error_at = serializers.CharField(allow_null=True)

        providers = ProviderSerializer(many=True)

    @extend_schema(responses=OutputSerializer, summary="AI provider health, circuits and quota (admin only)")
    def get(self, request):
        return Response(self.OutputSerializer({"providers": get_chain().status()}).data)
