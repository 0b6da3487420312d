"""The Celery application. Settings live in settings.py under the CELERY_ namespace (DESIGN §9)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")

app = Celery("interviewmaster")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Request ids travel with every task message and show up in the worker's log lines.
from interviewmaster import observability  # noqa: E402

observability.connect_celery_signals()

from interviewmaster import metrics  # noqa: E402

metrics.connect_celery_signals()
