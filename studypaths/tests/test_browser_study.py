"""Playwright: a candidate creates a study path, solves the day's task (wrong, then right), asks for a hint, sees
progress and a review scheduled. Screenshots at 1280 and 400 px land in test-artifacts/."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from accounts.browser_storage import storage_owner
from accounts.tests.factories import CandidateFactory
from interviewmaster.testing import sign_in_browser
from studypaths.models import ReviewCard, StudyTask, TaskStatus
from studypaths.services import DEFAULT_BANK_DIR, load_problem_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = "def reverse_words(s):\n    return s\n"


def draft_key(user, problem_id: int, language: str = "python") -> str:
    """Where the page keeps `user`'s draft of a problem in localStorage (static/src/practice.js)."""
    return f"im:{storage_owner(user)}:studypaths:code:{problem_id}:{language}"


@pytest.fixture
def small_bank(tmp_path):
    bundle = json.loads((DEFAULT_BANK_DIR / "01-arrays-strings.json").read_text(encoding="utf-8"))
    bundle["problems"] = bundle["problems"][:3]
    (tmp_path / "01-arrays-strings.json").write_text(json.dumps(bundle), encoding="utf-8")
    tracks = {"tracks": [{"slug": "fundamentals", "title": "Coding fundamentals",
                          "modules": [bundle["module"]["slug"]], "description": "Arrays and strings first."}]}
    (tmp_path / "tracks.json").write_text(json.dumps(tracks), encoding="utf-8")
    load_problem_bank(directory=tmp_path)


@pytest.fixture
def signed_in_page(client, live_server, page):
    user = CandidateFactory(name="Ada Lovelace")
    sign_in_browser(page.context, client, user, live_server.url)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.user = user
    return page


def test_candidate_creates_a_path_solves_wrong_then_right_with_a_hint_and_sees_progress(
        live_server, signed_in_page, small_bank, screenshot, bubblewrap):
    page = signed_in_page
    page.goto(live_server.url + "/studypaths/")
    page.get_by_role("button", name="Today's practice").click()
    page.wait_for_url("**/studypaths/today/")
    page.get_by_label("Track").select_option("fundamentals")
    page.get_by_label("Hours a week").fill("5")
    screenshot(page, "study-1-create-path")
    page.get_by_role("button", name="Create my path").click()
    expect(page.get_by_role("heading", name="Next task")).to_be_visible()
    expect(page.locator("[data-reviews-due]")).to_contain_text("0 problems to review today")
    screenshot(page, "study-2-today")

    page.get_by_role("button", name="Start task").click()
    page.wait_for_url("**/studypaths/tasks/*/")
    task = StudyTask.objects.get(path__user=page.user, status=TaskStatus.IN_PROGRESS)
    reference = task.problem.reference_solutions["python"]
    editor = page.get_by_role("textbox", name="Code")

    editor.fill(WRONG)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#run-result [data-overall-verdict]")).to_have_text("Wrong answer", timeout=60_000)
    expect(page.locator("[data-task-status]")).to_have_text("In progress", timeout=15_000)

    page.get_by_role("button", name="Get a hint").click()
    hint = page.locator("#hint-list li").first
    expect(hint).to_contain_text("Hint 1 of 3", timeout=30_000)
    expect(page.locator("[data-hints-used]")).to_have_text("1")
    assert reference.strip() not in hint.inner_text()
    screenshot(page, "study-3-wrong-and-hint")

    editor.fill(reference)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#run-result [data-overall-verdict]")).to_have_text("Accepted", timeout=60_000)
    expect(page.locator("[data-task-status]")).to_have_text("Passed", timeout=15_000)
    expect(page.locator("[data-review-due]")).to_contain_text("Review scheduled for")
    expect(page.locator("[data-next-task]")).to_be_visible()
    screenshot(page, "study-4-passed")
    card = ReviewCard.objects.get(user=page.user, problem=task.problem)
    assert card.last_rating == 2  # Hard: passed after a wrong attempt and a hint

    page.goto(live_server.url + "/studypaths/path/")
    expect(page.locator("table[data-chart]").first).to_be_visible()
    expect(page.locator("figure.chart canvas").first).to_be_visible()
    expect(page.get_by_role("row", name="Arrays & strings")).to_contain_text("1")
    # The one day solved so far is a point in a week of days, not in Chart.js's ±1,000-day padding of min == max.
    difficulty = page.evaluate("""async () => {
      const { Chart } = await import(document.querySelector('script[src*="dist/charts"]').src);
      const table = document.querySelector("table[data-chart-x=date]");
      const scale = Chart.getChart(table.parentElement.querySelector("canvas")).scales.x;
      return { min: scale.min, max: scale.max, ticks: scale.ticks.map((tick) => tick.value) };
    }""")
    assert 6 <= difficulty["max"] - difficulty["min"] <= 8, difficulty
    assert all(float(tick).is_integer() for tick in difficulty["ticks"]), difficulty
    page.wait_for_timeout(500)  # the chart's short entry animation
    screenshot(page, "study-5-progress-1280")

    page.set_viewport_size({"width": 400, "height": 900})
    for url, name in (("/studypaths/path/", "study-6-progress-400"), (f"/studypaths/tasks/{task.id}/",
                                                                        "study-7-task-400"),
                      ("/studypaths/today/", "study-8-today-400")):
        page.goto(live_server.url + url)
        page.wait_for_timeout(500)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        screenshot(page, name)
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 400 px"


