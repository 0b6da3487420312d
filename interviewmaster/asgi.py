"""ASGI entry point served by daphne: Django for HTTP, Channels consumers for websockets."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")

from interviewmaster.asgi_handler import get_asgi_application  # noqa: E402

# Django's HTTP handler, with the middleware and view in one thread hop (asgi_handler.py); set up Django before
# importing consumers (they import models)
django_asgi_app = get_asgi_application()

if os.environ.get("WEB_WARM_UP", "true").lower() not in {"0", "false", "no"}:
    from interviewmaster.warmup import warm_up  # noqa: E402

    warm_up()  # the first requests' costs, paid before the process serves (warmup.py)

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from analytics.consumers import NotificationsConsumer  # noqa: E402
from interviewmaster.consumers import PingConsumer  # noqa: E402
from interviewmaster.socket_auth import AuthMiddlewareStack  # noqa: E402 - channels' with Django's rules (see there)
from interviews.consumers import InterviewConsumer  # noqa: E402

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/notifications/", NotificationsConsumer.as_asgi()),
    path("ws/interviews/<int:session_id>/", InterviewConsumer.as_asgi()),
]

application = ProtocolTypeRouter({
    "http": django_asgi_app,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})
