"""Operator views of project-level models, and the admin mixins every app uses.

`ReadOnlyAdminMixin` is for rows that services own (audit events, engine state, counters): the admin shows them and
never adds or changes them; `deletable = True` keeps the delete action for rows an operator may remove.

Model permissions say which admin pages a staff account opens, never whose rows it reads (docs/accounts.md). Experts
are the only staff who are not superusers, so every admin of rows about people says whose rows a non-superuser sees:
- `SuperusersOnlyAdminMixin`: account management (users, logins, mentor links) — superusers only;
- `OwnRowsOnlyAdminMixin`: one person's rows (resumes, the study loop, code runs, badges, question requests) — a
  non-superuser sees only their own, as in the API;
- rows an expert's work needs follow the API's read rule of their app: `interviews.admin.VisibleSessionsOnly`
  (`sessions_visible_to`), `planning.admin.ExpertScopedReadOnlyAdmin` (`plans_for`).

`MomentsAdminMixin`: the dates an admin page writes as text read as on every other page (interviewmaster.moments),
a time with its zone.
`RelatedLinksAdminMixin`: a change page's read-only foreign keys link only where the linked page opens (`admin_link`).

`data_list`: a read-only JSON value (an audit event's `data`) as a short definition list, for pages that would
otherwise print it as raw JSON; `admin_link`: an id such data holds, as a link to the row's admin page for whom that
page opens, and as the bare id for anybody else.
"""

from django.contrib import admin
from django.contrib.admin.sites import NotRegistered
from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from interviewmaster.figures import latency_text
from interviewmaster.models import ProviderUsage
from interviewmaster.templatetags import moments as moment_tags

# The expert's workplace is the admin: it says whose it is ("Django administration" on every page and tab before).
admin.site.site_header = "InterviewMaster administration"
admin.site.site_title = "InterviewMaster admin"
admin.site.index_title = "Plans, positions, questions and operations"


class ReadOnlyAdminMixin:
    """Mix into a `ModelAdmin` or an inline: no add, no change, and no delete unless `deletable`."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class SuperusersOnlyAdminMixin:
    """Mix into a `ModelAdmin`: only superusers see the model in admin (its home entry, lists, pages, actions),
    whatever model permissions a staff account was given; anybody else gets 403."""

    def has_module_permission(self, request):
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class OwnRowsOnlyAdminMixin:
    """Mix into a `ModelAdmin` of rows about one person: a superuser sees every row, anybody else only their own
    (`owner_lookup`, the path from the model to that person) — the read rule the app's API has for them. Filtering
    the queryset hides a row everywhere admin reaches it: lists, change, history and delete pages (which then say it
    doesn't exist), actions, raw-id popups and autocomplete."""

    owner_lookup = "user"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.owner_lookup: request.user})


def swapped_fieldsets(fieldsets, shown: set, column):
    """`fieldsets` with each field named in `shown` swapped for its read-only column `column(name)` (a date shown as a
    moment, a foreign key as a link the viewer may open): one rule for every admin mixin that shows a field its own
    way."""

    def swap(name):
        if isinstance(name, (list, tuple)):
            return type(name)(swap(each) for each in name)
        return column(name) if name in shown else name

    return [(title, {**options, "fields": [swap(name) for name in options["fields"]]}) for title, options in fieldsets]


def swapped_exclude(model_admin, excluded, dates_or_links: tuple[set, set], column):
    """The form leaves out the swapped fields (a column is no form field) and the read-only ones behind them."""
    read_only, shown = dates_or_links
    if not shown:
        return excluded
    if excluded is None:  # admin honours the form's own Meta.exclude only when there is none here
        excluded = getattr(getattr(model_admin.form, "_meta", None), "exclude", None) or []
    return [*excluded, *read_only, *(column(name) for name in shown)]


