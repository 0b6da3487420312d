"""The question bank: the shipped files, validation, import/export, the model and the admin."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.tests.factories import CandidateFactory, ExpertFactory
from interviewmaster.capabilities import get_capabilities
from interviews.errors import QuestionBankInvalid
from interviews.models import Question
from interviews.question_bank import (
    JudgeProblem,
    check_bank,
    export_question_bank,
    import_question_bank,
    judge_problems_in_files,
    normalise_prompt,
    read_bank,
    write_bank,
)
from interviews.tests.factories import QuestionFactory

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad_questions.json"
WARNINGS_ONLY = FIXTURES / "warnings_only.json"


@pytest.fixture(scope="module")
def shipped():
    return read_bank()


def _question(**changes) -> dict:
    base = {
        "id": "sample-question", "title": "Sample", "category": "coding", "difficulty": "easy",
        "prompt": "Explain how you would find duplicates in a list of integers and what it costs.",
        "roles": ["backend_engineer"], "languages": [], "tags": ["hashing"],
        "expected_points": [{"point": "Uses a set", "keywords": ["set"]},
                            {"point": "O(n) time", "keywords": ["O(n)"]},
                            {"point": "O(n) space", "keywords": ["space"]}],
        "follow_up_seeds": ["Can you do it in O(1) space?"],
    }
    base.update(changes)
    return base


def _doc(*questions) -> dict:
    return {"format": "interviewmaster.questions/v1", "questions": list(questions)}


# --- the shipped bank -------------------------------------------------------------------------------------------------
def test_shipped_bank_passes_strict_validation(capsys):
    call_command("validate_questions", "--strict")
    out = capsys.readouterr().out
    assert "Question bank OK: 0 error(s), 0 warning(s)" in out


def test_shipped_bank_covers_every_category_difficulty_and_six_roles(shipped):
    caps = get_capabilities()
    questions = [q for _f, _i, q in shipped.questions]
    assert len(questions) >= 150
    pairs = Counter((q["category"], q["difficulty"]) for q in questions)
    for category in caps.categories.values():
        for difficulty in category.allowed_difficulties:
            assert pairs[(category.id, difficulty)] >= 1, f"no {category.id}/{difficulty} question"
    roles = Counter(r for q in questions for r in q["roles"])
    assert len([r for r, n in roles.items() if n >= 10]) >= 6


def test_shipped_questions_have_concrete_expected_points_with_keywords(shipped):
    for _f, _i, q in shipped.questions:
        assert len(q["expected_points"]) >= 3, q["id"]
        for point in q["expected_points"]:
            assert len(point["point"]) >= 10 and point["keywords"], q["id"]
        assert q["follow_up_seeds"], q["id"]


# --- validation -------------------------------------------------------------------------------------------------------
def test_seeded_bad_bank_fails_validation_with_each_problem_named(capsys):
    with pytest.raises(CommandError, match="error"):
        call_command("validate_questions", str(BAD))
    out = capsys.readouterr().out
    assert "bad-ok-baseline) id: duplicate id" in out
    assert "bad-duplicate-prompt) prompt: duplicate prompt (normalised)" in out
    assert "bad-missing-points) expected_points: missing" in out
    assert "bad-unknown-category) category: unknown category 'poetry'" in out
    assert "bad-difficulty-mismatch) difficulty: category 'system_design' does not offer 'easy'" in out
    assert "roles: unknown role 'mainframe_wizard'" in out
    assert "languages: unknown language 'cobol'" in out
    assert "tags: tags not in the capabilities vocabulary: 'mainframes'" in out
    assert "'follow_up_seeds' is a required property" in out
    assert "does not match" in out  # the id pattern


def test_warnings_pass_normally_but_fail_under_strict(capsys):
    call_command("validate_questions", str(WARNINGS_ONLY))
    out = capsys.readouterr().out
    assert "0 error(s), 4 warning(s)" in out
    with pytest.raises(CommandError, match="strict"):
        call_command("validate_questions", "--strict", str(WARNINGS_ONLY))
    out = capsys.readouterr().out
    assert "only 2; give at least 3" in out
    assert "expected_points[0]: no keywords" in out
    assert "'not-a-known-tag'" in out
    assert "no follow-up seeds" in out


def test_unreadable_and_malformed_files_are_errors(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    report = read_bank([broken, tmp_path / "missing.json"])
    messages = [str(i) for i in report.errors]
    assert any("broken.json" in m and "not valid JSON" in m for m in messages)
    assert any("missing.json" in m and "cannot read" in m for m in messages)


def test_wrong_format_marker_is_an_error():
    report = check_bank([("x.json", {"format": "something/v2", "questions": []})])
    assert report.errors and "interviewmaster.questions/v1" in report.errors[0].message


def test_question_in_another_categorys_file_is_a_warning():
    report = check_bank([("debugging.json", _doc(_question()))])
    assert not report.errors
    assert ["a 'coding' question in the 'debugging' file"] == [w.message for w in report.warnings]


def test_rubric_overrides_must_name_known_criteria_and_sum_to_one():
    report = check_bank([("x.json", _doc(_question(rubric_overrides={"correctness": 0.5, "charisma": 0.5})))])
    assert "unknown evaluation criteria 'charisma'" in report.errors[0].message
    report = check_bank([("x.json", _doc(_question(rubric_overrides={"correctness": 0.5, "communication": 0.2})))])
    assert "sum to 0.7" in report.errors[0].message
    report = check_bank([("x.json", _doc(_question(rubric_overrides={"correctness": 0.6, "communication": 0.4})))])
    assert not report.errors


def test_every_shipped_question_linked_to_a_judge_problem_names_its_call(shipped):
    problems = judge_problems_in_files()
    linked = [q for _f, _i, q in shipped.questions if q.get("problem")]
    assert len(linked) >= 10
    for question in linked:
        problem = problems[question["problem"]]
        assert problem.published and problem.names[0] in question["prompt"], question["id"]
        assert all(f"{p}" in question["prompt"] for p in problem.params), question["id"]


def _broken_copy(tmp_path, changes: dict[str, dict]) -> Path:
    """The shipped bank copied to tmp_path, with some questions changed ({id: {field: value}})."""
    for source in sorted(Path(settings.QUESTION_BANK_DIR).glob("*.json")):
        document = json.loads(source.read_text(encoding="utf-8"))
        for question in document["questions"]:
            question.update(changes.get(question["id"], {}))
        (tmp_path / source.name).write_text(json.dumps(document), encoding="utf-8")
    return tmp_path


def test_a_bank_copy_whose_coding_questions_disagree_with_their_judge_problems_fails_validation(tmp_path, capsys):
    # What the reviewer met: the question's text, not the problem's, was all the candidate read.
    broken = _broken_copy(tmp_path, {
        "coding-group-anagrams": {"prompt": "Given a list of lowercase words, group together words that are anagrams "
                                            "of each other and return the groups."},
        "coding-course-schedule": {"prompt": "Write `can_finish(n, prerequisites)`: there are n courses and a list of "
                                             "prerequisite pairs. Return an order in which all courses can be taken."},
        "coding-top-k-frequent": {"prompt": "Write `top_k_frequent(nums)`: return the most frequent values."},
        "coding-edit-distance": {"problem": "no-such-problem"},
    })
    with pytest.raises(CommandError, match="4 error"):
        call_command("validate_questions", "--strict", str(broken))
    out = capsys.readouterr().out
    assert ("(coding-group-anagrams) prompt: does not name the function the tests of 'group-anagrams' call "
            "(group_anagrams / groupAnagrams)") in out
    assert "(coding-course-schedule) prompt: the tests of 'course-schedule' expect true or false" in out
    assert "(coding-top-k-frequent) prompt: does not name the parameter(s) 'k'" in out
    assert "(coding-edit-distance) problem: no published code-judge problem 'no-such-problem'" in out


def test_a_linked_problem_that_is_not_published_is_an_error():
    problems = {"add": JudgeProblem(slug="add", names=("add",), params=("a", "b"), returns="int", published=False)}
    question = _question(problem="add", prompt="Write `add(a, b)` that returns the sum of the integers a and b.")
    report = check_bank([("coding.json", _doc(question))], judge_problems=problems)
    assert [i.message for i in report.errors] == [
        "no published code-judge problem 'add' (it is unpublished): new interviews do not ask this question; those "
        "that already asked it keep the problem"]
    report = check_bank([("coding.json", _doc(question))],
                        judge_problems={"add": JudgeProblem(slug="add", names=("add",), params=("a", "b"))})
    assert not report.errors


def test_prompt_normalisation_ignores_case_punctuation_and_spacing():
    assert normalise_prompt("Explain  a HASH-map!") == normalise_prompt("explain a hash map")
    assert normalise_prompt("C++ vs C#") == "c++ vs c#"


# --- import / export --------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_import_creates_questions_and_a_second_run_changes_nothing(tmp_path):
    path = tmp_path / "coding.json"
    path.write_text(json.dumps(_doc(_question(), _question(id="second", prompt="Reverse a linked list in place."))))
    first = import_question_bank(paths=[path])
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    second = import_question_bank(paths=[path])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    question = Question.objects.get(external_id="sample-question")
    assert question.source == "bank:coding.json"
    assert question.expected_point_texts == ["Uses a set", "O(n) time", "O(n) space"]
    assert question.minutes == 10


@pytest.mark.django_db
def test_import_updates_changed_questions_but_keeps_an_experts_deactivation(tmp_path):
    path = tmp_path / "coding.json"
    path.write_text(json.dumps(_doc(_question())))
    import_question_bank(paths=[path])
    Question.objects.filter(external_id="sample-question").update(is_active=False)
    path.write_text(json.dumps(_doc(_question(title="Sample, reworded", active=True))))
    result = import_question_bank(paths=[path])
    assert (result.created, result.updated) == (0, 1)
    question = Question.objects.get(external_id="sample-question")
    assert question.title == "Sample, reworded"
    assert question.is_active is False


@pytest.mark.django_db
def test_only_new_import_leaves_existing_questions_untouched(tmp_path):
    path = tmp_path / "coding.json"
    path.write_text(json.dumps(_doc(_question())))
    import_question_bank(paths=[path])
    Question.objects.filter(external_id="sample-question").update(title="Edited in the admin")
    path.write_text(json.dumps(_doc(_question(), _question(id="brand-new", prompt="Detect a cycle in a list."))))
    result = import_question_bank(paths=[path], only_new=True)
    assert (result.created, result.unchanged) == (1, 1)
    assert Question.objects.get(external_id="sample-question").title == "Edited in the admin"


@pytest.mark.django_db
def test_deactivate_missing_only_touches_bank_questions(tmp_path):
    path = tmp_path / "coding.json"
    path.write_text(json.dumps(_doc(_question(), _question(id="going-away", prompt="Find the middle of a list."))))
    import_question_bank(paths=[path])
    expert_written = QuestionFactory(source="expert")
    path.write_text(json.dumps(_doc(_question())))
    result = import_question_bank(paths=[path], deactivate_missing=True)
    assert result.deactivated == 1
    assert Question.objects.get(external_id="going-away").is_active is False
    expert_written.refresh_from_db()
    assert expert_written.is_active is True


@pytest.mark.django_db
def test_a_bank_with_errors_imports_nothing():
    with pytest.raises(QuestionBankInvalid) as info:
        import_question_bank(paths=[BAD])
    assert info.value.code == "question_bank_invalid"
    assert any("duplicate id" in line for line in info.value.fields["questions"])
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_import_command_reports_errors_and_counts(tmp_path, capsys):
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_questions", str(BAD))
    path = tmp_path / "coding.json"
    path.write_text(json.dumps(_doc(_question())))
    call_command("import_questions", str(path))
    assert "1 created, 0 updated, 0 unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_export_round_trips_through_the_json_format(tmp_path, django_assert_max_num_queries):
    import_question_bank()
    with django_assert_max_num_queries(1):
        documents = export_question_bank()
    written = write_bank(documents, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in Path(settings.QUESTION_BANK_DIR).glob("*.json"))
    report = read_bank([tmp_path])
    assert report.issues == []
    exported = {q["id"]: q for _f, _i, q in report.questions}
    original = {q["id"]: {**q, "active": q.get("active", True)} for _f, _i, q in read_bank().questions}
    assert exported == original


@pytest.mark.django_db
def test_export_command_writes_one_file_per_category(tmp_path):
    QuestionFactory(category="coding")
    QuestionFactory(category="debugging", difficulty="easy")
    call_command("export_questions", "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["coding.json", "debugging.json"]


@pytest.mark.django_db
def test_load_demo_loads_the_shipped_bank_idempotently():
    call_command("load_demo")
    count = Question.objects.count()
    assert count == len(read_bank().questions)
    call_command("load_demo")
    assert Question.objects.count() == count


# --- model ------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_model_clean_rejects_vocabulary_the_capabilities_do_not_know():
    question = QuestionFactory.build(category="system_design", difficulty="easy", roles=["astronaut"])
    with pytest.raises(ValidationError) as info:
        question.clean()
    assert "does not offer 'easy'" in str(info.value.message_dict["difficulty"])
    assert "unknown role 'astronaut'" in str(info.value.message_dict["roles"])


@pytest.mark.django_db
def test_model_clean_checks_the_link_against_the_problem_in_the_database():
    from studypaths.tests.factories import ProblemFactory

    problem = ProblemFactory(slug="add-numbers")  # add(a, b)
    question = QuestionFactory.build(category="coding", problem="add-numbers",
                                     prompt="Explain how you would sum two integers and what it costs.")
    with pytest.raises(ValidationError) as info:
        question.clean()
    assert info.value.message_dict["prompt"][0].startswith(
        "does not name the function the tests of 'add-numbers' call (add)")
    question.prompt = "Write `add(a, b)`, returning the sum of the integers a and b."
    question.clean()
    problem.is_published = False
    problem.save()
    with pytest.raises(ValidationError, match="no published code-judge problem 'add-numbers'"):
        question.clean()


# --- admin ------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_admin_bulk_activate_and_deactivate(client):
    client.force_login(ExpertFactory(is_superuser=True))
    questions = QuestionFactory.create_batch(3, is_active=False)
    url = reverse("admin:interviews_question_changelist")
    response = client.post(url, {"action": "activate", "_selected_action": [q.pk for q in questions[:2]]})
    assert response.status_code == 302
    assert sorted(Question.objects.filter(is_active=True).values_list("pk", flat=True)) == \
        sorted(q.pk for q in questions[:2])
    client.post(url, {"action": "deactivate", "_selected_action": [questions[0].pk]})
    assert Question.objects.filter(is_active=True).count() == 1


@pytest.mark.django_db
def test_admin_filters_by_role_and_searches_prompts(client, django_assert_max_num_queries):
    client.force_login(ExpertFactory(is_superuser=True))
    QuestionFactory(title="Backend only", roles=["backend_engineer"])
    QuestionFactory(title="Mobile only", roles=["mobile_engineer"], prompt="Explain the Android activity lifecycle.")
    url = reverse("admin:interviews_question_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"role": "mobile_engineer"})
    assert [q.title for q in response.context["cl"].result_list] == ["Mobile only"]
    response = client.get(url, {"q": "activity lifecycle"})
    assert [q.title for q in response.context["cl"].result_list] == ["Mobile only"]


@pytest.mark.django_db
def test_candidates_cannot_open_the_question_admin(client):
    client.force_login(CandidateFactory())
    response = client.get(reverse("admin:interviews_question_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
