"""interviews: the expert's workplace for the question bank (DESIGN §2)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from interviewmaster import capabilities
from interviewmaster.admin import (
    MomentsAdminMixin,
    OwnRowsOnlyAdminMixin,
    ReadOnlyAdminMixin,
    RelatedLinksAdminMixin,
    data_list,
    data_text,
)
from interviewmaster.figures import duration_text, figure
from interviews.models import (
    Evaluation,
    InterviewSession,
    Question,
    QuestionGenerationJob,
    SessionEvent,
    SessionState,
    Turn,
    TurnKind,
    event_kind_choices,
    event_kind_text,
    reason_text,
)
from interviews.question_bank import review_questions, set_questions_active
from interviews.selectors import sessions_visible_to


class RoleFilter(admin.SimpleListFilter):
    title = "target role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return capabilities.role_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(roles__icontains=f'"{self.value()}"')
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [("any", "Any language (agnostic)"), *capabilities.language_choices()]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(languages=[])
        if self.value():
            return queryset.filter(languages__icontains=f'"{self.value()}"')
        return queryset


class NamedIdFilter(admin.SimpleListFilter):
    """A list filter of a field holding a capabilities id (`field`), its choices by name ("Medium", not "medium"):
    Django's own filter of a field without choices lists the raw ids it finds."""

    field = ""
    vocabulary = staticmethod(lambda: [])  # (id, name) pairs; not `choices`, which is the filter's own method

    def lookups(self, request, model_admin):
        return self.vocabulary()

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


def named_id_filter(field: str, title: str, vocabulary) -> type[NamedIdFilter]:
    return type(f"{field.title().replace('_', '')}NameFilter", (NamedIdFilter,),
                {"field": field, "title": title, "parameter_name": field, "vocabulary": staticmethod(vocabulary)})


def _mode_choices() -> list[tuple[str, str]]:
    return [(mode.id, mode.name) for mode in capabilities.get_capabilities().modes.values()]


def _role_name(role: str) -> str:
    """A role's name as the capabilities spell it ("Backend Engineer"), never its raw id."""
    known = capabilities.get_capabilities().roles.get(role)
    return known.name if known else role


# --- read-only JSON as an expert reads it: names from the capabilities, never raw ids or JSON ----------------------

def _name_in(vocabulary: str, key) -> str:
    """A capabilities id's display name ("python" -> "Python"); an unknown id as it was stored."""
    found = getattr(capabilities.get_capabilities(), vocabulary).get(key)
    return found.name if found else str(key)


def _names_in(vocabulary: str, keys) -> str:
    return ", ".join(_name_in(vocabulary, key) for key in keys or []) or "—"


def _question_mix(config: dict) -> str:
    """ "Coding and algorithms: 2 medium; Behavioural: 1 easy" from a configuration's question distribution."""
    mix: dict[str, list[str]] = {}
    for (category, difficulty), count in capabilities.distribution_counts(config).items():
        mix.setdefault(category, []).append(f"{count} {_name_in('difficulties', difficulty).lower()}")
    return "; ".join(f"{capabilities.category_name(category)}: {', '.join(counts)}" for category, counts in mix.items())


def _yes_no(value) -> str:
    return "yes" if value else "no"


