"""Analytics over interview evaluations: trend, criteria, categories, peer percentiles, badges, time practised."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from analytics import selectors, services
from analytics.models import CohortStat
from analytics.tests.factories import evaluated_answer
from interviews.models import Evaluation

pytestmark = pytest.mark.django_db


def test_summary_aggregates_criteria_and_categories():
    user = CandidateFactory()
    evaluated_answer(user, category="coding", overall=80, scores={"correctness": 4, "communication": 3})
    evaluated_answer(user, category="coding", overall=60, scores={"correctness": 2, "communication": 5})
    evaluated_answer(user, category="behavioral", overall=90, scores={"communication": 4})
    summary = selectors.dashboard_summary(user)
    assert summary["categories"] == [
        {"category": "behavioral", "average": 90.0, "count": 1, "percentile": None},
        {"category": "coding", "average": 70.0, "count": 2, "percentile": None}]
    assert sorted(summary["criteria"], key=lambda row: row["criterion"]) == [
        {"criterion": "communication", "average": 4.0, "count": 3},
        {"criterion": "correctness", "average": 3.0, "count": 2}]
    assert summary["score_trend"][-1]["interview"] == 77  # as one report of the three questions would print it


def test_time_practised_per_week_adds_interviews_and_caps_forgotten_tasks():
    user = CandidateFactory()
    evaluated_answer(user, seconds_used=30 * 60)
    evaluated_answer(user, seconds_used=15 * 60)
    summary = selectors.dashboard_summary(user)
    assert sum(week["minutes"] for week in summary["minutes_by_week"]) == 45


def test_time_practised_counts_study_tasks_worked_to_a_verdict_not_skipped_or_expired_ones():
    """Every task with a finish time counted, so one opened in the morning and skipped (or let expire, or left on an
    archived path) added three hours of practice."""
    from studypaths import study
    from studypaths.models import StudyTask, TaskStatus
    from studypaths.tests.factories import make_track

    user = CandidateFactory()
    track = make_track()
    path = study.create_study_path(user=user, track=track, config=study.PathConfig())
    problems = list(track.modules.last().problems.all()) + list(track.modules.first().problems.all())
    finished = timezone.now() - timedelta(hours=1)
    for problem, status, minutes in zip(problems, (TaskStatus.PASSED, TaskStatus.FAILED, TaskStatus.SKIPPED,
                                                  TaskStatus.EXPIRED), (30, 20, 300, 600), strict=True):
        StudyTask.objects.create(path=path, problem=problem, status=status, due_date=finished.date(),
                                 started_at=finished - timedelta(minutes=minutes), finished_at=finished)
    weeks = selectors.dashboard_summary(user)["minutes_by_week"]
    assert sum(week["minutes"] for week in weeks) == 30 + 20


def test_a_week_without_practice_is_a_zero_between_weeks_with_some():
    """Two weeks apart were drawn as neighbouring bars: the week between is there, as 0."""
    user = CandidateFactory()
    monday = timezone.now() - timedelta(days=timezone.now().weekday() + 21)
    evaluated_answer(user, at=monday, seconds_used=20 * 60)
    evaluated_answer(user, at=monday + timedelta(days=14), seconds_used=10 * 60)
    weeks = selectors.dashboard_summary(user)["minutes_by_week"]
    assert [row["minutes"] for row in weeks] == [20, 0, 10]
    assert [date.fromisoformat(row["week"]) - date.fromisoformat(weeks[0]["week"]) for row in weeks] == [
        timedelta(days=0), timedelta(days=7), timedelta(days=14)]


def test_an_evaluated_answer_counts_for_the_streak_in_the_users_time_zone():
    user = CandidateFactory(timezone="Asia/Tokyo")
    now = timezone.now()
    for days_ago in range(3):
        evaluated_answer(user, at=now - timedelta(days=days_ago))
    assert selectors.streak_for(user, now=now).current == 3


def _cohort(size, *, role="backend_engineer", level="mid"):
    members = []
    for n in range(size):
        member = CandidateFactory(target_role=role, experience_level=level)
        evaluated_answer(member, category="coding", overall=n * (100 // max(size, 1)))
        members.append(member)
    return members


@override_settings(ANALYTICS_COHORT_MIN=20)
def test_percentile_is_hidden_below_the_cohort_minimum():
    members = _cohort(19)
    services.recompute_cohorts()
    assert CohortStat.objects.get(category="coding").size == 19
    assert selectors.dashboard_summary(members[-1])["categories"][0]["percentile"] is None


@override_settings(ANALYTICS_COHORT_MIN=20)
def test_percentile_appears_from_twenty_people_and_ranks_the_best_high():
    members = _cohort(20)
    other_level = CandidateFactory(target_role="backend_engineer", experience_level="senior")
    evaluated_answer(other_level, category="coding", overall=100)
    services.recompute_cohorts()
    best = selectors.dashboard_summary(members[-1])["categories"][0]["percentile"]
    worst = selectors.dashboard_summary(members[0])["categories"][0]["percentile"]
    assert best >= 90 and worst <= 10
    assert selectors.dashboard_summary(other_level)["categories"][0]["percentile"] is None  # cohort of one


@override_settings(ANALYTICS_COHORT_MIN=20)
def test_the_summary_never_carries_another_candidates_identity_or_score():
    members = _cohort(20)
    services.recompute_cohorts()
    client = APIClient()
    client.force_authenticate(members[5])
    body = client.get("/api/v1/analytics/summary").content.decode()
    for other in members[:5] + members[6:]:
        assert other.email not in body and other.name not in body


@override_settings(ANALYTICS_COHORT_MIN=20)
def test_a_planned_interviews_scores_stay_out_of_the_cohorts_cut_points():
    """The candidate's own averages left a planned interview's answers out, but the cohort's cut points they are
    ranked against took them in: a hiring interview's scores shaped every peer's percentile."""
    members = _cohort(20)
    services.recompute_cohorts()
    before = CohortStat.objects.get(category="coding")
    for member in members[:10]:
        session = evaluated_answer(member, category="coding", overall=100).turn.session
        session.is_planned = True
        session.save(update_fields=["is_planned"])
    services.recompute_cohorts()
    after = CohortStat.objects.get(category="coding")
    assert (after.size, after.cutpoints) == (before.size, before.cutpoints)


def test_first_interview_badge_after_a_finished_session():
    user = CandidateFactory()
    evaluated_answer(user)
    assert "first_interview" in {a.code for a in services.evaluate_achievements(user=user)}


def test_first_interview_asks_for_an_interview_run_to_its_end_with_every_question_answered():
    """A 20-second quick start ended after one poor answer to the first of its three questions earned "First
    interview" (and its points): a badge now asks for the interview run to its last question, none skipped."""
    from interviews.models import Turn

    user = CandidateFactory()
    session = evaluated_answer(user, seconds_used=20).turn.session
    session.end_reason = "finished"  # the candidate ended it early
    session.save(update_fields=["end_reason"])
    assert "first_interview" not in {a.code for a in services.evaluate_achievements(user=user)}
    session.end_reason = "last_question"
    session.save(update_fields=["end_reason"])
    skipped = Turn.objects.create(session=session, index=2, kind="question", question_number=2, prompt="Next one.",
                                  status="skipped", asked_at=session.started_at)
    assert "first_interview" not in {a.code for a in services.evaluate_achievements(user=user)}
    skipped.delete()
    assert "first_interview" in {a.code for a in services.evaluate_achievements(user=user)}


