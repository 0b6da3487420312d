"""Scores on the interview pages go through the one printing rule (interviewmaster/figures.py)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest


@pytest.mark.django_db
def test_the_report_and_the_list_print_the_same_score_the_same_way(bank, candidate, on_commit, client):
    """The report's means are kept to one decimal (100.0 in the stored report) and the page printed them so, while the
    interview list printed the session's overall, an integer, as 100."""
    from interviews.models import InterviewSession
    from interviews.tests.test_api import api_for, create, play_to_the_end

    api = api_for(candidate)
    session_id = create(api, config={"languages": ["python"]}).json()["id"]
    on_commit(api.post, f"/api/v1/interviews/{session_id}/begin")
    play_to_the_end(api, session_id, on_commit)
    session = InterviewSession.objects.get(id=session_id)
    report = session.report
    report["by_category"] = [{**c, "score": 100.0} for c in report["by_category"]]
    report["by_criterion"] = [{**c, "score": 4.0} for c in report["by_criterion"]]
    report["overall"] = 100
    InterviewSession.objects.filter(id=session_id).update(report=report, overall=100)
    client.force_login(candidate)
    page = client.get(f"/interviews/{session_id}/report/").content.decode()
    listing = client.get("/interviews/").content.decode()
    assert not re.search(r">\s*\d+\.0\s*<", page), re.findall(r">\s*\d+\.0\s*<", page)
    assert "<td>100</td>" in page and "<td>4</td>" in page
    assert "100/100" in listing


@pytest.mark.django_db
def test_a_category_mean_is_of_the_question_scores_the_report_prints(bank, candidate, on_commit, client,
                                                                      monkeypatch):
    """A category of one question said 18.7 in "By category" while that question said 19/100 and the summary
    "Coding and algorithms (19/100)": the category took the unrounded score, the question and the overall the
    rounded one. And "3 of 3 questions answered; ended early" when the last question had been answered."""
    from interviews import policy
    from interviews.models import InterviewSession
    from interviews.reports import build_report
    from interviews.tests.test_api import api_for, create, play_to_the_end

    api = api_for(candidate)
    session_id = create(api, config={"languages": ["python"]}).json()["id"]
    on_commit(api.post, f"/api/v1/interviews/{session_id}/begin")
    play_to_the_end(api, session_id, on_commit)
    session = InterviewSession.objects.get(id=session_id)
    monkeypatch.setattr(policy, "question_score",
                        lambda main, follow_ups=(): 18.66 if main is not None or list(follow_ups) else None)
    report = build_report(session, summary=SimpleNamespace(data={}, provider="offline", model="", cached=False))
    assert {q["score"] for q in report["questions"]} == {19}
    assert {c["score"] for c in report["by_category"]} == {19}

    InterviewSession.objects.filter(id=session_id).update(end_reason="finished")
    client.force_login(candidate)
    page = client.get(f"/interviews/{session_id}/report/").content.decode()
    answered, total = session.report["answered_questions"], session.report["total_questions"]
    assert answered == total
    assert f"{answered} of {total} questions answered." in page
    assert "ended early" not in page


@pytest.mark.django_db
def test_a_category_of_several_questions_is_the_mean_of_their_printed_scores(bank, candidate, on_commit,
                                                                             monkeypatch):
    """A category of questions at 18.5 and 18.5, printed 18 and 18, read 18.5: a figure no arithmetic on the page
    gives. The report, the dashboard and the cut points (one `reports.category_score`) average the printed scores, as
    the overall does (session 38; an earlier round (F3) chose the unrounded mean, 18.5, to agree with the dashboard,
    which now averages the printed ones too). A category of one question still prints as that question does (the
    test above)."""
    import itertools

    from interviews import policy
    from interviews.models import InterviewSession
    from interviews.reports import build_report
    from interviews.tests.test_api import api_for, create, play_to_the_end

    api = api_for(candidate)
    session_id = create(api, config={"languages": ["python"]}).json()["id"]
    on_commit(api.post, f"/api/v1/interviews/{session_id}/begin")
    play_to_the_end(api, session_id, on_commit)
    session = InterviewSession.objects.get(id=session_id)
    session.turns.exclude(question_number=3).exclude(question_number=0).update(category="coding")
    session.turns.filter(question_number=3).update(category="behavioral")
    given = itertools.cycle([18.5, 18.5, 70.6])
    monkeypatch.setattr(policy, "question_score",
                        lambda main, follow_ups=(): next(given) if main is not None or list(follow_ups) else None)
    report = build_report(session, summary=SimpleNamespace(data={}, provider="offline", model="", cached=False))
    assert [q["score"] for q in report["questions"]] == [18, 18, 71]
    assert {c["key"]: c["score"] for c in report["by_category"]} == {"coding": 18, "behavioral": 71}
