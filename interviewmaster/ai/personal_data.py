"""Account deletion erases the AI replies cached for the user (accounts.personal_data registry).

Cached replies are keyed by a hash of their inputs, and an input can be what the user wrote (an answer, a resume, a
draft). `complete_json(..., owners=...)` indexes each cached reply under the users it was made for (ai/cache.py);
this eraser deletes everything in the user's index. Who owns which call:
  * interviews (follow-up, hint, evaluation, summary): the session's candidate;
  * study-path tutor hints: the path's user; resume analysis: the resume's owner;
  * interview plans (build, critique), an expert's work about a candidate: the plan's expert, the candidate account
    it is linked to and the owner of the resume it reads, so either person's deletion removes the cached draft
    (the drafts are the expert's work and carry the candidate's skills);
  * generating bank questions (a role, a level, categories, existing prompts): nobody's data, so no owner; those
    replies expire with their lifetime (30 days).
The cache is outside the database transaction, so the keys are deleted after the deletion commits: a rolled-back
deletion keeps them.
"""

from __future__ import annotations

from django.db import transaction


def erase_cached_replies_of(user) -> None:
    from interviewmaster.ai import forget_cached_replies_of

    user_id = user.pk
    transaction.on_commit(lambda: forget_cached_replies_of(user_id))
