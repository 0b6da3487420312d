"""Who owns what the pages keep in a browser's storage (code drafts, the interview room's answers): every key is
`im:<owner>:…`, where the owner is an opaque value of the signed-in user that the server renders into each page
(`<html data-storage-owner>`, by the `browser_storage` context processor). A page reads and writes only its user's
keys (static/src/user-storage.js), and every page tidies the rest away (static/js/browser-storage.js): a signed-out
page removes all of the site's keys, a signed-in one those of anyone else and the old ones that named no user.
On a shared browser, one person's drafts are never the next person's."""

from __future__ import annotations

from django.utils.crypto import salted_hmac


def storage_owner(user) -> str:
    """The signed-in user's owner value in storage keys: the same on every page and in every browser of that user,
    unguessable from the user's id or address, and nothing that signs anyone in. Empty for a signed-out visitor.
    A new SECRET_KEY makes new values: drafts kept under the old ones are then tidied away, as another user's."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("interviewmaster.browser-storage", str(user.pk), algorithm="sha256").hexdigest()[:24]


def browser_storage(request) -> dict:
    """Template context: `storage_owner` for base.html. A request without a user (an error page drawn before the
    authentication middleware ran) has none, so its page neither keeps nor tidies anything: it cannot tell whether
    someone is signed in."""
    if not hasattr(request, "user"):
        return {}
    return {"storage_owner": storage_owner(request.user)}
