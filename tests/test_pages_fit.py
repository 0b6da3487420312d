"""Every page fits a 320 px screen without sideways scrolling and has no serious or critical axe-core violation.

axe-core comes from npm (node_modules/axe-core/axe.min.js) and is evaluated inside each page by Playwright.
Screenshots of every page at 320 and 1280 px land in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import MentorInvitation
from accounts.tests.factories import CandidateFactory, MentorAssignmentFactory, MentorFactory
from interviewmaster.testing import sign_in_browser
from resumes.models import ResumeSkill, SkillStatus
from resumes.tests.factories import ResumeFactory
from studypaths.models import Problem, RunKind, RunStatus
from studypaths.services import load_problem_bank
from studypaths.tests.factories import CodeRunFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""
WIDTHS = (320, 1280)
# Elements sticking out of the viewport that no scrolling container of their own holds.
WIDEST = """(w) => [...document.querySelectorAll('body *')].filter(e => {
  if (e.getBoundingClientRect().right <= w + 1) return false;
  for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return false; }
  return true; }).slice(0, 4)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''))"""

# The last cell of every table row with something in it (an "Open" or "Report" link): inside the viewport and inside
# any scrolling box around it. At 320 px the interview list's report links sat off screen in a 288 px scroll box that
# gave no sign it scrolled (WIDEST does not see it: the box scrolls).
LAST_CELLS_HIDDEN = """(w) => [...document.querySelectorAll('table')].filter(t => t.offsetParent !== null)
  .flatMap(t => [...t.querySelectorAll('tbody tr')].map(r => r.lastElementChild)
    .filter(c => c && c.textContent.trim()).filter(c => {
      const box = c.getBoundingClientRect(); let right = w;
      for (let p = c.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') {
          right = Math.min(right, p.getBoundingClientRect().right); } }
      return box.width === 0 || box.left < 0 || box.right > right + 1; })
    .map(c => (t.className || 'table') + ': "' + c.textContent.trim().slice(0, 30) + '"')).slice(0, 4)"""

# Safari with VoiceOver reads a table whose parts are display:block (a .stack-table below 640 px) as plain text: every
# part of one carries its role explicitly (role="table", "rowgroup", "row", "columnheader", "rowheader", "cell").
STACK_TABLE_ROLES = """() => [...document.querySelectorAll('table.stack-table')]
  .flatMap(t => [t, ...t.querySelectorAll('thead, tbody, tr, th, td')]).filter(e => {
    const tag = e.tagName.toLowerCase();
    const want = {table: 'table', thead: 'rowgroup', tbody: 'rowgroup', tr: 'row', td: 'cell'}[tag]
      || (e.closest('thead') ? 'columnheader' : 'rowheader');
    return e.getAttribute('role') !== want; }).slice(0, 4)
  .map(e => e.tagName.toLowerCase() + ' role=' + e.getAttribute('role') + ' in ' + e.closest('table').className)"""

# The templates that draw a .stack-table or a part of one (the problem rows: studypaths' `problem_rows` tag).
STACK_TABLE_PARTS = ("studypaths/_problem_cells.html", "studypaths/_best_cell.html")


def _ready_resume(owner):
    facts = {"years_experience": 6.0, "years_claimed": 6, "positions": [
        {"title": "Backend engineer", "company": "Acme Corp", "start": "2019-01", "end": "2025-01", "current": False,
         "months": 72}], "education": [{"degree": "BSc Computer Science", "institution": "University of Example",
                                        "year": 2016}], "contacts": {}, "injection": {}}
    analysis = {"summary": "Backend engineer with about 6 years of experience (from the dates of the positions), at "
                           "senior level.", "seniority": {"level": "senior", "reason": "about 6 years"},
                "suggested_roles": [{"role": "backend_engineer", "label": "Backend Engineer", "score": 0.8}],
                "strengths": ["Python (confidence 85%)"], "gaps": [{"area": "Containers", "suggestions": ["Docker"]}],
                "target_role": "backend_engineer", "source": "taxonomy"}
    resume = ResumeFactory(owner=owner, original_filename="a-rather-long-resume-file-name-2025-final.pdf",
                           is_active=True, facts=facts, analysis=analysis)
    for skill_id, name, status in (("python", "Python", SkillStatus.CONFIRMED), ("django", "Django", "suggested"),
                                   ("custom:blorptastic", "Blorptastic", SkillStatus.CONFIRMED),
                                   ("custom:long", "Supercalifragilistic" * 5, SkillStatus.CONFIRMED)):
        ResumeSkill.objects.create(resume=resume, skill_id=skill_id, name=name, category="languages",
                                   confidence=0.0 if skill_id.startswith("custom:") else 0.85, status=status)
    return resume


def _finished_run(user, problem):
    tests = problem.tests.order_by("position")
    public = [t for t in tests if t.is_public][0]
    hidden = [t for t in tests if not t.is_public][0]
    result = {"total": 2, "passed": 1, "runtime_ms": 31, "peak_memory_kb": 9000,
              "compile_output": "Traceback (most recent call last):\n" + "  File solution.py, line 1 " * 30,
              "tests": [{"name": public.name, "verdict": "wrong_answer", "runtime_ms": 12, "public": True,
                         "args": public.args, "expected": public.expected, "stdout": "\"x\"",
                         "stderr": "debug " * 200, "peak_memory_kb": 9000},
                        {"name": hidden.name, "verdict": "accepted", "runtime_ms": 9, "public": False,
                         "peak_memory_kb": 9000}]}
    return CodeRunFactory(user=user, problem=problem, kind=RunKind.SUBMISSION, status=RunStatus.DONE,
                          verdict="wrong_answer", result=result)


def _interviews(user) -> None:
    """Three interviews in the list: two evaluated (a report link each), one not begun (a "Continue" link)."""
    from interviews import services
    from interviews.models import InterviewSession
    from interviews.tests.factories import load_shipped_bank

    load_shipped_bank()
    for number in range(3):
        session = services.start_session(candidate=user, mode="quick_start", role="backend_engineer", config={})
        if number < 2:  # one interview open at a time: the earlier ones are finished
            InterviewSession.objects.filter(id=session.id).update(state="evaluated", overall=64 + number * 9)


def _sign_in(client, page, live_server, user):
    sign_in_browser(page.context, client, user, live_server.url)


def fits_and_passes_axe(page, width: int, name: str, screenshot) -> list[str]:
    """The page as shown: no wider than `width`, screenshot taken, axe's serious and critical findings (the problems
    found; empty: none)."""
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if overflow > width:
        wide = page.evaluate(WIDEST, width)
        problems.append(f"{name} at {width}px is {overflow}px wide: {wide}")
    hidden = page.evaluate(LAST_CELLS_HIDDEN, width)
    if hidden:
        problems.append(f"{name} at {width}px: a row's last cell is off screen: {hidden}")
    unroled = page.evaluate(STACK_TABLE_ROLES)
    if unroled:
        problems.append(f"{name} at {width}px: a stacked table's part without its role: {unroled}")
    screenshot(page, f"{name}-{width}")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return problems + [f"{name} at {width}px: {v}" for v in page.evaluate(AXE_RUN)]


def _check(page, url: str, name: str, screenshot) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        problems += fits_and_passes_axe(page, width, name, screenshot)
    return problems


@pytest.mark.browser
def test_every_page_fits_320px_and_passes_axe(client, live_server, page, screenshot):
    load_problem_bank()
    problem = Problem.objects.get(slug="two-sum")
    # a long address: allauth's email page shows it whole (it pushed that page past 320 px)
    user = CandidateFactory(name="Grace Hopper", target_role="backend_engineer",
                            email="grace.brewster.murray.hopper@navy-programming-example.org")
    resume = _ready_resume(user)
    # a parse that failed shows its four steps on one line, which was wider than 320 px
    failed = ResumeFactory(owner=user, status="failed", progress=100, failure_reason="The PDF has no pages.")
    run = _finished_run(user, problem)
    _interviews(user)
    # a mentor with a long address, and (in _ready_resume) a typed skill of 100 letters without a space: each once
    # pushed its page past 320 px
    MentorAssignmentFactory(candidate=user, mentor=MentorFactory(name="Maximilian Featherstonehaugh-Wolfeschlegel",
                                                                 email="maximilian.featherstonehaugh@mentoring-example.org"))
    MentorInvitation.objects.create(candidate=user, email="bartholomew.featherstonehaugh@not-yet-a-mentor.example.org")
    anonymous = {"home": "/", "login": "/accounts/login/", "signup": "/accounts/signup/",
                 "password-reset": "/accounts/password/reset/", "not-found": "/no-such-page/"}
    signed_in = {"profile": "/accounts/profile/", "resumes": "/resumes/", "resume": f"/resumes/{resume.id}/",
                 "resume-failed": f"/resumes/{failed.id}/", "email": "/accounts/email/",
                 "studypaths": "/studypaths/", "problem": f"/studypaths/problems/{problem.slug}/?run={run.id}",
                 "home-signed-in": "/", "interviews": "/interviews/"}
    problems = []
    for name, path in anonymous.items():
        problems += _check(page, live_server.url + path, name, screenshot)
    _sign_in(client, page, live_server, user)
    for name, path in signed_in.items():
        problems += _check(page, live_server.url + path, name, screenshot)
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_mentor_requests_page_fits_320px_and_accepting_makes_the_candidate_a_mentee(client, live_server, page,
                                                                                       screenshot):
    from accounts import selectors, services

    mentor = MentorFactory()
    candidate = CandidateFactory(name="Maximilian Featherstonehaugh-Wolfeschlegel",
                                 email="maximilian.featherstonehaugh@mentoring-example.org")
    services.invite_mentor(candidate=candidate, email=mentor.email)
    _sign_in(client, page, live_server, mentor)
    assert _check(page, live_server.url + "/accounts/mentor-requests/", "mentor-requests", screenshot) == []
    page.get_by_role("button", name=f"Accept {candidate.name}").click()
    page.wait_for_load_state("networkidle")
    assert f"You now mentor {candidate.name}." in page.content()
    assert list(selectors.mentees_for(mentor)) == [candidate]


@pytest.mark.browser
def test_the_interview_list_shows_every_report_link_at_320px(client, live_server, page, screenshot):
    """At 320 px the list was a 610 px table in a 288 px scroll box: Started, Kind and the role's first letters
    showed; State, Score and the link to each report were off screen. Each row is now a card with every cell and its
    link on screen, and a screen reader still reads a table with its column headers."""
    user = CandidateFactory(name="Grace Hopper", target_role="backend_engineer")
    _interviews(user)
    _sign_in(client, page, live_server, user)
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + "/interviews/")
    links = page.locator(".interview-table tbody tr td:last-child a")
    assert links.count() == 3
    for number in range(3):
        link = links.nth(number)
        box = link.bounding_box()
        assert link.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 320, (number, box)
    for label in ("State", "Score"):  # each cell's label is drawn beside it
        cell = page.locator(f'.interview-table tbody tr:first-child td[data-label="{label}"]')
        assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 320
    tree = page.locator(".interview-table").aria_snapshot()
    for header in ("Started", "Kind", "Role", "State", "Score", "Open"):
        assert f"columnheader \"{header}\"" in tree, tree
    assert tree.count("- row ") >= 4 and "link \"Report\"" in tree, tree
    assert fits_and_passes_axe(page, 320, "interviews", screenshot) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.evaluate("getComputedStyle(document.querySelector('.interview-table thead')).position") == "static"
    assert fits_and_passes_axe(page, 1280, "interviews", screenshot) == []


def test_every_part_of_a_stacked_table_says_its_role():
    """Below 640 px a .stack-table's parts are display:block, and Safari with VoiceOver then drops their table
    semantics: a row read as a run of text, no column header with a cell. Every table, row group, row, header and
    cell of one, in every template that draws one, carries its ARIA role."""
    import re

    from django.template.loader import get_template

    from studypaths.templatetags.practice import problem_rows

    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    names = sorted({str(path.relative_to(root)) for root in roots for path in root.rglob("*.html")
                    if "stack-table" in path.read_text(encoding="utf-8")} | set(STACK_TABLE_PARTS))
    assert len(names) >= 8, names
    sources = {name: Path(get_template(name).origin.name).read_text(encoding="utf-8") for name in names}
    sources["problem_rows"] = str(problem_rows([type("P", (), {"cells": "", "id": 1})()]))
    missing = [(name, tag) for name, source in sources.items()
               for tag in re.findall(r"<(?:table|thead|tbody|tr|th|td)\b[^>]*>", source) if "role=" not in tag]
    assert missing == [], missing[:6]


def test_the_site_has_a_favicon(client):
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


@pytest.mark.browser
@pytest.mark.parametrize("role", ["candidate", "mentor", "expert", "admin"])
def test_the_header_fits_a_tablet_and_the_footer_keeps_off_the_edge(client, live_server, page, screenshot, role):
    """The header wrapped below 640 px only: at 768 px a candidate's menu made every page 894 px wide. And the footer's
    padding (1rem 0) took away the container's side padding: below 576 px its text touched the screen's edge."""
    from accounts.tests.factories import AdminFactory, ExpertFactory

    factory = {"candidate": CandidateFactory, "mentor": MentorFactory, "expert": ExpertFactory,
               "admin": AdminFactory}[role]
    _sign_in(client, page, live_server, factory())
    for width in (768, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/accounts/profile/")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{role} at {width}px: {wide}px wide: {page.evaluate(WIDEST, width)}"
        screenshot(page, f"{role}-{width}")
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + "/")
    left = page.evaluate("""() => { const range = document.createRange();
      range.selectNodeContents(document.querySelector('.site-footer')); return range.getBoundingClientRect().left; }""")
    assert left >= 8, f"the footer's text starts {left}px from the edge"