class MomentsAdminMixin:
    """Mix into a `ModelAdmin` or an inline: the model's date and time fields it shows as text — list columns,
    read-only fields, every field of a view-only page — read "6 Dec 2026, 14:05 NZDT" and "6 Dec 2026" in the
    viewer's zone (their profile's, else the server's `TIME_ZONE`), as the plan's workplace writes them
    (`zoned_moment`), instead of Django's "Dec. 6, 2026, 2:05 p.m.". A time names its zone: the admin's readers (an
    expert, an operator) read rows about people in other zones, and an hour without one was taken for theirs. The
    admin classes keep naming the fields: each shown one is swapped for a column of the same name, header and
    ordering. Editable date fields keep admin's own widgets."""

    def _date_field(self, name):
        if not isinstance(name, str):
            return None
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if isinstance(field, models.DateField) else None  # a DateTimeField is one too

    def _as_moment(self, name):
        """The column showing field `name` as a moment (a day for a DateField); `name` itself for any other."""
        field = self._date_field(name)
        if field is None:
            return name
        columns = self.__dict__.setdefault("_moment_columns", {})
        if name not in columns:
            show = moment_tags.zoned_moment if isinstance(field, models.DateTimeField) else moment_tags.day

            @admin.display(description=capfirst(field.verbose_name), ordering=name)
            def column(obj):
                return show(getattr(obj, name)) or self.get_empty_value_display()

            column.__name__ = name  # the cell's class stays "field-<name>"
            columns.setdefault(name, column)  # one column per name, the same object on every page (threads too)
        return columns[name]

    def _dates_shown(self, request, obj) -> tuple[set, set]:
        """(read-only date fields, every date field shown as text): a view-only page shows them all as text."""
        read_only = {name for name in super().get_readonly_fields(request, obj) if self._date_field(name)}
        if obj is not None and not self.has_change_permission(request, obj):
            return read_only, {field.name for field in self.model._meta.concrete_fields if self._date_field(field.name)}
        return read_only, read_only

    def get_list_display(self, request):
        editable = set(getattr(self, "list_editable", ()))
        return [name if name in editable else self._as_moment(name) for name in super().get_list_display(request)]

    def get_readonly_fields(self, request, obj=None):
        return [self._as_moment(name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        return swapped_fieldsets(super().get_fieldsets(request, obj), self._dates_shown(request, obj)[1],
                                 self._as_moment)

    def get_exclude(self, request, obj=None):
        return swapped_exclude(self, super().get_exclude(request, obj), self._dates_shown(request, obj),
                               self._as_moment)


def _as_words(key) -> str:
    """A data key as words: "previous_session" -> "Previous session"."""
    return capfirst(" ".join(str(key).replace("_", " ").split()))


def data_text(value) -> str:
    """A JSON value as plain text, without JSON's brackets and quotes: lists joined with commas, objects as
    "key: value" pairs, true/false as yes/no."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{_as_words(key)}: {data_text(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return (" | " if any(isinstance(item, dict) for item in value) else ", ").join(data_text(v) for v in value)
    return str(value)


def data_list(data, *, empty: str = "—", shown=None):
    """A JSON object as an escaped definition list (key as words, value as `data_text`, or as `shown[key]` where the
    caller has a better one: a name, an `admin_link`); `empty` when it has nothing to say. A value that is not an
    object is shown as text."""
    if not data:
        return empty
    if not isinstance(data, dict):
        return data_text(data)
    shown = shown or {}
    return format_html('<dl class="readable-data">{}</dl>', format_html_join(
        "", "<dt>{}</dt><dd>{}</dd>", ((_as_words(key), shown[key] if key in shown else data_text(data[key]))
                                       for key in sorted(data, key=_data_order))))


# PostgreSQL's jsonb keeps an object's keys in its own order (shortest first), SQLite's JSON as written: a data list
# reads the same on both, a move's "from" and "to" first, the rest by name.
DATA_FIRST = ("from", "to")


def _data_order(key) -> tuple[int, str]:
    return (DATA_FIRST.index(key) if key in DATA_FIRST else len(DATA_FIRST), str(key))


def admin_link(request, model, value, *, text=None, lookup: str = "pk"):
    """`text` (the stored `value` by default) as a link to the admin change page of the `model` row whose `lookup` is
    `value` — only when that page would open for `request`'s user: the model has an admin on this site, the row is in
    that admin's queryset for them (whose rows they read) and they hold its view permission. Otherwise the text
    alone, the same for a row that does not exist and one they may not read: no link tells them which."""
    text = data_text(value) if text is None else text
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        return text
    try:
        model_admin = admin.site.get_model_admin(model)
    except NotRegistered:
        return text
    try:
        row = model_admin.get_queryset(request).filter(**{lookup: value}).first()
    except (TypeError, ValueError, OverflowError):
        # a value that is no id of that model: "abc" for an integer key, or a number too large for SQLite's integer
        return text
    if row is None or not model_admin.has_view_permission(request, row):
        return text
    opts = model._meta
    return format_html('<a href="{}">{}</a>', reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                                      args=[quote(row.pk)], current_app=admin.site.name), text)


class RelatedLinksAdminMixin:
    """Mix into a `ModelAdmin`: the foreign keys its change page shows as text (read-only fields, every field of a
    view-only page) link to the related row's admin page only for whom that page opens (`admin_link`). Django's own
    link skips that check: an expert read an event's actor as a link to the user admin, which answers them 403. The
    admin classes keep naming the fields: each shown one is swapped for a column of the same name and header. An
    inline's rows, which admin builds without asking who looks, show the name alone."""

    def _related_field(self, name):
        if not isinstance(name, str):
            return None
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if field.many_to_one or field.one_to_one and field.concrete else None

    def _as_link(self, name):
        """The column showing foreign key `name` as `admin_link` makes it; `name` itself for any other field."""
        field = self._related_field(name)
        if field is None:
            return name
        columns = self.__dict__.setdefault("_link_columns", {})
        if name not in columns:
            @admin.display(description=capfirst(field.verbose_name))
            def column(obj):
                related = getattr(obj, name)
                if related is None:
                    return self.get_empty_value_display()
                request = getattr(obj, "viewing_request", None)  # set by get_object: whom the page is for
                if request is None:
                    return str(related)
                return admin_link(request, field.related_model, getattr(obj, field.attname), text=str(related),
                                  lookup=field.target_field.name)

            column.__name__ = name  # the row's class stays "field-<name>"
            columns.setdefault(name, column)
        return columns[name]

    def get_object(self, request, object_id, from_field=None):
        """The row, knowing whom its page is for. Its links are made when a column shows them (the change page), not
        here: the history and delete pages, which show none, looked up every related row and its admin's rows."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.viewing_request = request
        return obj

    def _links_shown(self, request, obj) -> tuple[set, set]:
        """(read-only foreign keys, every foreign key shown as text): a view-only page shows them all as text."""
        read_only = {name for name in super().get_readonly_fields(request, obj) if self._related_field(name)}
        if obj is not None and not self.has_change_permission(request, obj):
            return read_only, {f.name for f in self.model._meta.concrete_fields if self._related_field(f.name)}
        return read_only, read_only

    def get_readonly_fields(self, request, obj=None):
        return [self._as_link(name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        return swapped_fieldsets(super().get_fieldsets(request, obj), self._links_shown(request, obj)[1],
                                 self._as_link)

    def get_exclude(self, request, obj=None):
        return swapped_exclude(self, super().get_exclude(request, obj), self._links_shown(request, obj),
                               self._as_link)


@admin.register(ProviderUsage)
class ProviderUsageAdmin(MomentsAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "provider", "model_name", "requests", "failures", "cache_hits", "tokens_in", "tokens_out",
                    "cost_usd", "average_latency", "last_error_at")
    list_filter = ("provider", "day")
    search_fields = ("provider", "model_name", "last_error")
    date_hierarchy = "day"
    # latency is kept in milliseconds: shown as "340 ms" or "1.2 s", not "Average latency ms: 1234.5"
    readonly_fields = [f.name if f.name != "latency_ms_total" else "total_latency" for f in ProviderUsage._meta.fields
                       ] + ["average_latency"]
    exclude = ["latency_ms_total"]
    deletable = True

    @admin.display(description="average latency")
    def average_latency(self, obj: ProviderUsage) -> str:
        return latency_text(obj.average_latency_ms) if obj.calls else self.get_empty_value_display()

    @admin.display(description="total latency", ordering="latency_ms_total")
    def total_latency(self, obj: ProviderUsage) -> str:
        return latency_text(obj.latency_ms_total)
