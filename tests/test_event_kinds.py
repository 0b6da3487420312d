"""Every audit event kind the code writes has a label in words for the admin: the interview's (`SessionEvent`,
`interviews.models.EVENT_KINDS`) and the plan's (`PlanEvent`, `planning.wording.EVENT_KINDS` and the plan states).
The admin's event lists, their filters and the events' pages showed the ids ("signal.paste", "controller.drafted").

The kinds are read from the source: every call of an event-recording function (`record_event`, `record_step`) or of
`SessionEvent/PlanEvent.objects.create`, with its kind as a literal, a module constant or an f-string this test knows
how to expand. A new kind written without a label, or written in a way this test cannot read, fails here."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from interviews import services as interview_services
from interviews.models import event_kind_choices as interview_event_kind_choices
from interviews.models import event_kind_text
from planning.models import PlanState
from planning.wording import event_kind_choices, event_kind_name

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "analytics", "interviewmaster", "interviews", "planning", "resumes", "studypaths")
# Where an event-recording function writes: its module -> the event model.
RECORDERS = {"interviews.services": "session", "planning.services": "plan", "planning.observer": "plan",
             "studypaths.study": None}  # a study task's events: TaskEvent, whose kinds are TextChoices already
MODELS = {"SessionEvent": "session", "PlanEvent": "plan"}
# The kinds an f-string builds: its literal prefix -> the values its one placeholder takes.
EXPANSIONS = {"signal.": interview_services.SIGNAL_KINDS, "state.": PlanState.values}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "tests" in parts or "migrations" in parts or parts[-1] == "conftest":
                continue
            yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _target(call: ast.Call, module) -> tuple[str | None, bool]:
    """(the event model the call writes, whether it writes one at all)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "create" and isinstance(func.value, ast.Attribute) \
            and func.value.attr == "objects" and isinstance(func.value.value, ast.Name) \
            and func.value.value.id in MODELS:
        return MODELS[func.value.value.id], True
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("record_event", "record_step"):
        return None, False
    if isinstance(func, ast.Attribute):
        owner = getattr(module, func.value.id) if isinstance(func.value, ast.Name) else None
        function = getattr(owner, name, None)
    else:
        function = getattr(module, name, None)
    assert function is not None, f"{module.__name__}: cannot tell where {ast.unparse(func)} writes"
    assert function.__module__ in RECORDERS, f"{module.__name__}: an event recorder this test does not know: " \
                                             f"{function.__module__}.{name}"
    return RECORDERS[function.__module__], True


def _kinds(node: ast.expr, module, where: str) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and isinstance(getattr(module, node.id, None), str):
        return [getattr(module, node.id)]
    if isinstance(node, ast.JoinedStr) and len(node.values) == 2 and isinstance(node.values[0], ast.Constant) \
            and node.values[0].value in EXPANSIONS:
        return [node.values[0].value + value for value in EXPANSIONS[node.values[0].value]]
    raise AssertionError(f"{where}: an event kind this test cannot read: {ast.unparse(node)}; teach it how")


def written_kinds() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"session": set(), "plan": set()}
    for path, name in _modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        module = None
        # the recorders themselves pass their `kind` on: their callers are read instead
        inside_recorders = {id(node) for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
                            and function.name in ("record_event", "record_step") for node in ast.walk(function)}
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            if id(call) in inside_recorders:
                continue
            if not any(word in ast.unparse(call.func) for word in ("record_event", "record_step", "objects.create")):
                continue
            module = module or importlib.import_module(name)
            model, records = _target(call, module)
            if not records or model is None:
                continue
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            kind = next((k.value for k in call.keywords if k.arg == "kind"), None)
            if kind is None:
                assert len(call.args) >= 2, f"{where}: an event written without its kind"
                kind = call.args[1]
            found[model].update(_kinds(kind, module, where))
    return found


@pytest.fixture(scope="module")
def kinds():
    return written_kinds()


def test_the_scan_finds_the_kinds_written_every_way(kinds):
    # a literal, a module constant (hints.HINT_GIVEN), an f-string (signal.<kind>, state.<state>), a model's create
    assert {"state.changed", "hint.given", "signal.paste", "signal.idle", "evaluation.resent", "room.lost"} \
        <= kinds["session"]
    assert {"controller.drafted", "critique.reviewed", "observer.learned", "agent.resent", "state.pending_review",
            "invitation.undelivered", "interview.cancelled_before_start"} <= kinds["plan"]


def test_every_interview_event_kind_has_a_label(kinds):
    labels = dict(interview_event_kind_choices())  # what the admin's filter offers
    assert sorted(kinds["session"] - set(labels)) == [], "add these to interviews.models.EVENT_KINDS"
    assert all(event_kind_text(kind) == labels[kind] for kind in kinds["session"])


def test_every_plan_event_kind_has_a_label(kinds):
    labels = dict(event_kind_choices())
    assert sorted(kinds["plan"] - set(labels)) == [], "add these to planning.wording.EVENT_KINDS"
    assert all(event_kind_name(kind) == labels[kind] for kind in kinds["plan"])


@pytest.mark.parametrize(("kind", "text"), [("signal.paste", "Pasted text"), ("state.changed", "State changed"),
                                            ("agent.paused_for_lunch", "Agent paused for lunch"), ("", "")])
def test_an_interview_event_kind_reads_in_words(kind, text):
    assert event_kind_text(kind) == text


@pytest.mark.parametrize(("kind", "text"), [("controller.drafted", "Plan drafted"),
                                            ("state.pending_review", "Moved to “Pending expert review”"),
                                            ("state.no_such_state", "State no such state"),
                                            ("interview.created", "Interview created")])
def test_a_plan_event_kind_reads_in_words(kind, text):
    assert event_kind_name(kind) == text
