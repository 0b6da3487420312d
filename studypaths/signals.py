"""Domain signals of study paths: other contexts (analytics) listen; study paths never imports them."""

from django.dispatch import Signal

# Sent after a code run was judged and stored (status done), with `run` (a CodeRun).
run_judged = Signal()

# Sent by the study loop's services when something the candidates' pages read about their loop changed: a task
# created, started, submitted, skipped, expired or finished, a path created or archived, review tasks scheduled, a
# review card moved. `user_ids` is a frozenset of the candidates concerned, one send per service call (a beat task
# changing many candidates' tasks sends once, with all of them). Sent inside the service's transaction: a receiver
# that acts only on committed rows defers itself (`transaction.on_commit`; `interviewmaster/forgettable.py` does).
study_loop_changed = Signal()