def _configuration_rows(session: InterviewSession) -> list[tuple[str, str]]:
    config = session.config if isinstance(session.config, dict) else {}
    rows = [("Mode", session.mode_name), ("Role", _role_name(config.get("role") or session.role) or "General")]
    if config.get("experience_level"):
        rows.append(("Experience level", _name_in("experience_levels", config["experience_level"])))
    rows.append(("Languages", _names_in("languages", config.get("languages")) if config.get("languages")
                 else "Any language"))
    if session.time_budget_seconds:
        rows.append(("Duration", f"{-(-session.time_budget_seconds // 60)} minutes"))
    if config.get("total_questions") or session.question_plan:
        rows.append(("Questions", str(config.get("total_questions") or len(session.question_plan))))
    if config.get("question_distribution"):
        try:
            rows.append(("Question mix", _question_mix(config)))
        except (AttributeError, TypeError, ValueError):  # a distribution an older file wrote: shown as stored
            rows.append(("Question mix", data_text(config["question_distribution"])))
    rows.append(("Follow-ups per question", str(capabilities.max_follow_ups(config))))
    rows.append(("Follow-ups", "adaptive: written from each answer" if config.get("dynamic_follow_ups", True)
                 else "the plan's follow-up ideas only"))
    if "adaptive_difficulty" in config:
        rows.append(("Adaptive difficulty", _yes_no(config["adaptive_difficulty"])))
    if config.get("starting_difficulty"):
        rows.append(("Starting difficulty", _name_in("difficulties", config["starting_difficulty"])))
    if config.get("follow_up_strategies"):
        rows.append(("Follow-up strategies", _names_in("follow_up_strategies", config["follow_up_strategies"])))
    known = {"role", "experience_level", "languages", "total_questions", "question_distribution",
             "max_follow_ups_per_question", "dynamic_follow_ups", "adaptive_difficulty", "starting_difficulty",
             "follow_up_strategies"}
    rows.extend((key.replace("_", " ").capitalize(), data_text(value)) for key, value in config.items()
                if key not in known)
    return rows


def _point_text(point) -> str:
    """An expected point as stored: {"point": ..., "keywords": [...]} from the bank, a plain string from a plan."""
    return str(point.get("point") or point.get("text") or data_text(point)) if isinstance(point, dict) else str(point)


def _planned_question(number: int, question, asked: bool):
    if not isinstance(question, dict):
        return format_html("<li>{}</li>", data_text(question))
    prompt = str(question.get("prompt") or "")
    title = str(question.get("title") or "")
    points = [_point_text(p) for p in question.get("expected_points") or []]
    return format_html(
        '<li value="{}"><strong>{}</strong> · {} · {}{}{}{}</li>', number, title or prompt or "(no text)",
        capabilities.category_name(question.get("category")), _name_in("difficulties", question.get("difficulty")),
        " · asked" if asked else "",
        format_html("<br>{}", prompt) if prompt and prompt != title else "",
        format_html("<br>Expected points: {}", "; ".join(points)) if points else "")


def _rubric_anchor(key: str, score) -> str:
    criterion = capabilities.get_capabilities().criteria.get(key)
    return criterion.rubric.get(score, "") if criterion else ""


def _criterion_rows(evaluation: Evaluation) -> list[tuple[str, str, str, str]]:
    """(criterion, score, rubric label, why) per criterion: from `criteria`, or from `scores` where it is all there
    is."""
    rows = []
    criteria = [c for c in evaluation.criteria or [] if isinstance(c, dict)]
    for c in criteria or [{"key": key, "score": score} for key, score in (evaluation.scores or {}).items()]:
        key, score = str(c.get("key", "")), c.get("score")
        why = " ".join(part for part in (f"“{c['evidence']}”" if c.get("evidence") else "",
                                         str(c.get("rationale") or "")) if part)
        rows.append((capabilities.criterion_name(key), f"{figure(score)}/5" if score is not None else "—",
                     str(c.get("anchor") or _rubric_anchor(key, score)), why))
    return rows


def _text_list(items):
    items = [_point_text(item) for item in items or []]
    if not items:
        return "—"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items)))


