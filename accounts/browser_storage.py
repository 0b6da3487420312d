"""Who owns what the pages keep in a browser's storage (code drafts, the interview room's answers): every key is
`im:<owner>:…`, where the owner is an opaque value of the signed-in user that the server renders into each page
(`<html data-storage-owner>`, by the `browser_storage` context processor). A page reads and writes only its user's
keys (static/src/lib/user-storage.js), and every page tidies the rest away (static/js/browser-storage.js): a signed-in
page removes those of anyone else and the old ones that named no user; the first page after a logout or an account
deletion in this browser (`forget_browser_storage` marks it) removes all of them. A page signed out for another
reason (the session expired, a sign-out everywhere from another device) keeps them: they are that user's and come
back when they sign in again, and the next person to sign in here gets their own page, which removes them. On a
shared browser, one person's drafts are never the next person's, and an ended session loses none."""

from __future__ import annotations

from django.utils.crypto import salted_hmac


def storage_owner(user) -> str:
    """The signed-in user's owner value in storage keys: the same on every page and in every browser of that user,
    unguessable from the user's id or address, and nothing that signs anyone in. Empty for a signed-out visitor.
    A new SECRET_KEY makes new values: drafts kept under the old ones are then tidied away, as another user's."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("interviewmaster.browser-storage", str(user.pk), algorithm="sha256").hexdigest()[:24]


FORGET_KEY = "_im_forget_browser_storage"


def forget_browser_storage(request) -> None:
    """After a logout or an account deletion (the session already flushed): the next page drawn for this browser
    removes every key the site keeps in its storage, whoever's."""
    request.session[FORGET_KEY] = True


def browser_storage(request) -> dict:
    """Template context: `storage_owner` for base.html, and `forget_storage` on the first page after
    `forget_browser_storage`. A request without a user (an error page drawn before the authentication middleware ran)
    has none, so its page neither keeps nor tidies anything: it cannot tell whether someone is signed in."""
    if not hasattr(request, "user"):
        return {}
    session = getattr(request, "session", None)
    forget = bool(session is not None and FORGET_KEY in session and session.pop(FORGET_KEY))
    return {"storage_owner": storage_owner(request.user), "forget_storage": forget}