def test_an_answer_whose_evaluation_we_lost_still_counts_for_the_interview_badge():
    # UNSCORED is our worker's loss, not a skipped question: it cost the candidate "First interview" and its points.
    from interviews.models import Turn

    user = CandidateFactory()
    session = evaluated_answer(user, seconds_used=600).turn.session
    session.end_reason = "last_question"
    session.save(update_fields=["end_reason"])
    Turn.objects.create(session=session, index=2, kind="question", question_number=2, prompt="Next one.",
                        status="unscored", asked_at=session.started_at, submitted_at=session.started_at,
                        answer_text="An answer we could not grade.")
    assert "first_interview" in {a.code for a in services.evaluate_achievements(user=user)}


def test_a_short_practice_is_not_zero_minutes():
    # A 20-second interview rounded down to "0 minutes" in the time practised chart right after it.
    user = CandidateFactory()
    evaluated_answer(user, seconds_used=20)
    assert [week["minutes"] for week in selectors.dashboard_summary(user)["minutes_by_week"]] == [0.3]
    evaluated_answer(user, seconds_used=15 * 60)
    assert [week["minutes"] for week in selectors.dashboard_summary(user)["minutes_by_week"]] == [15]


@pytest.mark.parametrize(("minutes", "shown"), [(5.0, "5"), (9.96, "10"), (10.2, "10"), (0.33, "0.3"), (0.02, "0.1"),
                                                (0, "0"), (9.94, "9.9")])