def test_ctrl_enter_on_the_task_page_runs_the_examples(live_server, signed_in_page, small_bank, screenshot,
                                                       bubblewrap):
    from studypaths import study
    from studypaths.models import CodeRun, Track
    from studypaths.tests.test_browser import check_ctrl_enter_runs_the_examples

    page = signed_in_page
    study.create_study_path(user=page.user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=page.user)
    page.goto(f"{live_server.url}/studypaths/tasks/{task.id}/")
    check_ctrl_enter_runs_the_examples(page, task.problem.reference_solutions["python"])
    screenshot(page, "ctrl-enter-ran")
    assert list(CodeRun.objects.filter(user=page.user).values_list("kind", flat=True)) == ["examples"]


def test_submit_on_a_task_skipped_in_another_tab_says_why_in_the_result_area(live_server, signed_in_page,
                                                                             small_bank, screenshot):
    """Tab A has the task open; tab B (here: the service) skips it; Submit in tab A gets a 409 with the error
    fragment, which must appear in the result area (htmx leaves error responses out unless told) as an alert —
    without the page breaking its Content-Security-Policy."""
    from studypaths import study
    from studypaths.models import CodeRun, Track

    page = signed_in_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    study.create_study_path(user=page.user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=page.user)
    page.goto(f"{live_server.url}/studypaths/tasks/{task.id}/")
    page.get_by_role("textbox", name="Code").fill(task.problem.reference_solutions["python"])
    study.skip_task(user=page.user, task_id=task.id)

    with page.expect_response(lambda response: response.url.endswith(f"/tasks/{task.id}/submit/")) as answer:
        page.get_by_role("button", name="Submit").click()
    assert answer.value.status == 409
    alert = page.locator("#run-result [role=alert]")
    expect(alert).to_contain_text("skipped")
    expect(page.get_by_role("button", name="Submit")).to_be_enabled()  # the form is usable again
    expect(page.locator("[data-task-status]")).to_have_text("Skipped")  # the status panel caught up
    screenshot(page, "submit-refused")
    assert violations == []
    assert not CodeRun.objects.filter(user=page.user).exists()


def test_a_tutor_hint_arrives_when_served_over_asgi_as_in_production(client, daphne_server, page, small_bank,
                                                                     screenshot, settings):
    """Under ASGI (uvicorn in production, daphne here) Django gzipped each event of the hint stream as a gzip member
    of its own; Chromium read the first (`queued`) and nothing after it: "The tutor is thinking…" stayed for good and
    the hint showed only after a reload."""
    from studypaths import study
    from studypaths.models import Track

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    user = CandidateFactory(name="Ada Lovelace")
    sign_in_browser(page.context, client, user, daphne_server)
    study.create_study_path(user=user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=user)
    page.goto(f"{daphne_server}/studypaths/tasks/{task.id}/")
    encodings = []
    page.on("response", lambda response: encodings.append(response.headers.get("content-encoding"))
            if response.url.endswith("/hint") else None)
    page.get_by_role("button", name="Get a hint").click()
    hint = page.locator("#hint-list li").first
    expect(hint).to_contain_text("Hint 1 of 3", timeout=15_000)
    expect(hint).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("[data-hints-used]")).to_have_text("1")
    assert encodings == ["gzip"]  # compressed still, as one stream
    screenshot(page, "hint-over-asgi")


