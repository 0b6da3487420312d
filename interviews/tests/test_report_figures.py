"""Scores on the interview pages go through the one printing rule (interviewmaster/figures.py)."""

from __future__ import annotations

import re

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
