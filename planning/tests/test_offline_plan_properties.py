"""Properties of the offline controller and critique for any valid configuration and set of skills."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewmaster import capabilities
from interviewmaster.ai.offline import ENGINE
from interviewmaster.ai.schemas import validation_errors
from planning.agents import fit_slots, slots_for, slots_minutes
from planning.plan_schema import CRITIQUE_SCHEMA, PLAN_SCHEMA, normalise_questions

CAPS = capabilities.get_capabilities()
SKILLS = ["python", "postgresql", "redis", "docker", "kubernetes", "java", "react", "kafka", "sql", "django"]


@st.composite
def distributions(draw):
    categories = draw(st.lists(st.sampled_from(sorted(CAPS.categories)), min_size=1, max_size=4, unique=True))
    distribution = {}
    for category in categories:
        allowed = CAPS.categories[category].allowed_difficulties
        counts = draw(st.dictionaries(st.sampled_from(allowed), st.integers(1, 2), min_size=1, max_size=2))
        distribution[category] = counts
    return distribution


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(distribution=distributions(), required=st.lists(st.sampled_from(SKILLS), max_size=5, unique=True),
       shift=st.integers(-2, 2))
def test_offline_plan_is_valid_fills_every_slot_and_covers_skills_it_has_room_for(distribution, required, shift):
    config = {"question_distribution": distribution}
    slots = slots_for(config, shift=shift)
    assert len(slots) == sum(sum(v.values()) for v in distribution.values())
    assert all(s["difficulty"] in CAPS.categories[s["category"]].allowed_difficulties for s in slots)
    inputs = {"role": "backend_engineer", "duration_minutes": capabilities.interview_duration(config), "slots": slots,
              "required_skills": [{"id": s, "name": s} for s in required]}
    plan = ENGINE["build_plan"](inputs)
    assert validation_errors(plan, PLAN_SCHEMA) == []
    questions = normalise_questions(plan["questions"])
    assert sorted((q["category"], q["difficulty"]) for q in questions) == sorted(
        (s["category"], s["difficulty"]) for s in slots)
    assert len({q["prompt"] for q in questions}) == len(questions)  # never the same question twice
    covered = {q["skill"] for q in questions}
    assert len(covered & set(required)) == min(len(required), len(slots))
    critique = ENGINE["critique_plan"]({**inputs, "plan": {"questions": questions}})
    assert validation_errors(critique, CRITIQUE_SCHEMA) == []
    assert not [i for i in critique["issues"] if i["kind"] == "biased"]
    if len(required) <= len(slots) and shift == 0:
        assert not [i for i in critique["issues"] if i["severity"] == "blocker"]


RANK = {"easy": 1, "medium": 2, "hard": 3}


@settings(max_examples=80, deadline=None)
@given(distribution=distributions(), shift=st.integers(-2, 2))
def test_a_difficulty_shift_is_refitted_to_the_configured_duration(distribution, shift):
    config = {"question_distribution": distribution}
    duration = capabilities.interview_duration(config)
    shifted = slots_for(config, shift=shift)
    fitted, done = fit_slots(shifted, duration=duration)
    assert fitted and slots_minutes(fitted) <= duration
    assert len(fitted) == len(shifted) - done["dropped"]
    if slots_minutes(shifted) <= duration:  # easier, or harder with room to spare: nothing changes
        assert fitted == shifted and done == {"shortened": 0, "dropped": 0}
    assert all(s["difficulty"] in CAPS.categories[s["category"]].allowed_difficulties for s in fitted)
    # What is kept is the shifted mix, some questions made shorter: never a category the configuration lacks.
    assert {s["category"] for s in fitted} <= {s["category"] for s in shifted}
    assert sum(RANK[s["difficulty"]] for s in fitted) <= sum(RANK[s["difficulty"]] for s in shifted)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                        max_size=3), max_leaves=6)


@settings(max_examples=80, deadline=None)
@given(category=JSON_VALUES, difficulty=JSON_VALUES)
def test_planned_questions_with_any_json_category_or_difficulty_are_refused_with_field_errors_not_a_type_error(
        category, difficulty):
    """An agent (or a hand-written request) may send a dict or a list where a name belongs: that is a field error,
    never an unhashable-type crash."""
    from planning.errors import InvalidPlanQuestions

    question = {"prompt": "Explain how a hash map handles collisions.", "category": category,
                "difficulty": difficulty, "expected_points": ["chaining"]}
    try:
        normalise_questions([question])
    except InvalidPlanQuestions as exc:
        assert any(key.startswith("questions.0.") for key in exc.fields)
    else:
        assert category in CAPS.categories and difficulty in CAPS.categories[category].allowed_difficulties
