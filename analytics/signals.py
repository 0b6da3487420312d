"""Analytics listens to the other contexts; they never import it. A judged run is counted for the operations
metrics; a submission, an evaluated interview answer or a finished interview refreshes the candidate's cached
summary and checks their achievements, after commit; any other change of a candidate's study loop
(`studypaths.signals.study_loop_changed`: tasks created, started, skipped, expired or finished, a path created or
archived, reviews scheduled or postponed) refreshes the summary, whose next step reads the loop."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.signals import forget_when_profile_changes
from analytics.selectors import FINISHED_SESSION_STATES, forget_summaries, forget_summary
from interviewmaster import metrics
from interviews.models import Evaluation, SessionEvent
from resumes.models import Resume
from studypaths.models import CodeRun, RunKind
from studypaths.signals import run_judged, study_loop_changed


@receiver(run_judged, dispatch_uid="analytics-run-judged")
def run_was_judged(sender, run: CodeRun, **kwargs) -> None:
    metrics.observe_verdict(kind=run.kind, verdict=run.verdict)
    if run.kind == RunKind.SUBMISSION:
        practice_recorded(run.user_id)


def practice_recorded(user_id: int) -> None:
    """A practice action landed: the cached summary is stale and badges may be due (both after commit)."""
    from analytics.tasks import evaluate_achievements

    def after_commit():
        forget_summary(user_id)
        evaluate_achievements.delay(user_id)

    transaction.on_commit(after_commit)


@receiver(study_loop_changed, dispatch_uid="analytics-study-loop-changed")
def study_loop_changed_for(sender, user_ids: frozenset[int], **kwargs) -> None:
    """The summary's next step reads the active path, its next open task and the reviews due today: forget it (now
    and after commit, one cache round trip each for all the candidates of a beat task's run)."""
    forget_summaries(user_ids)


# Profile fields the summary is computed from: the zone (its days and "time_zone") and the cohort (percentiles). A
# change made the cached summary wrong (it said "UTC" for five minutes after the change).
forget_when_profile_changes(forget_summary, fields=frozenset({"timezone", "target_role", "experience_level"}),
                            dispatch_uid="analytics-profile-changed")


@receiver(post_save, sender=Resume, dispatch_uid="analytics-resume-uploaded")
def resume_uploaded(sender, instance: Resume, created: bool, **kwargs) -> None:
    """A new candidate's next step is the resume until there is one: forget the step once there is."""
    if created:
        transaction.on_commit(lambda: forget_summary(instance.owner_id))


@receiver(post_save, sender=Evaluation, dispatch_uid="analytics-answer-evaluated")
def answer_evaluated(sender, instance: Evaluation, created: bool, **kwargs) -> None:
    if created:
        practice_recorded(instance.turn.session.candidate_id)


@receiver(post_save, sender=SessionEvent, dispatch_uid="analytics-session-finished")
def session_event(sender, instance: SessionEvent, created: bool, **kwargs) -> None:
    """An interview finished or got its report: the first-interview badges may be due."""
    if created and instance.kind == "state.changed" and instance.data.get("to") in FINISHED_SESSION_STATES:
        practice_recorded(instance.session.candidate_id)