def test_practised_minutes_read_without_a_trailing_zero(minutes, shown):
    # 5 minutes read "5.0" and 9.96 read "10.0" beside "10" for 10.2.
    assert str(selectors.practised_minutes(minutes)) == shown


def test_an_unfinished_session_is_not_a_finished_interview():
    user = CandidateFactory()
    evaluated_answer(user, state="in_progress")
    assert "first_interview" not in {a.code for a in services.evaluate_achievements(user=user)}


def test_criterion_improved_by_one_point_earns_getting_better():
    user = CandidateFactory()
    start = timezone.now() - timedelta(days=10)
    for n, score in enumerate([2, 2, 2, 3, 3, 3]):
        evaluated_answer(user, scores={"correctness": score}, at=start + timedelta(days=n))
    assert "criterion_up" in {a.code for a in services.evaluate_achievements(user=user)}


def test_criterion_gain_needs_six_scores_and_a_whole_point():
    assert selectors.criterion_gain([{"c": 2}] * 5) == 0.0
    assert selectors.criterion_gain([{"c": 2}, {"c": 2}, {"c": 2}, {"c": 3}, {"c": 3}, {"c": 2}]) < 1.0
    assert selectors.criterion_gain([{"c": 1}] * 3 + [{"c": 5}] * 3) == 4.0


def test_weakest_category_is_the_next_step_without_a_study_path():
    user = CandidateFactory()
    evaluated_answer(user, category="system_design", overall=40)
    evaluated_answer(user, category="coding", overall=85)
    from studypaths.models import Problem

    Problem.objects.all().delete()
    action = selectors.next_action(user)
    assert action["kind"] == "interview" and action["title"] == "Practise in a mock interview: System design"


def test_an_evaluation_invalidates_the_cached_summary(django_capture_on_commit_callbacks):
    user = CandidateFactory()
    assert selectors.cached_dashboard_summary(user)["categories"] == []
    with django_capture_on_commit_callbacks(execute=True):
        evaluated_answer(user, category="databases", overall=50)
    assert [c["category"] for c in selectors.cached_dashboard_summary(user)["categories"]] == ["databases"]


def test_summary_queries_stay_constant_with_interview_history(django_assert_max_num_queries):
    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    for n in range(20):
        evaluated_answer(user, category=["coding", "databases"][n % 2], overall=50 + n)
    with django_assert_max_num_queries(20):
        selectors.dashboard_summary(user)


def test_the_summary_reads_evaluations_by_candidate_without_joining_turns_or_sessions():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, other = (CandidateFactory(target_role="backend_engineer", experience_level="mid") for _ in range(2))
    evaluated_answer(user, category="coding", overall=80)
    evaluated_answer(other, category="coding", overall=20)
    services.recompute_cohorts()
    with CaptureQueriesContext(connection) as captured:
        summary = selectors.dashboard_summary(user)
    reads = [q["sql"] for q in captured if '"interviews_evaluation"' in q["sql"]]
    # no join: the turns and sessions are read only by the small subquery of interviews with nothing answered
    assert reads and not [sql for sql in reads if 'JOIN "interviews_turn"' in sql
                          or 'JOIN "interviews_interviewsession"' in sql]
    assert summary["categories"] == [{"category": "coding", "average": 80.0, "count": 1, "percentile": None}]
    assert CohortStat.objects.get(category="coding").size == 2  # the beat task groups by the same column


def test_a_planned_interviews_scores_stay_out_of_its_candidates_charts():
    # the room and the report left a planned interview's scores out, but the dashboard's category chart showed 37
    user = CandidateFactory()
    evaluated_answer(user, category="coding", overall=80)
    planned = evaluated_answer(user, category="databases", overall=37).turn.session
    planned.is_planned = True
    planned.save(update_fields=["is_planned"])
    summary = selectors.dashboard_summary(user)
    assert [c["category"] for c in summary["categories"]] == ["coding"]


