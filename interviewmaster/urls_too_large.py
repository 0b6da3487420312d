"""The URLconf of a page request whose body was too large (interviewmaster/asgi_handler.py): every path resolves to
the 413 page, so the request goes through the middleware like any other (session, user, CSP nonce) and no view of the
path it named runs without its body. The site's own patterns follow, never matched, for the page's links (reverse)."""

from django.urls import re_path

from interviewmaster import views
from interviewmaster.urls import urlpatterns as site_urlpatterns

urlpatterns = [re_path(r"", views.request_too_large), *site_urlpatterns]
