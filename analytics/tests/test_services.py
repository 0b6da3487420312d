"""Achievements, the leaderboard and the weekly digest."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from analytics import achievements, selectors, services
from analytics.models import Award, LeaderboardEntry, Preferences
from analytics.tests.factories import AwardFactory, PreferencesFactory, SubmissionFactory, evaluated_answer
from studypaths.tests.factories import ModuleFactory, ProblemFactory

pytestmark = pytest.mark.django_db


def test_catalogue_codes_are_unique_and_read_real_facts():
    codes = [a.code for a in achievements.CATALOGUE]
    assert len(codes) == len(set(codes))
    assert all(a.fact in achievements.FACT_NAMES and a.points > 0 for a in achievements.CATALOGUE)


def _solve_one_problem_of_an_unfinished_module(user):
    module = ModuleFactory()
    ProblemFactory(module=module)  # unsolved: the module is not finished (no "Module finished" badge)
    SubmissionFactory(user=user, problem=ProblemFactory(module=module))


def test_first_perfect_submission_awards_flawless_once():
    user = CandidateFactory()
    _solve_one_problem_of_an_unfinished_module(user)
    first = services.evaluate_achievements(user=user)
    again = services.evaluate_achievements(user=user)
    assert [a.code for a in first] == ["first_perfect"]
    assert again == []
    assert Award.objects.filter(user=user).count() == 1


def test_a_wrong_answer_earns_nothing():
    user = CandidateFactory()
    SubmissionFactory(user=user, verdict="wrong_answer")
    assert services.evaluate_achievements(user=user) == []


def test_every_problem_of_a_module_earns_module_finished():
    user = CandidateFactory()
    module = ModuleFactory()
    for _ in range(6):
        SubmissionFactory(user=user, problem=ProblemFactory(module=module))
    codes = {a.code for a in services.evaluate_achievements(user=user)}
    assert "module_complete" in codes


def test_all_but_one_problem_of_a_module_is_not_the_module():
    user = CandidateFactory()
    module = ModuleFactory()
    problems = [ProblemFactory(module=module) for _ in range(6)]
    for problem in problems[:5]:
        SubmissionFactory(user=user, problem=problem)
    SubmissionFactory(user=user, problem=problems[5], verdict="wrong_answer")
    SubmissionFactory(user=user, problem=ProblemFactory())  # a whole other module of one problem, solved
    ModuleFactory()  # a module without problems is never "finished"
    assert selectors.achievement_facts(user).modules_completed == 1


def test_an_unpublished_problem_neither_holds_back_a_module_nor_is_the_next_step():
    """Candidates cannot open an unpublished problem (the practice pages answer 404): it is not one of the module's
    problems to solve, and the dashboard never sends them to it."""
    user = CandidateFactory()
    module = ModuleFactory(position=0)
    solved = ProblemFactory(module=module, position=0)
    hidden = ProblemFactory(module=module, position=1, is_published=False)
    later = ProblemFactory(module=ModuleFactory(position=1), position=0)
    SubmissionFactory(user=user, problem=solved)
    assert selectors.achievement_facts(user).modules_completed == 1
    assert hidden.slug not in selectors.next_action(user)["url"]
    assert selectors.next_action(user)["url"].endswith(f"/{later.slug}/")


def test_every_achievement_can_be_earned_with_the_shipped_bank():
    """A candidate who does everything the product offers, on the problem bank we ship, earns the whole catalogue: a
    threshold the bank cannot reach (10 problems in a module of 6) shows up here."""
    from studypaths.models import Problem
    from studypaths.services import load_problem_bank

    load_problem_bank()
    user = CandidateFactory(timezone="UTC")
    now = timezone.now()
    problems = list(Problem.objects.order_by("id"))
    for days_ago in range(100):  # a solved problem a day for 100 days, then the rest of the bank today
        SubmissionFactory(user=user, problem=problems[days_ago % len(problems)],
                          finished_at=now - timedelta(days=days_ago))
    for problem in problems:
        SubmissionFactory(user=user, problem=problem, finished_at=now)
    for index in range(6):  # six interviews, the last three a whole point better on correctness
        evaluated_answer(user, scores={"correctness": 2 if index < 3 else 4}, at=now - timedelta(hours=6 - index))
    earned = {a.code for a in services.evaluate_achievements(user=user, now=now)}
    assert earned == {a.code for a in achievements.CATALOGUE}


def test_a_seven_day_streak_earns_one_week(settings):
    user = CandidateFactory(timezone="Europe/Berlin")
    now = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    for days_ago in range(7):
        SubmissionFactory(user=user, finished_at=now - timedelta(days=days_ago))
    codes = {a.code for a in services.evaluate_achievements(user=user, now=now)}
    assert "streak_7" in codes


# A race needs two connections that can wait for each other's writes. SQLite's in-memory test database (shared cache)
# answers "database table is locked" at once instead, so, like the other races, this one runs on PostgreSQL (CI).
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_evaluations_award_once():
    """Two events for one candidate at the same moment: both evaluate, one row and one announcement."""
    user = CandidateFactory()
    _solve_one_problem_of_an_unfinished_module(user)
    results, barrier = [], threading.Barrier(2)

    def evaluate():
        barrier.wait()
        try:
            results.append([a.code for a in services.evaluate_achievements(user=user)])
        finally:
            connection.close()

    threads = [threading.Thread(target=evaluate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Award.objects.filter(user=user, code="first_perfect").count() == 1
    assert sorted(len(r) for r in results) in ([0, 1], [1, 1]) and sum(len(r) for r in results) >= 1
    assert sum(r.count("first_perfect") for r in results) == 1


def test_evaluate_achievements_queries_do_not_grow_with_history(django_assert_max_num_queries):
    user = CandidateFactory()
    for _ in range(30):
        SubmissionFactory(user=user, verdict="wrong_answer")
    services.evaluate_achievements(user=user)
    with django_assert_max_num_queries(9):
        services.evaluate_achievements(user=user)


def test_preferences_get_a_unique_pseudonym_and_stay_off_the_leaderboard():
    prefs = services.ensure_preferences(user=CandidateFactory())
    assert prefs.pseudonym and prefs.leaderboard_opt_in is False and prefs.weekly_digest is True
    assert services.ensure_preferences(user=prefs.user).id == prefs.id


def test_leaderboard_ranks_ties_together_and_leaves_out_who_did_not_opt_in():
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday
    a, b, c = (PreferencesFactory(pseudonym=name) for name in ("Alpha", "Bravo", "Charlie"))
    hidden = PreferencesFactory(pseudonym="Hidden", leaderboard_opt_in=False)
    AwardFactory(user=a.user, code="x1", points=30, awarded_at=now - timedelta(days=1))
    AwardFactory(user=b.user, code="x1", points=30, awarded_at=now - timedelta(days=1))
    AwardFactory(user=c.user, code="x1", points=10, awarded_at=now - timedelta(days=1))
    AwardFactory(user=c.user, code="x2", points=100, awarded_at=now - timedelta(days=10))  # last week
    AwardFactory(user=hidden.user, code="x1", points=500, awarded_at=now)
    services.recompute_leaderboard(now=now)
    week = [(r.rank, r.pseudonym, r.points) for r in selectors.leaderboard_rows(period="week")]
    alltime = [(r.rank, r.pseudonym, r.points) for r in selectors.leaderboard_rows(period="all")]
    assert week == [(1, "Alpha", 30), (1, "Bravo", 30), (3, "Charlie", 10)]
    assert alltime == [(1, "Charlie", 110), (2, "Alpha", 30), (2, "Bravo", 30)]
    assert not LeaderboardEntry.objects.filter(user=hidden.user).exists()


def test_opting_out_leaves_the_leaderboard_at_once_not_at_the_next_rebuild():
    mine, other = PreferencesFactory(pseudonym="Mine"), PreferencesFactory(pseudonym="Other")
    for prefs in (mine, other):
        AwardFactory(user=prefs.user, points=10)
    services.recompute_leaderboard()
    services.update_preferences(user=mine.user, leaderboard_opt_in=False, weekly_digest=True)
    for period in ("week", "all"):
        assert [r.pseudonym for r in selectors.leaderboard_rows(period=period)] == ["Other"]
        assert selectors.leaderboard_entry_for(mine.user, period=period) is None


def test_leaderboard_recompute_runs_a_pinned_number_of_queries(django_assert_max_num_queries):
    for n in range(40):
        prefs = PreferencesFactory(pseudonym=f"P{n}")
        AwardFactory(user=prefs.user, points=n + 1)
    with django_assert_max_num_queries(6):  # the opted-in rows locked, the points, delete, insert
        services.recompute_leaderboard()
    assert LeaderboardEntry.objects.filter(period="all").count() == 40


def test_weekly_digest_says_what_was_done_the_streak_and_the_next_step():
    now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    user = CandidateFactory(name="Dana")
    for days_ago in range(3):
        SubmissionFactory(user=user, finished_at=now - timedelta(days=days_ago, hours=1))
    ProblemFactory(title="Unsolved one")
    assert services.send_weekly_digest(user_id=user.id, now=now) is True
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "3 problem submissions, 3 problems solved" in message.body
    assert "3 days in a row" in message.body
    assert "Next step" in message.body and "http" in message.body


def test_weekly_digest_is_sent_once_a_week_even_if_the_task_repeats():
    now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    user = CandidateFactory()
    assert services.send_weekly_digest(user_id=user.id, now=now)
    assert not services.send_weekly_digest(user_id=user.id, now=now + timedelta(hours=2))
    assert len(mail.outbox) == 1
    assert services.send_weekly_digest(user_id=user.id, now=now + timedelta(days=7))


def test_weekly_digest_respects_the_opt_out():
    prefs = PreferencesFactory(weekly_digest=False)
    assert services.send_weekly_digest(user_id=prefs.user_id) is False
    assert services.enqueue_weekly_digests() == 0
    assert mail.outbox == []


def test_a_failed_send_releases_the_claim_so_the_retry_sends(monkeypatch):
    user = CandidateFactory()

    def boom(**kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr("django.core.mail.send_mail", boom)
    with pytest.raises(ConnectionError):
        services.send_weekly_digest(user_id=user.id)
    assert Preferences.objects.get(user=user).last_digest_at is None


class WorkerKilled(BaseException):  # SIGKILL: no `except Exception` handler runs
    pass


def test_a_digest_whose_worker_was_killed_mid_send_is_sent_by_the_redelivery(monkeypatch):
    """acks_late: a worker killed mid-task has its message delivered again (same task id). The week used to be claimed
    before the mail went out, so the redelivery found it claimed and the digest was lost."""
    from analytics import tasks
    from interviewmaster.models import TaskLease

    user = CandidateFactory()
    real_send_mail = mail.send_mail

    def killed(**kwargs):
        raise WorkerKilled

    monkeypatch.setattr("django.core.mail.send_mail", killed)
    with pytest.raises(WorkerKilled):
        services.send_weekly_digest(user_id=user.id)
    TaskLease.objects.create(name=f"analytics.digest:{user.id}", holder="the-message",
                             until=timezone.now() + timedelta(seconds=90))  # the killed worker's lease
    monkeypatch.setattr("django.core.mail.send_mail", real_send_mail)
    assert tasks.send_weekly_digest.apply(args=[user.id], task_id="another-copy").get() is False  # held
    assert mail.outbox == []
    assert tasks.send_weekly_digest.apply(args=[user.id], task_id="the-message").get() is True  # the redelivery
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert tasks.send_weekly_digest.apply(args=[user.id], task_id="late-copy").get() is False  # sent this week
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_opt_out_during_a_rebuild_does_not_put_the_pseudonym_back():
    """The rebuild read the opt-in, an opt-out then committed and deleted the rows, and the rebuild wrote them back:
    the pseudonym stayed listed until the next rebuild."""
    from django.db import transaction

    from analytics.models import LeaderboardEntry

    prefs = PreferencesFactory()
    AwardFactory(user=prefs.user, points=10)
    services.recompute_leaderboard()
    assert LeaderboardEntry.objects.filter(user=prefs.user).exists()
    opted_out, release = threading.Event(), threading.Event()

    def opt_out():  # updates its row, then holds its transaction open while the rebuild starts
        try:
            with transaction.atomic():
                services.update_preferences(user=prefs.user, leaderboard_opt_in=False, weekly_digest=False)
                opted_out.set()
                release.wait(10)
        finally:
            connection.close()

    def rebuild():
        try:
            services.recompute_leaderboard()
        finally:
            connection.close()

    first = threading.Thread(target=opt_out)
    first.start()
    assert opted_out.wait(10)
    second = threading.Thread(target=rebuild)
    second.start()
    second.join(0.5)  # the rebuild waits on the opt-out's row (unlocked, it read the old opt-in at once)
    release.set()
    first.join(10)
    second.join(10)
    assert not LeaderboardEntry.objects.filter(user=prefs.user).exists()