def _interview_with_follow_ups(user, questions, *, at=None):
    """One reported interview: `questions` is [(category, main score, [follow-up scores])], each follow-up a turn
    whose parent is its main question, every turn evaluated."""
    from interviews.models import Evaluation, InterviewSession, Turn

    at = at or timezone.now()
    session = InterviewSession.objects.create(candidate=user, mode="practice", role="backend_engineer",
                                              state="evaluated", started_at=at, ended_at=at, overall=38,
                                              end_reason="last_question",
                                              question_plan=[{"category": c} for c, _, _ in questions])
    index = 0
    for number, (category, main_score, follow_ups) in enumerate(questions, start=1):
        parent = None
        for score in [main_score, *follow_ups]:
            index += 1
            turn = Turn.objects.create(session=session, index=index, kind="question" if parent is None else
                                       "follow_up", parent=parent, question_number=number, prompt="Explain.",
                                       category=category, difficulty="medium", status="evaluated", asked_at=at,
                                       submitted_at=at, answer_text="An answer.")
            Evaluation.objects.create(turn=turn, category=category, overall=score, evaluated_at=at,
                                      scores={"correctness": 3})
            parent = parent or turn
    return session


def test_the_dashboard_scores_an_interview_per_question_as_its_report_does():
    """The report said 38/100 overall and Coding 46 (8, then follow-ups at 85 and 85, fold into 46.5); the dashboard
    and the summary API averaged every answer: "Interview answers 51.8", Coding 59.3."""
    from types import SimpleNamespace

    from interviews.reports import build_report

    user = CandidateFactory()
    session = _interview_with_follow_ups(user, [("coding", 8, [85, 85]), ("databases", 29, [])])
    report = build_report(session, summary=SimpleNamespace(data={}, provider="offline", model="", cached=False))
    assert report["overall"] == 38
    summary = selectors.dashboard_summary(user)
    assert [point["interview"] for point in summary["score_trend"]] == [report["overall"]]
    assert {row["category"]: row["average"] for row in summary["categories"]} == {
        c["key"]: c["score"] for c in report["by_category"]} == {"coding": 46, "databases": 29}
    assert {row["category"]: row["count"] for row in summary["categories"]} == {"coding": 1, "databases": 1}
    # a rubric criterion scores each answer, follow-ups included: its count says answers
    assert summary["criteria"] == [{"criterion": "correctness", "average": 3.0, "count": 4}]
    client = APIClient()
    client.force_authenticate(user)
    body = client.get("/api/v1/analytics/summary").json()
    assert [point["interview"] for point in body["score_trend"]] == [38]
    assert {row["category"]: row["average"] for row in body["categories"]} == {"coding": 46, "databases": 29}


def test_the_weakest_category_of_the_next_step_is_scored_per_question():
    """The next step quoted the weakest category's per-answer mean (60, 85, 85 and 40: 68/100), not the category's
    score as the reports compute it (questions at 72.5 and 40: 56)."""
    user = CandidateFactory()
    _interview_with_follow_ups(user, [("coding", 60, [85, 85])])  # the question scores (60 + 85) / 2 = 72.5
    _interview_with_follow_ups(user, [("coding", 40, [])])
    assert selectors._weakest_category(user)["reason"] == "Your weakest category so far (56/100)."


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_the_cohorts_cut_points_rank_per_question_averages_as_the_dashboard_shows_them():
    """The dashboard's category averages score each question as the report does (a main answer with its follow-ups)
    but the cohort's cut points were averages of answers: Coding 46 was ranked among figures like 59.3."""
    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    _interview_with_follow_ups(user, [("coding", 8, [85, 85]), ("databases", 29, [])])
    services.recompute_cohorts()
    shown = {row["category"]: row["average"] for row in selectors.dashboard_summary(user)["categories"]}
    stored = {stat.category: sorted(set(stat.cutpoints)) for stat in CohortStat.objects.all()}
    assert stored == {category: [pytest.approx(average)] for category, average in shown.items()}
    assert shown == {"coding": 46, "databases": 29}


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_the_cut_points_score_each_candidates_questions_apart(django_assert_max_num_queries):
    """Read in one stream ordered by candidate and question (the task held every follow-up of the database in memory):
    each candidate's questions are scored with their own follow-ups, not a neighbour's."""
    first = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    second = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    _interview_with_follow_ups(first, [("coding", 8, [85, 85])])
    _interview_with_follow_ups(second, [("coding", 60, [85, 85]), ("coding", 40, [])])
    _interview_with_follow_ups(first, [("databases", 29, [])])
    with django_assert_max_num_queries(5):  # the evaluations, the delete, the insert, and the savepoint pair
        services.recompute_cohorts()
    coding = CohortStat.objects.get(category="coding")
    shown = [selectors.dashboard_summary(user)["categories"] for user in (first, second)]
    averages = sorted(row["average"] for rows in shown for row in rows if row["category"] == "coding")
    assert coding.size == 2 and (coding.cutpoints[0], coding.cutpoints[-1]) == (
        pytest.approx(averages[0]), pytest.approx(averages[1]))


