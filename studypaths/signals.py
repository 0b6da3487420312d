"""Domain signals of study paths: other contexts (analytics) listen; study paths never imports them."""

from django.dispatch import Signal

# Sent after a code run was judged and stored (status done), with `run` (a CodeRun).
run_judged = Signal()
