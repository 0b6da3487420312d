"""The operator's view of users, login events (read-only) and mentor assignments: superusers only (role admin).

Experts are staff for the planning and interview workplace; nothing in it needs the list of accounts, so they have
no page here, whatever model permissions they hold (docs/accounts.md, "Roles and admin access")."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.utils import timezone

from accounts import services
from accounts.models import LoginEvent, MentorAssignment, MentorInvitation, User
from interviewmaster.admin import MomentsAdminMixin, ReadOnlyAdminMixin, SuperusersOnlyAdminMixin


class LockedFilter(admin.SimpleListFilter):
    title = "lockout"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", "Locked now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(locked_until__gt=timezone.now())
        return queryset


class RoleAccessMixin:
    """The role decides admin access: staff/superuser boxes follow it before the model's constraints are checked."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role:
            probe = User(role=role, is_staff=cleaned.get("is_staff", False),
                         is_superuser=cleaned.get("is_superuser", False))
            services.apply_role_access(probe)
            cleaned["is_staff"], cleaned["is_superuser"] = probe.is_staff, probe.is_superuser
            self.instance.is_staff, self.instance.is_superuser = probe.is_staff, probe.is_superuser
        return cleaned


class UserChangeForm(RoleAccessMixin, BaseUserChangeForm):
    pass


class UserCreationForm(RoleAccessMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["email", "name", "role"]


@admin.register(User)
class UserAdmin(MomentsAdminMixin, SuperusersOnlyAdminMixin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_active", "is_staff", "locked_until", "deleted_at", "date_joined"]
    list_filter = ["role", "is_active", "is_staff", LockedFilter, ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "name"]
    readonly_fields = ["date_joined", "last_login", "failed_login_count", "locked_until", "deleted_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "role", "target_role", "experience_level", "preferred_language",
                                "timezone"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Lockout", {"fields": ["failed_login_count", "locked_until"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "role", "password1", "password2"]})]
    actions = ["unlock_accounts"]

    def save_model(self, request, obj, form, change):
        services.apply_role_access(obj)  # experts/admins are staff, candidates/mentors never; groups follow on save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the groups box may have dropped the role group
        services.sync_user_group(user=form.instance)

    delete_confirmation_template = "admin/accounts/user/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/accounts/user/delete_selected_confirmation.html"

    def get_deleted_objects(self, objs, request):
        """Nothing is deleted by cascade (see delete_model): no rows to list "to be deleted", and no protected row or
        missing delete permission on another model can stand in the way of the erasure."""
        return [], {}, set(), []

    def delete_model(self, request, obj):
        """Deleting an account here is the account deletion (personal data erased, the row kept for what refers to
        it; docs/accounts.md): the hard delete left files, plans and log rows naming the person behind. The log row
        the admin wrote just before is renamed by the erasure like every other about the person."""
        services.delete_account_as_operator(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account_as_operator(user=user, actor=request.user)

    @admin.action(description="Unlock selected accounts", permissions=["change"])
    def unlock_accounts(self, request, queryset):
        unlocked = sum(services.unlock_account(user=user, actor=request.user) for user in queryset)
        self.message_user(request, f"Unlocked {unlocked} account(s).", messages.SUCCESS)


@admin.register(LoginEvent)
class LoginEventAdmin(MomentsAdminMixin, SuperusersOnlyAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Failed logins and lockouts, append-only: nobody adds, edits or deletes them here."""

    list_display = ["created_at", "kind", "channel", "email", "user", "ip_address"]
    list_filter = ["kind", "channel", "created_at"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]


# A delivery's lease and the stuck-work sweep's bookkeeping (accounts.emails): nothing for an operator to read or edit.
MAIL_DELIVERY_FIELDS = ["sending_since", "recoveries", "resent_at"]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(MomentsAdminMixin, SuperusersOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["mentor", "candidate", "since", "accepted_at", "active", "ended_at", "created_by"]
    list_filter = ["active"]
    search_fields = ["mentor__email", "candidate__email"]
    raw_id_fields = ["mentor", "candidate"]
    # made here, an assignment is accepted when made; a candidate's request is accepted by its mentor only
    readonly_fields = ["created_by", "accepted_at", "ended_at", "sent_at"]
    exclude = MAIL_DELIVERY_FIELDS
    list_select_related = ["mentor", "candidate", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        # A candidate's request (waiting, declined, withdrawn) is answered by its mentor only: made active here, a
        # declined or withdrawn one would be acceptable again without the candidate asking.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "active"] if obj is not None and obj.accepted_at is None else fields

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if not change:  # made here, the assignment mails nobody: no mail is owed for the sweep to send
            obj.sent_at = timezone.now()
        if change and "active" in form.changed_data:
            # As the candidate's own revoke does: an assignment ended here showed no end ("Ended at: -"), and one
            # made active again kept the end of its earlier run.
            obj.ended_at = None if obj.active else timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(MentorInvitation)
class MentorInvitationAdmin(MomentsAdminMixin, SuperusersOnlyAdminMixin, admin.ModelAdmin):
    """Pending invitations, read-only: staff find one when its address asks for a mentor account (the mail says to
    reply); the candidate withdraws, and the beat task forgets it after MENTOR_INVITATION_DAYS."""

    list_display = ["email", "candidate", "created_at"]
    search_fields = ["email", "candidate__email"]
    list_select_related = ["candidate"]
    readonly_fields = ["candidate", "email", "created_at", "sent_at"]
    exclude = [*MAIL_DELIVERY_FIELDS, "assignment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting an invitation ends the mentor's request behind it, as the candidate's withdrawal does.
    def delete_model(self, request, obj):
        services.forget_mentor_invitations(MentorInvitation.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.forget_mentor_invitations(queryset)