def _turn(session, index, category, *, parent=None, overall=None, at=None):
    """A turn of `session` (a follow-up of `parent` if given), evaluated at `at` with `overall` if given."""
    from interviews.models import Evaluation, Turn

    at = at or timezone.now()
    turn = Turn.objects.create(session=session, index=index, kind="question" if parent is None else "follow_up",
                               parent=parent, question_number=parent.question_number if parent else index,
                               prompt="Explain.", category=category, difficulty="medium",
                               status="evaluated" if overall is not None else "submitted", asked_at=at,
                               submitted_at=at, answer_text="An answer.")
    if overall is not None:
        Evaluation.objects.create(turn=turn, category=category, overall=overall, evaluated_at=at,
                                  scores={"correctness": 3})
    return turn


def _session(user, categories, *, planned=False):
    from interviews.models import InterviewSession

    now = timezone.now()
    return InterviewSession.objects.create(candidate=user, mode="practice", role="backend_engineer",
                                           state="evaluated", started_at=now, ended_at=now, overall=60,
                                           end_reason="last_question", is_planned=planned,
                                           question_plan=[{"category": c} for c in categories])


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_the_dashboard_and_the_cut_points_group_follow_ups_as_the_report_does():
    """The dashboard (interviews.selectors.scores_by_question) and the cohorts' cut points (recompute_cohorts) grouped
    a main question and its follow-ups each in their own way, and both apart from the report: a follow-up of a
    follow-up made a question of its own (Coding 80 on both beside the report's 60), and a main answer without a
    category was folded into its follow-up's category on the dashboard (Testing 60) and left out of its question on
    the cut points (Testing 80). Now both read one grouping (interviews.selectors.score_questions), and the report
    files such a question as they do: in its follow-up's category (Testing 60; session 38, it was in none of the
    three, the report's row had no name)."""
    from types import SimpleNamespace

    from interviews.reports import build_report

    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    earlier = timezone.now() - timedelta(hours=1)
    session = _session(user, ["coding", "databases", "system_design"])
    main = _turn(session, 1, "coding", overall=40)
    follow_up = _turn(session, 2, "coding", parent=main, overall=80)
    _turn(session, 3, "coding", parent=follow_up, overall=100)  # the report counts it in no question
    unevaluated = _turn(session, 4, "databases")  # the main answer has no evaluation: its follow-ups' mean
    _turn(session, 5, "databases", parent=unevaluated, overall=50)
    _turn(session, 6, "databases", parent=unevaluated, overall=70)
    late = _turn(session, 7, "system_design")  # its follow-up is evaluated (and written) before it
    _turn(session, 8, "system_design", parent=late, overall=30, at=earlier)
    Evaluation.objects.create(turn=late, category="system_design", overall=90, evaluated_at=timezone.now(),
                              scores={"correctness": 3})
    planned = _session(user, ["coding"], planned=True)  # its scores are its expert's: in no average of the candidate
    _turn(planned, 1, "coding", overall=0)
    report = build_report(session, summary=SimpleNamespace(data={}, provider="offline", model="", cached=False))
    by_report = {c["key"]: c["score"] for c in report["by_category"]}
    assert by_report == {"coding": 60, "databases": 60, "system_design": 75}

    uncategorised = _session(user, ["testing"])
    main = _turn(uncategorised, 1, "", overall=40, at=earlier)  # its follow-up says its category
    _turn(uncategorised, 2, "testing", parent=main, overall=80)
    by_report.update({c["key"]: c["score"] for c in _report_of(uncategorised)["by_category"]})
    assert by_report["testing"] == 60
    services.recompute_cohorts()
    shown = {row["category"]: row["average"] for row in selectors.dashboard_summary(user)["categories"]}
    ranked = {stat.category: sorted(set(stat.cutpoints)) for stat in CohortStat.objects.all()}
    assert shown == by_report
    assert ranked == {category: [pytest.approx(average)] for category, average in by_report.items()}


