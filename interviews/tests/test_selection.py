"""Question selection: counts, slots, unseen-first, skills, determinism, shortages and query counts."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewmaster.capabilities import InvalidInterviewConfig, interview_config
from interviews.errors import NotEnoughQuestions
from interviews.models import Question
from interviews.question_bank import import_question_bank
from interviews.selection import CandidateProfile, select_questions, skill_tags
from interviews.tests.factories import QuestionFactory

BACKEND = CandidateProfile(target_role="backend_engineer", experience_level="mid")
ROLES = ["backend_engineer", "frontend_engineer", "data_engineer"]
SLOTS = [("coding", "easy"), ("coding", "medium"), ("coding", "hard"), ("behavioral", "medium"),
         ("debugging", "easy"), ("system_design", "hard")]


@pytest.fixture
def bank(db):
    """A bank of 6 questions per (slot, role) pair plus noise that must never be picked."""
    questions = []
    for category, difficulty in SLOTS:
        for role in ROLES:
            for n in range(6):
                questions.append(QuestionFactory(category=category, difficulty=difficulty, roles=[role],
                                                 external_id=f"{category}-{difficulty}-{role}-{n}".replace("_", "-"),
                                                 tags=["go"] if n == 5 else ["arrays"]))
    QuestionFactory(category="coding", difficulty="easy", roles=["backend_engineer"], is_active=False,
                    external_id="inactive-one")
    return questions


def _config(distribution: dict) -> dict:
    return interview_config("custom_config", {"question_distribution": distribution})


def test_quick_start_selection_matches_the_default_distribution_for_the_shipped_bank(db):
    import_question_bank()
    config = interview_config("quick_start")
    picked = select_questions(config=config, profile=BACKEND, seed=1)
    assert [q.category for q in picked] == ["coding", "language_knowledge", "behavioral"]
    assert all(q.difficulty == "medium" and "backend_engineer" in q.roles for q in picked)


def test_selection_respects_slots_role_and_active_flag(bank):
    config = _config({"coding": {"easy": 2, "hard": 1}, "behavioral": 1})
    picked = select_questions(config=config, profile=BACKEND, seed="s")
    assert [(q.category, q.difficulty) for q in picked] == [("coding", "easy"), ("coding", "easy"),
                                                            ("coding", "hard"), ("behavioral", "medium")]
    assert all(q.roles == ["backend_engineer"] and q.is_active for q in picked)
    assert len({q.pk for q in picked}) == 4


def test_config_role_overrides_the_profile_role(bank):
    config = interview_config("custom_config", {"question_distribution": {"coding": 2}, "role": "data_engineer"})
    picked = select_questions(config=config, profile=BACKEND, seed=3)
    assert {r for q in picked for r in q.roles} == {"data_engineer"}


def test_unseen_questions_come_first(bank):
    slot = [q for q in bank if (q.category, q.difficulty) == ("coding", "medium") and q.roles == ["backend_engineer"]]
    seen = [q.pk for q in slot[:4]]
    config = _config({"coding": {"medium": 2}})
    for seed in range(10):
        picked = select_questions(config=config, profile=BACKEND, seen_question_ids=seen, seed=seed)
        assert {q.pk for q in picked} == {q.pk for q in slot[4:]}


def test_seen_questions_are_reused_when_unseen_ones_run_out(bank):
    slot = [q for q in bank if (q.category, q.difficulty) == ("coding", "medium") and q.roles == ["backend_engineer"]]
    seen = [q.pk for q in slot[:4]]
    picked = select_questions(config=_config({"coding": {"medium": 4}}), profile=BACKEND, seen_question_ids=seen,
                              seed=0)
    assert len(picked) == 4
    assert {q.pk for q in slot[4:]} <= {q.pk for q in picked}


def test_questions_matching_resume_skills_are_preferred(bank):
    profile = CandidateProfile(target_role="backend_engineer", skills=["Golang", "Docker"])
    for seed in range(5):
        picked = select_questions(config=_config({"coding": {"easy": 1}}), profile=profile, seed=seed)
        assert picked[0].tags == ["go"]


def test_unseen_beats_skill_match(bank):
    go_question = next(q for q in bank if (q.category, q.difficulty) == ("coding", "easy")
                       and q.roles == ["backend_engineer"] and q.tags == ["go"])
    profile = CandidateProfile(target_role="backend_engineer", skills=["go"])
    picked = select_questions(config=_config({"coding": {"easy": 1}}), profile=profile,
                              seen_question_ids=[go_question.pk], seed=1)
    assert picked[0].pk != go_question.pk


def test_selection_is_deterministic_under_a_seed_and_varies_across_seeds(bank):
    config = _config({"coding": 2, "debugging": {"easy": 1}})
    first = [q.pk for q in select_questions(config=config, profile=BACKEND, seed=42)]
    assert [q.pk for q in select_questions(config=config, profile=BACKEND, seed=42)] == first
    outcomes = {tuple(q.pk for q in select_questions(config=config, profile=BACKEND, seed=s)) for s in range(8)}
    assert len(outcomes) > 1


def test_language_filter_keeps_agnostic_and_matching_questions(db):
    QuestionFactory(external_id="py-only", languages=["python"], roles=["backend_engineer"])
    QuestionFactory(external_id="java-only", languages=["java"], roles=["backend_engineer"])
    QuestionFactory(external_id="agnostic", languages=[], roles=["backend_engineer"])
    config = interview_config("custom_config", {"question_distribution": {"coding": 2}, "languages": ["python"]})
    picked = select_questions(config=config, profile=BACKEND, seed=0)
    assert {q.external_id for q in picked} == {"py-only", "agnostic"}


def test_a_question_whose_judge_problem_was_unpublished_is_not_selected(db):
    """The room showed an unpublished problem's statement, starter code and examples to every interview started after
    unpublishing (its practice page a 404 for the same candidate): selection read `is_active` only."""
    from studypaths.models import Problem
    from studypaths.tests.factories import ProblemFactory

    kept, dropped = ProblemFactory(), ProblemFactory()
    QuestionFactory(external_id="linked", problem=kept.slug)
    QuestionFactory(external_id="unpublished", problem=dropped.slug)
    QuestionFactory(external_id="plain")
    picked = select_questions(config=_config({"coding": 3}), profile=BACKEND, seed=0)
    assert {q.external_id for q in picked} == {"linked", "unpublished", "plain"}
    Problem.objects.filter(pk=dropped.pk).update(is_published=False)
    for seed in range(6):
        picked = select_questions(config=_config({"coding": 2}), profile=BACKEND, seed=seed)
        assert {q.external_id for q in picked} == {"linked", "plain"}
    with pytest.raises(NotEnoughQuestions) as short:
        select_questions(config=_config({"coding": 3}), profile=BACKEND, seed=0)
    assert short.value.fields == {"coding.medium": "needs 3, only 2 available"}


def test_the_shipped_bank_with_its_problems_can_ask_its_judge_linked_coding_questions(bank_with_problems):
    """`load_shipped_bank()` alone loads no judge problem, so the bank's coding questions that link one were never
    askable in a test; `load_shipped_bank(problems=True)` loads the problems they link."""
    from interviews.selectors import askable_questions
    from studypaths.models import Problem

    linked = list(Question.objects.exclude(problem="").order_by("id"))
    assert linked and {q.problem for q in linked} <= set(Problem.objects.values_list("slug", flat=True))
    assert set(askable_questions().filter(problem__gt="")) == set(linked)
    # A selection of every askable question of a linked one's slot and role picks it.
    question = linked[0]
    role = question.roles[0]
    slot = askable_questions().filter(category=question.category, difficulty=question.difficulty)
    count = sum(role in q.roles for q in slot)
    config = {**_config({question.category: {question.difficulty: count}}), "role": role}
    assert question in select_questions(config=config, profile=BACKEND, seed=0)


def test_shortage_raises_an_error_naming_each_short_slot(bank):
    config = interview_config("custom_config", {"question_distribution": {"coding": {"hard": 7}, "testing": 1},
                                                "languages": ["go"]})
    with pytest.raises(NotEnoughQuestions) as info:
        select_questions(config=config, profile=BACKEND, seed=0)
    error = info.value
    assert error.code == "not_enough_questions"
    assert error.fields == {"coding.hard": "needs 7, only 6 available", "testing.medium": "needs 1, only 0 available"}
    assert "role backend_engineer" in error.message and "languages go" in error.message


def test_selection_needs_a_distribution_and_a_known_role(bank):
    with pytest.raises(InvalidInterviewConfig, match="question_distribution"):
        select_questions(config={}, profile=BACKEND)
    with pytest.raises(InvalidInterviewConfig, match="astronaut"):
        select_questions(config=_config({"coding": 1}), profile=CandidateProfile(target_role="astronaut"))


def test_selection_uses_one_query_whatever_the_request(bank, django_assert_num_queries):
    for distribution in ({"coding": 1}, {"coding": {"easy": 3, "medium": 2, "hard": 4}, "behavioral": 5}):
        with django_assert_num_queries(1):
            select_questions(config=_config(distribution), profile=BACKEND, seen_question_ids=[1, 2, 3], seed=9)


def test_skill_tags_normalise_resume_skills():
    assert skill_tags(["Golang", "C++", "Node.js", "Machine Learning", " ", "PostgreSQL"]) == {
        "go", "cpp", "node", "machine-learning", "postgresql"}


slot_counts = st.fixed_dictionaries({slot: st.integers(min_value=0, max_value=6) for slot in SLOTS}).filter(
    lambda d: 0 < sum(d.values()) <= 20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=slot_counts, role=st.sampled_from(ROLES), seen_fraction=st.floats(0, 1), seed=st.integers())
def test_selection_returns_exactly_the_requested_count_when_the_bank_can(bank, counts, role, seen_fraction, seed):
    distribution: dict = {}
    for (category, difficulty), n in counts.items():
        if n:
            distribution.setdefault(category, {})[difficulty] = n
    seen = [q.pk for q in bank[: int(len(bank) * seen_fraction)]]
    picked = select_questions(config=_config(distribution), profile=CandidateProfile(target_role=role),
                              seen_question_ids=seen, seed=seed)
    assert len(picked) == sum(counts.values())
    assert len({q.pk for q in picked}) == len(picked)
    assert Counter((q.category, q.difficulty) for q in picked) == +Counter(counts)
    assert all(role in q.roles for q in picked)


def test_with_no_language_asked_for_the_roles_core_languages_come_first(db):
    """A backend quick start (no language chosen, no resume) could ask a Ruby question: every language-bound
    question ranked alike. Now the role's core languages (the first three of its typical_languages: Python, Java,
    Go) and language-free questions come before the rest."""
    for language in ("ruby", "rust", "kotlin", "python", "go"):
        QuestionFactory(external_id=f"{language}-only", languages=[language], roles=["backend_engineer"])
    QuestionFactory(external_id="agnostic", languages=[], roles=["backend_engineer"])
    config = _config({"coding": 3})
    for seed in range(12):
        picked = select_questions(config=config, profile=BACKEND, seed=seed)
        assert {q.external_id for q in picked} == {"python-only", "go-only", "agnostic"}, seed


def test_the_candidates_resume_languages_come_before_the_roles_core(db):
    for language in ("ruby", "python", "go"):
        QuestionFactory(external_id=f"{language}-only", languages=[language], roles=["backend_engineer"])
    rubyist = CandidateProfile(target_role="backend_engineer", skills=["Ruby", "PostgreSQL"])
    for seed in range(6):
        picked = select_questions(config=_config({"coding": 1}), profile=rubyist, seed=seed)
        assert [q.external_id for q in picked] == ["ruby-only"], seed
    # a language asked for filters, as before, and no preference is layered over it
    config = interview_config("custom_config", {"question_distribution": {"coding": 1}, "languages": ["go"]})
    assert [q.external_id for q in select_questions(config=config, profile=rubyist, seed=0)] == ["go-only"]


def test_the_shipped_banks_ruby_question_is_not_a_backend_quick_starts_easier_question(db):
    """After a weak answer the quick start asks an easier language question (services._replacement): it was the
    Ruby one as often as any other."""
    import_question_bank()
    config = interview_config("quick_start", {"question_distribution": {"language_knowledge": {"easy": 1}}})
    picked = {select_questions(config=config, profile=CandidateProfile(target_role="backend_engineer"),
                               seed=seed)[0].external_id for seed in range(30)}
    assert "lang-ruby-blocks-procs" not in picked and len(picked) > 1