def test_a_draft_typed_after_a_wrong_submission_survives_a_reload_and_an_older_one_yields(
        live_server, signed_in_page, small_bank, screenshot, bubblewrap):
    """The page sent the last submission's code as code to show over the browser's draft: after a wrong submission,
    code typed and then a reload showed the submitted code, and the first keystroke overwrote the draft with it. Now
    the newer of the two is shown (a draft saved before the last submission, e.g. one made on another device, yields)
    and nothing is written before the candidate edits. Once the task passes, "Get a hint" goes (it answered 409)."""
    from studypaths import study
    from studypaths.models import Track

    page = signed_in_page
    study.create_study_path(user=page.user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=page.user)
    page.goto(f"{live_server.url}/studypaths/tasks/{task.id}/")
    editor = page.get_by_role("textbox", name="Code")
    code = page.locator(".cm-content")
    editor.fill(WRONG)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#run-result [data-overall-verdict]")).to_have_text("Wrong answer", timeout=60_000)
    expect(page.locator("[data-task-status]")).to_have_text("In progress", timeout=15_000)

    typed = "def reverse_words(s):\n    # typed after the wrong submission\n    return s[::-1]\n"
    editor.fill(typed)
    page.reload()
    expect(code).to_contain_text("# typed after the wrong submission")
    screenshot(page, "draft-restored")

    # Another device submits: the draft here was saved before that submission and yields to it; it stays stored.
    other = "def reverse_words(s):\n    return s.split()  # from the other device\n"
    study.submit_task(user=page.user, task_id=task.id, language="python", code=other)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS  # judged (wrong) already
    page.reload()
    expect(code).to_contain_text("# from the other device")
    key = draft_key(page.user, task.problem_id)
    assert "# typed after the wrong submission" in page.evaluate("key => localStorage.getItem(key)", key)

    # A draft kept before drafts had times (no saved time) still comes back: the submission stays on the server.
    page.evaluate("key => { localStorage.setItem(key, 'def reverse_words(s):\\n    return s  # untimed\\n');"
                  " localStorage.removeItem(key + ':saved-at'); }", key)
    page.reload()
    expect(code).to_contain_text("# untimed")

    hint = page.get_by_role("button", name="Get a hint")
    expect(hint).to_be_visible()
    editor.fill(task.problem.reference_solutions["python"])
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#run-result [data-overall-verdict]")).to_have_text("Accepted", timeout=60_000)
    expect(page.locator("[data-task-status]")).to_have_text("Passed", timeout=15_000)
    expect(hint).to_be_hidden()


def test_code_typed_in_two_tabs_of_one_task_is_not_lost_on_reload(live_server, signed_in_page, small_bank,
                                                                  screenshot):
    """Two tabs of one task shared one draft per problem and language: the tab typed in last won, and a reload of the
    other showed that code in place of its own, which was gone without a sign. Now the overwritten draft is kept
    aside and the page offers it back; an open tab hears of the other's writes (the storage event) and says so too."""
    from studypaths import study
    from studypaths.models import Track
    from tests.test_pages_fit import AXE, AXE_RUN

    first = signed_in_page
    study.create_study_path(user=first.user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=first.user)
    url = f"{live_server.url}/studypaths/tasks/{task.id}/"
    second = first.context.new_page()
    second.set_viewport_size({"width": 1280, "height": 900})
    first.goto(url)
    second.goto(url)
    mine = "def reverse_words(s):\n    return ' '.join(reversed(s.split()))  # typed in the first tab\n"
    theirs = "def reverse_words(s):\n    return s  # typed in the second tab\n"
    first.get_by_role("textbox", name="Code").fill(mine)
    second.get_by_role("textbox", name="Code").fill(theirs)

    # The first tab, still open, learns of the second's draft before a keystroke of its own overwrites it.
    expect(first.get_by_role("status").filter(has_text="also edited in another tab")).to_be_visible()

    first.reload()
    code = first.locator(".cm-content")
    expect(code).to_contain_text("# typed in the second tab")  # the newest draft is shown, as before
    notice = first.get_by_role("status").filter(has_text="also edited in another tab")
    expect(notice).to_be_visible()
    screenshot(first, "other-tab-notice")
    first.locator("[data-other-draft]").screenshot(path="/tmp/B-notice.png")
    first.set_viewport_size({"width": 320, "height": 900})
    assert first.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(first, "other-tab-notice-320")
    first.evaluate(AXE.read_text(encoding="utf-8"))
    assert first.evaluate(AXE_RUN) == []

    restore = first.get_by_role("button", name="Restore that version")
    restore.focus()
    first.keyboard.press("Enter")
    expect(code).to_contain_text("# typed in the first tab")
    expect(code).not_to_contain_text("# typed in the second tab")
    expect(notice).to_be_hidden()
    key = draft_key(first.user, task.problem_id)
    assert first.evaluate("key => localStorage.getItem(key)", key) == mine
    assert first.evaluate("key => localStorage.getItem(key + ':other')", key) is None  # one slot, cleared on restore

    # The restore was a write of the first tab: the open second tab offers that code, and Dismiss keeps its own (saved
    # as the draft again, so a reload shows it), which the first tab, still open, then hears of in turn.
    other_notice = second.get_by_role("status").filter(has_text="also edited in another tab")
    expect(other_notice).to_be_visible()
    second.get_by_role("button", name="Dismiss").click()
    expect(other_notice).to_be_hidden()
    expect(second.locator(".cm-content")).to_contain_text("# typed in the second tab")  # nothing replaced
    expect(notice).to_be_visible()
    second.reload()
    expect(second.locator(".cm-content")).to_contain_text("# typed in the second tab")
    expect(other_notice).to_be_hidden()
    assert second.evaluate("key => localStorage.getItem(key + ':other')", key) is None