@admin.register(Question)
class QuestionAdmin(MomentsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "category", "difficulty", "role_list", "point_count", "status", "is_active", "source",
                    "updated_at"]
    list_filter = ["status", "is_active", "category", "difficulty", RoleFilter, LanguageFilter, "source"]
    search_fields = ["external_id", "title", "prompt", "tags"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    actions = ["approve", "reject", "activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["external_id", "title", "prompt", "category", "difficulty", "status", "is_active"]}),
        ("Audience", {"fields": ["roles", "languages", "tags"]}),
        ("Grading", {"fields": ["expected_points", "reference_answer", "rubric_overrides", "follow_up_seeds"]}),
        ("Provenance", {"fields": ["source", "created_at", "updated_at"]}),
    ]

    @admin.display(description="roles")
    def role_list(self, obj: Question) -> str:
        # A question for every role listed them all: eight names stacked one per line in each row of the review list.
        if obj.roles and set(obj.roles) >= set(capabilities.get_capabilities().roles):
            return "All roles"
        return ", ".join(_role_name(role) for role in obj.roles)

    @admin.display(description="expected points")
    def point_count(self, obj: Question) -> int:
        return len(obj.expected_points)

    def _tell(self, request, done: str, changed: int, selected: int, skipped: str) -> None:
        """What an action did and, when it left some of the selected questions as they were, why: "Activated 0
        question(s)" in green was all an expert learnt when the selection was still pending review."""
        if changed == selected:
            self.message_user(request, f"{done} {changed} question(s).", messages.SUCCESS)
            return
        self.message_user(request, f"{done} {changed} of the {selected} selected question(s); {selected - changed} "
                                   f"left as they were: {skipped}", messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description="Approve selected AI questions (and activate them)")
    def approve(self, request, queryset):
        changed = review_questions(questions=queryset, approve=True)
        self._tell(request, "Approved", changed, queryset.count(), "only questions pending review are approved.")

    @admin.action(description="Reject selected AI questions")
    def reject(self, request, queryset):
        changed = review_questions(questions=queryset, approve=False)
        self._tell(request, "Rejected", changed, queryset.count(), "only questions pending review are rejected; "
                                                                   "deactivate an approved one instead.")

    @admin.action(description="Activate selected questions")
    def activate(self, request, queryset):
        changed = set_questions_active(questions=queryset, active=True)
        self._tell(request, "Activated", changed, queryset.count(), "already active, or not approved (a question "
                                                                    "pending review is activated by approving it).")

    @admin.action(description="Deactivate selected questions")
    def deactivate(self, request, queryset):
        changed = set_questions_active(questions=queryset, active=False)
        self._tell(request, "Deactivated", changed, queryset.count(), "already inactive.")


@admin.register(QuestionGenerationJob)
class QuestionGenerationJobAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                                 admin.ModelAdmin):
    """Read-only log of question generation requests (POST /api/v1/questions/generate): a request is its requester's
    (a mentor's among them; the API shows each their own, and the export holds them), so experts see their own."""

    owner_lookup = "requested_by"

    list_display = ["id", "requested_by", "role_name", "difficulty_name", "count", "status", "provider", "error_code",
                    "created_at", "finished_at"]
    list_filter = ["status", named_id_filter("role", "role", capabilities.role_choices),
                   named_id_filter("difficulty", "difficulty", capabilities.difficulty_choices), "provider"]
    search_fields = ["requested_by__email", "error_message"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in QuestionGenerationJob._meta.fields]
    deletable = True

    @admin.display(description="role", ordering="role")
    def role_name(self, obj: QuestionGenerationJob) -> str:
        return _role_name(obj.role)

    @admin.display(description="difficulty", ordering="difficulty")
    def difficulty_name(self, obj: QuestionGenerationJob) -> str:
        return _name_in("difficulties", obj.difficulty)


class VisibleSessionsOnly:
    """Interview content (sessions, their turns and answers, evaluations, events and integrity signals) follows the
    API's read rule, `selectors.sessions_visible_to`: experts hold the interviews app's admin permissions for the
    question bank, but a candidate's practice interview, or another expert's planned one, is not theirs to read.
    Filtering the queryset hides a row everywhere admin reaches it: lists, change and history pages (which then say
    it doesn't exist), inlines, raw-id popups and autocomplete. Superusers see every interview."""

    session_lookup = "session"  # the path from this admin's model to its InterviewSession

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.session_lookup}__in": sessions_visible_to(request.user)})