def _report_of(session):
    from types import SimpleNamespace

    from interviews.reports import build_report

    return build_report(session, summary=SimpleNamespace(data={}, provider="offline", model="", cached=False))


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_a_question_asked_without_a_category_counts_under_its_bank_questions_everywhere():
    """A main question whose turn (and so its evaluation) had category "" was in the day's interview score but in no
    category of the dashboard and no cut point, and the report filed it under a row with no name: an answered
    question silently lost from every category figure. It is read in its bank question's category now, on the
    dashboard, the cut points and the report alike."""
    from interviews.models import Turn
    from interviews.tests.factories import QuestionFactory

    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    session = _session(user, ["coding", "databases"])
    _turn(session, 1, "coding", overall=80)
    uncategorised = _turn(session, 2, "", overall=40)
    Turn.objects.filter(id=uncategorised.id).update(question=QuestionFactory(category="databases"))
    services.recompute_cohorts()
    summary = selectors.dashboard_summary(user)
    shown = {row["category"]: row["average"] for row in summary["categories"]}
    assert shown == {"coding": 80, "databases": 40}
    assert {stat.category: stat.cutpoints[0] for stat in CohortStat.objects.all()} == {"coding": 80.0,
                                                                                     "databases": 40.0}
    report = _report_of(session)
    assert {c["key"]: c["score"] for c in report["by_category"]} == shown
    assert [q["category"] for q in report["questions"]] == ["coding", "databases"]
    assert [point["interview"] for point in summary["score_trend"]] == [report["overall"]] == [60]


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_an_unevaluated_main_question_without_a_category_is_filed_by_its_bank_question_through_its_follow_up():
    """Follow-ups copy their main question's category ("" too) and have no bank question. With the main answer not
    evaluated (lost on our side) and its follow-up evaluated, the dashboard and the cut points read the group's
    category from the follow-up ("": no category), while the report read the main question's bank category. A
    follow-up's category falls back to its main question's bank question's now, so all three agree."""
    from interviews.models import Turn
    from interviews.tests.factories import QuestionFactory

    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    session = _session(user, ["coding", "databases"])
    _turn(session, 1, "coding", overall=80)
    main = _turn(session, 2, "")  # submitted, never evaluated
    Turn.objects.filter(id=main.id).update(question=QuestionFactory(category="databases"))
    _turn(session, 3, "", parent=main, overall=50)
    services.recompute_cohorts()
    summary = selectors.dashboard_summary(user)
    shown = {row["category"]: row["average"] for row in summary["categories"]}
    assert shown == {"coding": 80, "databases": 50}
    assert {stat.category for stat in CohortStat.objects.all()} == {"coding", "databases"}
    report = _report_of(session)
    assert {c["key"]: c["score"] for c in report["by_category"]} == shown


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_a_question_with_no_category_anywhere_stays_in_the_overall_and_out_of_the_categories():
    """Nothing says its topic (no category, no bank question, no follow-up with one): the question still counts in the
    day's interview score and the report's overall, as the report counts it, and in no category (none is invented);
    the dashboard and the cut points agree on that."""
    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    session = _session(user, ["coding", "databases"])
    _turn(session, 1, "coding", overall=80)
    _turn(session, 2, "", overall=41)
    services.recompute_cohorts()
    summary = selectors.dashboard_summary(user)
    assert summary["categories"] == [{"category": "coding", "average": 80, "count": 1, "percentile": 50}]
    assert [stat.category for stat in CohortStat.objects.all()] == ["coding"]
    report = _report_of(session)
    assert [point["interview"] for point in summary["score_trend"]] == [report["overall"]] == [60]
    assert {c["key"]: c["score"] for c in report["by_category"]} == {"coding": 80}  # no row without a name
    assert [q["score"] for q in report["questions"]] == [80, 41]


@override_settings(ANALYTICS_COHORT_MIN=1)
def test_the_dashboards_category_is_the_mean_of_the_question_scores_the_reports_print():
    """Two interviews' reports print Coding 62 (61, then a follow-up at 62: 61.5) and Coding 61; the dashboard
    averaged the unrounded 61.5 and 61 and said 61.2, a figure no arithmetic on the reports gives. It averages the
    printed scores now (61.5), and the cut points it is ranked against are made the same way."""
    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    first = _interview_with_follow_ups(user, [("coding", 61, [62])])
    second = _interview_with_follow_ups(user, [("coding", 61, [])])
    printed = [q["score"] for session in (first, second) for q in _report_of(session)["questions"]]
    assert printed == [62, 61]
    services.recompute_cohorts()
    shown = {row["category"]: row["average"] for row in selectors.dashboard_summary(user)["categories"]}
    assert shown == {"coding": sum(printed) / len(printed)} == {"coding": 61.5}
    assert CohortStat.objects.get(category="coding").cutpoints[0] == pytest.approx(61.5)
