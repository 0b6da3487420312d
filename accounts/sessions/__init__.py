"""Session engines that store each session's account id beside it (`accounts.UserSession`), so an account's sessions
are found by an index: deleting an account deletes them (they hold the address it signed in with) without reading
every session of every user. `accounts.sessions.db` and `accounts.sessions.cached_db` are Django's engines of the
same names with that one column added (Django's "extending database-backed session engines")."""

from __future__ import annotations


def user_id_of(data: dict) -> int | None:
    """The signed-in account's id in a session's data (`_auth_user_id`, stored as text), or None."""
    from django.contrib.auth import SESSION_KEY

    try:
        return int(data.get(SESSION_KEY))
    except (TypeError, ValueError):
        return None


class UserIdColumn:
    """Mixed into a database-backed SessionStore: its rows are `accounts.UserSession`, with the account's id."""

    @classmethod
    def get_model_class(cls):
        from accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        row.user_id = user_id_of(data)
        return row