class TurnInline(VisibleSessionsOnly, ReadOnlyAdminMixin, admin.TabularInline):
    model = Turn
    # category, difficulty and strategy hold capabilities ids ("coding", "easy"): shown by name, as everywhere else.
    # Each row is headed by the turn's name ("Turn 1 · Warm-up of interview #7"), so its 0-based index is not shown.
    fields = ["kind", "strategy_name", "category_name", "difficulty_name", "status", "prompt", "answer_text",
              "hints_used", "paste_count", "visibility_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description="strategy")
    def strategy_name(self, obj: Turn) -> str:
        return _name_in("follow_up_strategies", obj.strategy) if obj.strategy else ""

    @admin.display(description="category")
    def category_name(self, obj: Turn) -> str:
        return capabilities.category_name(obj.category) if obj.category else ""

    @admin.display(description="difficulty")
    def difficulty_name(self, obj: Turn) -> str:
        return _name_in("difficulties", obj.difficulty) if obj.difficulty else ""


@admin.register(InterviewSession)
class InterviewSessionAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, VisibleSessionsOnly, ReadOnlyAdminMixin,
                            admin.ModelAdmin):
    """Interviews are changed only by the engine's services; the admin shows them (with their flags) read-only."""

    session_lookup = "pk"

    list_display = ["id", "candidate", "expert", "mode_column", "role_column", "state", "overall", "created_at",
                    "ended_at"]
    list_filter = ["state", named_id_filter("mode", "mode", _mode_choices), "is_planned",
                   named_id_filter("role", "role", capabilities.role_choices)]
    search_fields = ["candidate__email", "expert__email"]
    list_select_related = ["candidate", "expert"]
    inlines = [TurnInline]
    # The JSON fields (config, question_plan, report) are read here as a person reads them, never as raw JSON.
    # The reasons are ids ("time_up") and `position` a count of questions asked: each read as words.
    readonly_fields = ["configuration", "planned_questions", "report_overview", "current_difficulty_name",
                       "end_reason_text", "paused_reason_text", "questions_asked", "time_budget", "time_used",
                       "time_paused"]
    fieldsets = [
        (None, {"fields": ["candidate", "expert", "is_planned", "state", "overall", "end_reason_text",
                           "paused_reason_text"]}),
        ("Configuration", {"fields": ["configuration"]}),
        ("Questions", {"fields": ["planned_questions", "questions_asked", "current_difficulty_name",
                                  "strong_streak"]}),
        ("Report", {"fields": ["report_overview", "report_ready_at"]}),
        # the clocks are kept in seconds: shown as durations ("28 min"), not "Time budget seconds: 1680"
        ("Time", {"fields": ["created_at", "started_at", "ended_at", "last_activity_at", "time_budget", "time_used",
                             "time_paused", "running_since", "paused_since"]}),
        ("Recovery", {"fields": ["recoveries", "recovered_at"], "classes": ["collapse"]}),
    ]

    def get_object(self, request, object_id, from_field=None):
        session = super().get_object(request, object_id, from_field)
        if session is not None:
            # The report page's own rule (interviews.views.interview_report): a superuser who is neither the
            # candidate nor the expert would get its 404, so the link is offered only to those it opens for.
            session.report_page_opens = sessions_visible_to(request.user).filter(pk=session.pk).exists()
        return session

    @admin.display(description="mode", ordering="mode")
    def mode_column(self, obj: InterviewSession) -> str:
        return obj.mode_name

    @admin.display(description="role", ordering="role")
    def role_column(self, obj: InterviewSession) -> str:
        return obj.role_name

    @admin.display(description="end reason", ordering="end_reason")
    def end_reason_text(self, obj: InterviewSession) -> str:
        return reason_text(obj.end_reason) or self.get_empty_value_display()

    @admin.display(description="paused because", ordering="paused_reason")
    def paused_reason_text(self, obj: InterviewSession) -> str:
        return reason_text(obj.paused_reason) or self.get_empty_value_display()

    @admin.display(description="questions asked")
    def questions_asked(self, obj: InterviewSession) -> str:
        """`position`, the count of the plan's questions asked so far, as "2 of 4" (the plan above marks them)."""
        plan = obj.question_plan if isinstance(obj.question_plan, list) else []
        return f"{obj.position} of {len(plan)}" if plan else str(obj.position)

    @admin.display(description="time budget", ordering="time_budget_seconds")
    def time_budget(self, obj: InterviewSession) -> str:
        return duration_text(obj.time_budget_seconds)

    @admin.display(description="time used")
    def time_used(self, obj: InterviewSession) -> str:
        return duration_text(obj.seconds_used())  # a running clock's time so far included, as the room counts it

    @admin.display(description="time paused")
    def time_paused(self, obj: InterviewSession) -> str:
        return duration_text(obj.seconds_paused())  # the pause under way included

    @admin.display(description="current difficulty")
    def current_difficulty_name(self, obj: InterviewSession) -> str:
        return _name_in("difficulties", obj.current_difficulty) if obj.current_difficulty else "—"

    @admin.display(description="configuration")
    def configuration(self, obj: InterviewSession):
        return format_html('<dl class="readable-data">{}</dl>', format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", _configuration_rows(obj)))

    @admin.display(description="question plan")
    def planned_questions(self, obj: InterviewSession):
        plan = obj.question_plan if isinstance(obj.question_plan, list) else []
        if not plan:
            return self.get_empty_value_display()
        return format_html("<ol>{}</ol>", format_html_join("", "{}", (
            (_planned_question(number, question, number <= obj.position),)
            for number, question in enumerate(plan, start=1))))

    @admin.display(description="report")
    def report_overview(self, obj: InterviewSession):
        report = obj.report if isinstance(obj.report, dict) else {}
        if not report:
            return "Not written yet."
        # Scores read as the report page prints them (`figure`): "4/5", "72.5/100", never "4.0/5".
        overall = report.get("overall")
        parts = [format_html("<p><strong>{}</strong> · {} of {} questions answered</p>",
                             "No score" if overall is None else f"{figure(overall)}/100",
                             report.get("answered_questions", "—"), report.get("total_questions", "—"))]
        if report.get("summary"):
            parts.append(format_html("<p>{}</p>", report["summary"]))
        for title, key in (("Strengths", "strengths"), ("Weaknesses", "weaknesses"),
                           ("Recommendations", "recommendations")):
            if report.get(key):
                parts.append(format_html("<p>{}:</p>{}", title, _text_list(report[key])))
        by_criterion = [c for c in report.get("by_criterion") or [] if isinstance(c, dict)]
        if by_criterion:
            parts.append(format_html("<p>By criterion: {}</p>", "; ".join(
                f"{c.get('name') or capabilities.criterion_name(c.get('key'))} {figure(c.get('score')) or '—'}/5"
                for c in by_criterion)))
        if report.get("flags"):
            parts.append(format_html("<p>Flags for the reviewer: {}</p>", ", ".join(map(str, report["flags"]))))
        if getattr(obj, "report_page_opens", False):
            parts.append(format_html('<p><a href="{}">Open the full report</a></p>',
                                     reverse("interviews:report", args=[obj.pk])))
        return format_html_join("", "{}", ((part,) for part in parts))


@admin.register(Evaluation)
class EvaluationAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, VisibleSessionsOnly, ReadOnlyAdminMixin,
                      admin.ModelAdmin):
    session_lookup = "turn__session"
    list_display = ["turn", "category_name", "overall", "provider", "flag_list", "evaluated_at"]
    list_filter = [named_id_filter("category", "category", capabilities.category_choices), "provider"]
    search_fields = ["turn__session__candidate__email", "flags"]
    list_select_related = ["turn"]
    # criteria/scores and the point lists are JSON: read here as a table and lists, never as raw JSON.
    readonly_fields = ["question_asked", "category_name", "flag_list", "score_table", "strength_list",
                       "improvement_list", "covered_list", "missing_list"]
    fieldsets = [
        (None, {"fields": ["question_asked", "candidate", "category_name", "overall", "flag_list"]}),
        ("Scores", {"fields": ["score_table"]}),
        ("Feedback", {"fields": ["feedback", "strength_list", "improvement_list", "covered_list", "missing_list"]}),
        ("Provenance", {"fields": ["provider", "model", "evaluated_at"]}),
    ]

    @admin.display(description="flags")
    def flag_list(self, obj) -> str:
        return ", ".join(obj.flags)

    @admin.display(description="question")
    def question_asked(self, obj: Evaluation):
        turn = obj.turn
        return format_html('{} {} of <a href="{}">interview #{}</a>:<br>{}', turn.get_kind_display(),
                           turn.question_number or "", reverse("admin:interviews_interviewsession_change",
                                                               args=[turn.session_id]), turn.session_id, turn.prompt)

    @admin.display(description="category", ordering="category")
    def category_name(self, obj: Evaluation) -> str:
        return capabilities.category_name(obj.category) if obj.category else self.get_empty_value_display()

    @admin.display(description="scores")
    def score_table(self, obj: Evaluation):
        rows = _criterion_rows(obj)
        if not rows:
            return self.get_empty_value_display()
        return format_html(
            "<table><thead><tr><th>Criterion</th><th>Score</th><th>Rubric</th><th>Why</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows))

    @admin.display(description="strengths")
    def strength_list(self, obj: Evaluation):
        return _text_list(obj.strengths)

    @admin.display(description="to improve")
    def improvement_list(self, obj: Evaluation):
        return _text_list(obj.improvements)

    @admin.display(description="expected points covered")
    def covered_list(self, obj: Evaluation):
        return _text_list(obj.covered_points)

    @admin.display(description="expected points missed")
    def missing_list(self, obj: Evaluation):
        return _text_list(obj.missing_points)


@admin.register(SessionEvent)
class SessionEventAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, VisibleSessionsOnly, ReadOnlyAdminMixin,
                        admin.ModelAdmin):
    """Append-only: no add, change or delete here either."""

    # the kind in words ("Pasted text", not "signal.paste"), in the list, its filter and the event's page
    list_display = ["created_at", "session", "kind_text", "turn", "actor"]
    list_filter = [named_id_filter("kind", "event", event_kind_choices)]
    search_fields = ["session__candidate__email"]
    readonly_fields = ["kind_text", "details"]
    fields = ["session", "turn", "kind_text", "actor", "created_at", "details"]

    @admin.display(description="event", ordering="kind")
    def kind_text(self, obj: SessionEvent) -> str:
        return event_kind_text(obj.kind)

    @admin.display(description="data")
    def details(self, obj: SessionEvent):
        data, shown = obj.data, _event_names(obj)
        if obj.kind == "signal.idle" and isinstance(data, dict) and "seconds" in data:
            # a pause as a person reads it: "Idle for: 5 min 12 s", not "Seconds: 312"
            data = {("idle_for" if key == "seconds" else key): value for key, value in data.items()}
            shown["idle_for"] = duration_text(obj.data["seconds"])
        return data_list(data, empty=self.get_empty_value_display(), shown=shown)


def _event_names(event: SessionEvent) -> dict[str, str]:
    """The ids an event's `data` holds, by name: the difficulties an adaptation moved between ("Medium" → "Hard"),
    the states a change moved between ("In progress"), the kind and strategy of an opened turn."""
    data = event.data if isinstance(event.data, dict) else {}
    shown = {}
    for key in ("from", "to"):
        if not isinstance(data.get(key), str):
            continue
        if event.kind == "difficulty.adapted":
            shown[key] = _name_in("difficulties", data[key])
        elif event.kind == "state.changed" and data[key] in SessionState.values:
            shown[key] = SessionState(data[key]).label
    if event.kind == "state.changed" and isinstance(data.get("reason"), str) and data["reason"]:
        shown["reason"] = reason_text(data["reason"])  # "time_up" -> "The time ran out"; else in words ("Report ready")
    if event.kind == "turn.opened":
        if data.get("turn_kind") in TurnKind.values:
            shown["turn_kind"] = TurnKind(data["turn_kind"]).label
        if data.get("strategy"):
            shown["strategy"] = _name_in("follow_up_strategies", data["strategy"])
    return shown
