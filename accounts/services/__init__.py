"""accounts: every write about users, split by job (DESIGN §2): lockout, tokens, profile and roles, mentors, deletion.

`from accounts import services; services.X` keeps working for every name the modules export.
"""

from accounts.services.addresses import remember_former_address
from accounts.services.deletion import (
    can_use_tokens,
    clear_expired_sessions,
    delete_account,
    delete_account_as_operator,
    delete_sessions_of,
)
from accounts.services.lockout import (
    TRUST_COOKIE,
    authenticate_for_api,
    check_password_again,
    count_password_attempt,
    email_free_failures,
    ensure_login_allowed,
    has_verified_email,
    is_trusted,
    locked_message,
    lockout_duration,
    lockout_threshold,
    record_login_failure,
    record_login_success,
    trust_cookie_value,
    unlock_account,
    unlock_token,
    use_unlock_token,
)
from accounts.services.mentors import (
    accept_mentee_request,
    assign_mentor,
    canonical_email,
    decline_mentee_request,
    expire_mentor_invitations,
    forget_mentor_invitations,
    invite_mentor,
    revoke_mentor,
    withdraw_mentor_invitation,
)
from accounts.services.profile import (
    PROFILE_FIELDS,
    ROLE_GROUPS,
    apply_role_access,
    change_role,
    expert_permission_queryset,
    sync_role_groups,
    sync_user_group,
    update_profile,
    validate_profile,
)
from accounts.services.tokens import (
    RefreshInvalid,
    RefreshReused,
    RefreshRevoked,
    RefreshSignedOut,
    issue_tokens,
    revoke_all_tokens,
    revoke_refresh_token,
    rotate_refresh_token,
)

__all__ = [
    "PROFILE_FIELDS", "ROLE_GROUPS", "RefreshInvalid", "RefreshReused", "RefreshRevoked", "RefreshSignedOut",
    "rotate_refresh_token",
    "accept_mentee_request", "decline_mentee_request",
    "apply_role_access", "assign_mentor", "canonical_email", "expire_mentor_invitations", "forget_mentor_invitations",
    "authenticate_for_api",
    "can_use_tokens", "check_password_again", "count_password_attempt", "clear_expired_sessions",
    "delete_sessions_of",
    "change_role", "delete_account", "delete_account_as_operator",
    "remember_former_address", "ensure_login_allowed", "expert_permission_queryset", "has_verified_email",
    "invite_mentor", "issue_tokens", "locked_message", "lockout_duration", "lockout_threshold",
    "record_login_failure", "record_login_success", "revoke_all_tokens", "revoke_mentor",
    "revoke_refresh_token", "sync_role_groups", "sync_user_group", "unlock_account", "update_profile",
    "validate_profile", "TRUST_COOKIE", "email_free_failures", "is_trusted", "trust_cookie_value", "unlock_token",
    "use_unlock_token", "withdraw_mentor_invitation",
]