def test_a_keystroke_in_a_tab_told_of_the_other_tabs_draft_keeps_that_draft_aside(live_server, signed_in_page,
                                                                                   small_bank):
    """An open tab that heard of the other tab's draft and types on overwrites it, as before, but keeps it aside: the
    other tab's reload offers its code back instead of losing it."""
    from studypaths import study
    from studypaths.models import Track

    first = signed_in_page
    study.create_study_path(user=first.user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=first.user)
    url = f"{live_server.url}/studypaths/tasks/{task.id}/"
    second = first.context.new_page()
    first.goto(url)
    second.goto(url)
    first.get_by_role("textbox", name="Code").fill("def reverse_words(s):\n    return s  # first tab\n")
    second.get_by_role("textbox", name="Code").fill("def reverse_words(s):\n    return s  # second tab\n")
    expect(first.locator("[data-other-draft]")).to_contain_text("also edited in another tab")
    first.get_by_role("textbox", name="Code").fill("def reverse_words(s):\n    return s  # first tab, again\n")

    second.reload()
    expect(second.locator(".cm-content")).to_contain_text("# first tab, again")
    second.get_by_role("button", name="Restore that version").click()
    expect(second.locator(".cm-content")).to_contain_text("# second tab")
    expect(second.get_by_role("button", name="Restore that version")).to_be_hidden()


def test_submit_with_the_other_tabs_notice_shown_sends_this_tabs_code_and_drops_the_notice(
        live_server, signed_in_page, small_bank, bubblewrap):
    """Submit posts through htmx, which cancels the click's submit event: a handler on the form's submit never ran,
    and the notice stayed (and the kept-aside draft came back on a reload) after the candidate had sent their code."""
    from studypaths import study
    from studypaths.models import Track

    first = signed_in_page
    study.create_study_path(user=first.user, track=Track.objects.get(slug="fundamentals"), config=study.PathConfig())
    task = study.get_next_task(user=first.user)
    url = f"{live_server.url}/studypaths/tasks/{task.id}/"
    second = first.context.new_page()
    first.goto(url)
    second.goto(url)
    first.get_by_role("textbox", name="Code").fill("def reverse_words(s):\n    return s  # first tab\n")
    second.get_by_role("textbox", name="Code").fill("def reverse_words(s):\n    return s  # second tab\n")
    notice = first.locator("[data-other-draft]")
    expect(notice).to_contain_text("also edited in another tab")
    first.get_by_role("button", name="Submit").click()
    expect(first.locator("#run-result [data-overall-verdict]")).to_have_text("Wrong answer", timeout=60_000)
    expect(notice).to_be_empty()
    key = draft_key(first.user, task.problem_id)
    assert first.evaluate("key => localStorage.getItem(key + ':other')", key) is None


@pytest.mark.django_db(transaction=True)
def test_the_path_forms_focus_modules_follow_the_chosen_track(live_server, signed_in_page, screenshot):
    """Focus modules listed every module of the bank whatever the track; the chosen track's show, and change with it."""
    from studypaths.tests.factories import make_track

    first, second = make_track(), make_track()
    page = signed_in_page
    page.goto(live_server.url + "/studypaths/today/")
    page.get_by_label("Track").select_option(first.slug)
    focus = page.get_by_role("group", name="Focus modules")
    for module in first.modules.all():
        expect(focus.get_by_label(module.title)).to_be_visible()
    for module in second.modules.all():
        expect(focus.get_by_label(module.title)).to_be_hidden()
    page.get_by_label("Track").select_option(second.slug)
    for module in second.modules.all():
        expect(focus.get_by_label(module.title)).to_be_visible()
    for module in first.modules.all():
        expect(focus.get_by_label(module.title)).to_be_hidden()
    screenshot(page, "study-path-form-focus-modules")
