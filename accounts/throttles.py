"""API throttles beyond DRF's per-user and anonymous ones."""

from rest_framework.throttling import SimpleRateThrottle


class IpRateThrottle(SimpleRateThrottle):
    """Per client IP for everybody, signed in or not (DRF's UserRateThrottle keys signed-in users by id only)."""

    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthIpRateThrottle(IpRateThrottle):
    """The token endpoints: a tight per-IP budget against credential stuffing."""

    scope = "auth"
