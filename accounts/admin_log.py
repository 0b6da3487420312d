"""Django admin's change log (`django.contrib.admin.models.LogEntry`) after an account is deleted.

The admin writes a row for every add, change and delete made there: who did it (`user`), to what (`content_type`,
`object_id`) and, as text written at the time, the object's name (`object_repr`, its `__str__`: a user's address, a
plan's "candidate name — position", a mentor link's two addresses) and what changed (`change_message`: the changed
fields' labels, and the names of inline rows added, changed or deleted). The erasure keeps every row, so staff still
see who did what and when, but takes the deleted person out of the text:

* a row about one of the person's own rows (the account, and whatever the apps erase or anonymise for it) is named
  "<model> of deleted user #<id>", and its change message loses every inline row's name;
* any other row naming one of the person's addresses or their name has those words replaced by "deleted user #<id>"
  (a mentor link names the mentor too: only the deleted person's part goes).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

logger = logging.getLogger(__name__)

ID_CHUNK = 1000


def batched(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def deleted_user_label(user_id: int) -> str:
    return f"deleted user #{user_id}"


def forget_rows(model, ids: Iterable, *, user_id: int, name: str | None = None) -> int:
    """Renames the log rows about `model` rows `ids` (the deleted account's own) to `name` (by default "<model> of
    deleted user #<id>") and drops the inline rows' names from their change messages. Returns how many log rows were
    rewritten."""
    ids = [str(pk) for pk in ids]
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    name = name or f"{model._meta.verbose_name} of {deleted_user_label(user_id)}"
    rewritten = 0
    # In chunks: an account's rows of one kind can run to tens of thousands (its interview events, its code runs), past
    # the bound parameters one query may carry (SQLite 32,766; PostgreSQL 65,535), and deletion must not fail on them.
    for chunk in batched(ids, ID_CHUNK):
        for entry in LogEntry.objects.filter(content_type=content_type, object_id__in=chunk).only("id",
                                                                                                 "change_message"):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=name[:200],
                                                        change_message=_without_object_names(entry.change_message))
            rewritten += 1
    return rewritten


MIN_WORD = 4


SCRUB_CHUNK = 5000  # log rows read per chunk (by id): one short transaction each
SCRUB_STALE_SECONDS = 120  # a scrub untouched this long is resumed by the sweep (its process died)


def _scrubbed_words(words: Iterable[str]) -> list[str]:
    # longest first; a name of one to three letters ("Al", "Go") would rewrite unrelated staff entries word by word
    return sorted({w.strip() for w in words if w and len(w.strip()) >= MIN_WORD}, key=len, reverse=True)


def schedule_forget_words(words: Iterable[str], *, user_id: int, until=None, send: bool = True):
    """`forget_words`, after the commit: records the words to replace (accounts.models.AdminLogScrub) in the caller's
    transaction, the deletion's, and sends the scan of the log once it commits. The deletion no longer reads the
    whole log while it holds its locks (~50,000 rows: 125 ms on PostgreSQL, growing with the log), and a process that
    dies before or during the scan leaves the record for the sweep: the words never stay in the log for good.
    Returns the record, or None when no word is long enough to replace; `send=False` leaves running it (`scrub`) to
    the caller."""
    from accounts.models import AdminLogScrub
    from accounts.tasks import scrub_admin_log
    from interviewmaster import recovery

    words = _scrubbed_words(words)
    if not words:
        return None
    scrub = AdminLogScrub.objects.create(account_id=user_id, words=words, until=until)
    if send:
        recovery.send_on_commit(lambda: scrub_admin_log.delay(scrub.pk),
                                what=f"the admin log scrub {scrub.pk}")
    return scrub


def scrub(scrub_id: int, *, chunk: int | None = None) -> int:
    """Runs a recorded scrub to the end of the log, one chunk of rows (by id) per transaction, each moving the
    record's `next_id` on with the rows it rewrote; deletes the record when nothing is left. Two runs of one record
    (the task and the sweep) take turns on its row lock. Returns how many log rows were rewritten."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import AdminLogScrub

    chunk = chunk or SCRUB_CHUNK
    rewritten = 0
    while True:
        with transaction.atomic():
            record = AdminLogScrub.objects.select_for_update().filter(pk=scrub_id).first()
            if record is None:
                return rewritten
            # from the first row not scanned yet (ids may be sparse: a pruned log starts high)
            start = LogEntry.objects.filter(pk__gte=record.next_id).order_by("pk").values_list("pk", flat=True).first()
            if start is None:
                record.delete()  # the whole log is scanned: the words go with the record
                return rewritten
            end = start + chunk
            rewritten += forget_words(record.words, user_id=record.account_id, until=record.until,
                                      id_range=(start, end))
            AdminLogScrub.objects.filter(pk=record.pk).update(next_id=end, updated_at=timezone.now())


def resume_stale_scrubs(*, now=None) -> int:
    """The sweep: finish every scrub whose process died (untouched for SCRUB_STALE_SECONDS). Returns how many it
    finished. One that fails is logged and left for the next sweep; the others are still done (the first failure
    stopped the sweep, and every record after it waited for good)."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import AdminLogScrub

    stale = (now or timezone.now()) - timedelta(seconds=SCRUB_STALE_SECONDS)
    ids = list(AdminLogScrub.objects.filter(updated_at__lte=stale).order_by("pk").values_list("pk", flat=True))
    finished = 0
    for scrub_id in ids:
        try:
            scrub(scrub_id)
        except Exception:
            logger.exception("admin log scrub %s failed; the next sweep tries it again", scrub_id)
        else:
            finished += 1
    return finished


def forget_words(words: Iterable[str], *, user_id: int, until=None, id_range: tuple[int, int] | None = None) -> int:
    """Replaces each of `words` (the person's addresses, their name) wherever a log row's name or change message holds
    it, whole words only and whatever the case: in the rows with ids in `id_range` ([from, to)) if given, written
    until `until` if given. Returns how many log rows were rewritten. A deletion calls `schedule_forget_words`."""
    words = _scrubbed_words(words)
    if not words:
        return 0
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)
    found = Q()
    for word in words:
        # change_message is JSON written with ensure_ascii: "José" is stored as "Jos\u00e9".
        for form in {word, json.dumps(word)[1:-1]}:
            found |= Q(object_repr__icontains=form) | Q(change_message__icontains=form)
    rows = LogEntry.objects.filter(found)
    if id_range is not None:
        rows = rows.filter(pk__gte=id_range[0], pk__lt=id_range[1])
    if until is not None:
        rows = rows.filter(action_time__lte=until)
    label = deleted_user_label(user_id)
    rewritten = 0
    for entry in rows.only("id", "object_repr", "change_message"):
        object_repr = pattern.sub(label, entry.object_repr)[:200]
        change_message = _replace_in_message(entry.change_message, lambda text: pattern.sub(label, text))
        if (object_repr, change_message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=object_repr, change_message=change_message)
            rewritten += 1
    return rewritten


def _replace_in_message(message: str, replace) -> str:
    """`replace` applied to every string of a JSON change message (Django's), or to the whole of an old plain one."""
    if not message or not message.startswith("["):
        return replace(message or "")
    try:
        data = json.loads(message)
    except json.JSONDecodeError:
        return replace(message)
    return json.dumps(_walk(data, replace))


def _walk(value, replace):
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_walk(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, replace) for k, v in value.items()}
    return value


def _without_object_names(message: str) -> str:
    """A JSON change message keeps what was done and which fields, without the names of the inline rows it lists
    ({"added": {"name": "invitation", "object": "invitation to grace@…"}}); an old plain-text one is dropped."""
    if not message:
        return ""
    try:
        data = json.loads(message)
    except json.JSONDecodeError:
        return ""
    if not isinstance(data, list):
        return ""
    for item in data:
        for detail in item.values() if isinstance(item, dict) else ():
            if isinstance(detail, dict) and "object" in detail:
                detail["object"] = ""
    return json.dumps(data)
