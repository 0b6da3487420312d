"""Playwright: a candidate opens a shipped problem, runs the reference solution on the examples, submits a wrong one."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import CandidateFactory
from interviewmaster.testing import sign_in_browser
from studypaths.models import CodeRun, Problem
from studypaths.services import DEFAULT_BANK_DIR, load_problem_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shipped_problem(tmp_path) -> Problem:
    """The first problem of the shipped bank, loaded the way `load_problems` does."""
    bundle = json.loads((DEFAULT_BANK_DIR / "01-arrays-strings.json").read_text(encoding="utf-8"))
    bundle["problems"] = bundle["problems"][:1]
    (tmp_path / "01-arrays-strings.json").write_text(json.dumps(bundle), encoding="utf-8")
    tracks = {"tracks": [{"slug": "fundamentals", "title": "Coding fundamentals", "modules": [bundle["module"]["slug"]],
                          "description": "A gentle start: arrays and strings first."}]}
    (tmp_path / "tracks.json").write_text(json.dumps(tracks), encoding="utf-8")
    load_problem_bank(directory=tmp_path)
    return Problem.objects.get()


@pytest.fixture
def signed_in_page(client, live_server, page):
    user = CandidateFactory(name="Grace Hopper")
    sign_in_browser(page.context, client, user, live_server.url)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.user = user
    return page


def check_editor_keys(page, editor, code):
    """Tab indents inside the editor instead of leaving it; Esc then Tab leaves it (no keyboard trap)."""
    editor.fill("def f():\n")
    page.keyboard.press("Control+End")
    page.keyboard.press("Tab")
    expect(code).to_have_value("def f():\n    ")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(editor).not_to_be_focused()


def check_stopped_at_the_first_failing_hidden_test(page):
    """Judging stopped at the first failing hidden test: it alone has a failing verdict, the ones after it are not
    run, and the summary and the past runs say so."""
    hidden = page.locator("#run-result .test-hidden")
    expect(hidden.first).to_contain_text("hidden test")
    expect(hidden.locator(".verdict-bad")).to_have_count(1)
    failed = next(i for i, text in enumerate(hidden.all_inner_texts()) if "Wrong answer" in text)
    expect(hidden.filter(has_text="Not run")).to_have_count(hidden.count() - failed - 1)
    expect(page.locator("#run-result [data-not-run]")).to_contain_text(
        f"Stopped at the first failing hidden test (“{hidden.nth(failed).locator('.test-name').inner_text()}”); the "
        f"{hidden.count() - failed - 1} after it were not run.")
    expect(page.locator("#past-runs tbody tr").first).to_contain_text("not run")


def test_candidate_runs_examples_then_submits_a_wrong_solution(live_server, signed_in_page, shipped_problem,
                                                               screenshot, bubblewrap):
    page = signed_in_page
    problem = shipped_problem
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Study paths").click()
    page.wait_for_url("**/studypaths/")
    expect(page.get_by_role("heading", name=problem.module.title)).to_be_visible()
    expect(page.locator(".track")).to_contain_text("Coding fundamentals")
    screenshot(page, "1-list")

    page.get_by_role("link", name=problem.title).click()
    page.wait_for_url(f"**/studypaths/problems/{problem.slug}/")
    # The CodeMirror editor (labelled "Code") keeps the form's textarea in sync: assertions read the textarea.
    editor = page.get_by_role("textbox", name="Code")
    code = page.locator("textarea#code")
    expect(editor).to_be_visible()
    expect(code).to_be_hidden()
    expect(code).to_have_value(problem.starter_code["python"])

    check_editor_keys(page, editor, code)

    editor.fill(problem.reference_solutions["python"])
    screenshot(page, "2-problem")
    page.get_by_role("button", name="Run examples").click()
    verdict = page.locator("#run-result [data-overall-verdict]")
    expect(verdict).to_have_text("Accepted", timeout=30_000)
    expect(page.locator("#run-result .test-results li")).to_have_count(2)  # the two public examples
    expect(page.locator("#run-result")).to_contain_text("blue is sky the")
    expect(page.locator("#past-runs tbody tr")).to_have_count(1)
    screenshot(page, "3-examples-accepted")

    # Switching language shows the JavaScript starter; switching back restores the Python edits (localStorage).
    page.get_by_label("Language").select_option("javascript")
    expect(code).to_have_value(problem.starter_code["javascript"])
    page.get_by_label("Language").select_option("python")
    expect(code).to_have_value(problem.reference_solutions["python"])

    editor.fill("def reverse_words(s):\n    return s\n")
    page.get_by_role("button", name="Submit").click()
    expect(verdict).to_have_text("Wrong answer", timeout=30_000)
    check_stopped_at_the_first_failing_hidden_test(page)
    expect(page.locator("#run-result .run-summary")).to_contain_text("the examples took")  # no hidden test's figures
    expect(page.locator("#past-runs tbody tr")).to_have_count(2)
    screenshot(page, "4-submission-wrong")

    # A past run opens again from the list (the older one: the examples run that was accepted).
    page.locator("#past-runs tbody tr").nth(1).get_by_role("link", name="Show").click()
    expect(verdict).to_have_text("Accepted")

    # Nothing typed is lost on a reload: the draft comes back from localStorage.
    page.reload()
    expect(code).to_have_value("def reverse_words(s):\n    return s\n")

    # Empty code gets a clear message in the page and nothing is queued.
    editor.fill("   ")
    page.get_by_role("button", name="Run examples").click()
    expect(page.locator("#run-result [role=alert]")).to_contain_text("Write some code before running it.")
    screenshot(page, "5-empty-code")
    page.set_viewport_size({"width": 420, "height": 900})
    screenshot(page, "6-narrow")  # one column: statement, then the editor

    runs = list(CodeRun.objects.filter(user=page.user).order_by("created_at").values_list("kind", "verdict"))
    assert runs == [("examples", "accepted"), ("submission", "wrong_answer")]

    page.goto(live_server.url + "/studypaths/")
    expect(page.locator(".problem-table tbody tr").first).to_contain_text("Wrong answer")


def test_focus_follows_a_keyboard_run_to_its_verdict(live_server, signed_in_page, shipped_problem, bubblewrap):
    page = signed_in_page
    page.goto(f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/")
    page.get_by_role("textbox", name="Code").fill(shipped_problem.reference_solutions["python"])
    page.get_by_role("button", name="Run examples").focus()
    page.keyboard.press("Enter")
    verdict = page.locator("#run-result [data-overall-verdict]")
    expect(verdict).to_have_text("Accepted", timeout=30_000)
    expect(verdict).to_be_focused()  # not the page body, although the button was disabled meanwhile


def check_ctrl_enter_runs_the_examples(page, solution: str) -> None:
    """Ctrl+Enter in the editor sends "Run examples" (a request, then a verdict) and types no newline: CodeMirror's
    own Mod-Enter ("insert blank line") must not win over the page's shortcut."""
    editor = page.get_by_role("textbox", name="Code")
    editor.fill(solution)
    page.keyboard.press("Control+Home")  # mid-document, where "insert blank line" would show most
    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/run/")):
        page.keyboard.press("Control+Enter")
    expect(page.locator("#run-result [data-overall-verdict]")).to_have_text("Accepted", timeout=30_000)
    expect(page.locator("textarea#code")).to_have_value(solution)


def test_ctrl_enter_in_the_editor_runs_the_examples(live_server, signed_in_page, shipped_problem, screenshot,
                                                    bubblewrap):
    page = signed_in_page
    page.goto(f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/")
    check_ctrl_enter_runs_the_examples(page, shipped_problem.reference_solutions["python"])
    screenshot(page, "ctrl-enter-ran")
    assert list(CodeRun.objects.filter(user=page.user).values_list("kind", flat=True)) == ["examples"]


def test_typing_over_a_selection_replaces_it_within_the_content_security_policy(live_server, signed_in_page,
                                                                                 shipped_problem):
    """Chrome replaces a selection that starts in a coloured token by text with a `style` attribute (blocked and
    reported by the CSP); the editor does the replacement itself, through its input handlers."""
    page = signed_in_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/")
    code = page.locator("textarea#code")
    expect(code).to_have_value(shipped_problem.starter_code["python"])  # starts with the keyword "def"
    page.get_by_role("textbox", name="Code").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("x")
    expect(code).to_have_value("x")
    page.keyboard.press("Control+a")
    page.keyboard.type("(")  # auto-closed brackets still wrap the selection
    expect(code).to_have_value("(x)")
    page.keyboard.type("y = 1")  # the bracket keeps the selection: typing replaces the word inside
    expect(code).to_have_value("(y = 1)")
    long = "".join(f"line_{n} = {n}\n" for n in range(400))  # far more lines than the editor draws
    page.get_by_role("textbox", name="Code").fill(long)
    expect(code).to_have_value(long)
    page.keyboard.press("Control+a")
    page.keyboard.type("z")  # the whole document goes, not only the lines in view
    expect(code).to_have_value("z")
    assert violations == []


def test_a_refused_run_answered_by_a_whole_error_page_shows_a_short_alert(live_server, signed_in_page,
                                                                         shipped_problem, screenshot):
    """The problem went away while its page was open: the run gets the 404 page (a whole document, not a fragment),
    and the result area says so in an alert instead of staying empty or holding a page inside the page."""
    page = signed_in_page
    page.goto(f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/")
    page.get_by_role("textbox", name="Code").fill(shipped_problem.reference_solutions["python"])
    Problem.objects.filter(id=shipped_problem.id).delete()
    with page.expect_response(lambda response: response.url.endswith("/run/")) as answer:
        page.get_by_role("button", name="Run examples").click()
    assert answer.value.status == 404
    alert = page.locator("#run-result [role=alert]")
    expect(alert).to_have_text("Not found: it may have been removed. Reload the page.")
    expect(alert).to_be_focused()  # run-focus.js moves focus to the outcome, here the alert
    expect(page.locator("#run-result header, #run-result nav")).to_have_count(0)  # no page inside the page
    screenshot(page, "refused-404")


def test_without_javascript_the_editor_promises_only_what_a_text_box_does(client, live_server, browser,
                                                                         shipped_problem, screenshot):
    """Without JavaScript the page offered "Reset to starter code" (a button that did nothing) and said Tab indents,
    Ctrl+Enter runs and drafts are kept: none of it is true of a plain text box. With JavaScript all of it is."""
    user = CandidateFactory()
    url = f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/"
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript)
        sign_in_browser(context, client, user, live_server.url)
        page = context.new_page()
        page.goto(url)
        reset = page.get_by_role("button", name="Reset to starter code")
        if javascript:
            expect(reset).to_be_visible()
            shown = page.locator("#editor-help").inner_text()  # what is rendered, not the hidden text
            assert "Ctrl+Enter runs the examples" in shown and "Without JavaScript" not in shown
        else:
            expect(reset).to_be_hidden()
            shown = page.locator("#editor-help").inner_text()
            assert "Without JavaScript this is a plain text box" in shown and "Ctrl+Enter" not in shown
        screenshot(page, f"javascript-{javascript}")
        context.close()


# Each numbered gutter row's top and height beside its line's (CSS px, rounded), as drawn.
LINE_NUMBER_ROWS = """() => {
  const row = (e) => { const r = e.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)]; };
  const lines = [...document.querySelectorAll(".cm-content .cm-line")].map(row);
  const numbers = [...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement")]
    .filter((e) => e.textContent.trim() && e.style.visibility !== "hidden").map(row);
  return { lines, numbers, page: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
}"""


def test_line_numbers_stay_beside_wrapped_lines_on_a_narrow_screen(live_server, signed_in_page, shipped_problem,
                                                                   screenshot):
    """At 320 px the editor is below the statement, off screen, and CodeMirror numbered the lines at estimated
    heights: a wrapped line's number stood a line too high and the rest drifted (until it scrolled into view; in a
    full-page capture, always). Each number is now beside its line, and the page still needs no sideways scroll."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/")
    expect(page.locator(".cm-content")).to_be_attached()
    page.wait_for_timeout(300)
    drawn = page.evaluate(LINE_NUMBER_ROWS)
    assert any(height > 30 for _, height in drawn["lines"]), drawn  # the starter code's comment wraps at this width
    assert drawn["numbers"] == drawn["lines"], drawn
    assert drawn["page"] <= drawn["width"], drawn
    screenshot(page, "320-editor")


KAI_DRAFT = "def reverse_words(s):\n    return s  # KAI PRIVATE DRAFT\n"


def stored_values(page) -> list[str]:
    """Every value this browser keeps in local and session storage for the site."""
    return page.evaluate("() => [localStorage, sessionStorage].flatMap((store) => Object.keys(store)"
                         ".map((key) => `${key}=${store.getItem(key)}`))")


def log_in_with_the_form(page, url: str, user) -> None:
    from accounts.tests.factories import DEFAULT_PASSWORD

    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def test_a_draft_does_not_pass_to_the_next_person_who_signs_in_on_the_browser(client, live_server, page,
                                                                               shipped_problem, screenshot):
    """On a shared browser Kai typed code on a problem, logged out, and the next candidate who signed in and opened
    the same problem found Kai's code in the editor, ready to submit: drafts were kept under a key with no user in it
    (`im:studypaths:code:<problem>:<language>`) and a logout left them. Now the logout clears them, and the next
    candidate gets the starter code."""
    kai = CandidateFactory(name="Kai Private")
    lee = CandidateFactory(name="Lee Next")
    url = f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/"
    code = page.locator("textarea#code")
    log_in_with_the_form(page, live_server.url, kai)
    page.goto(url)
    page.get_by_role("textbox", name="Code").fill(KAI_DRAFT)
    page.wait_for_timeout(1500)
    assert any("KAI PRIVATE DRAFT" in value for value in stored_values(page))  # kept for Kai: a reload brings it
    page.reload()
    expect(code).to_have_value(KAI_DRAFT)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert not any("KAI PRIVATE DRAFT" in value for value in stored_values(page))

    log_in_with_the_form(page, live_server.url, lee)
    page.goto(url)
    expect(page.get_by_role("textbox", name="Code")).to_be_visible()
    expect(code).to_have_value(shipped_problem.starter_code["python"])
    screenshot(page, "next-user-starter-code")


def test_another_users_draft_and_old_unkeyed_drafts_are_never_shown(client, live_server, page, shipped_problem):
    """The browser goes from Kai to Lee without a signed-out page in between (Kai's session ended elsewhere, Lee's
    cookie set): Kai's draft is Kai's alone, and drafts stored before they had an owner (the old keys, the two-tab
    "kept aside" one too) are shown to nobody and removed."""
    kai = CandidateFactory(name="Kai Private")
    lee = CandidateFactory(name="Lee Next")
    url = f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/"
    code = page.locator("textarea#code")
    sign_in_browser(page.context, client, kai, live_server.url)
    page.goto(url)
    page.get_by_role("textbox", name="Code").fill(KAI_DRAFT)
    page.wait_for_timeout(1500)
    assert any("KAI PRIVATE DRAFT" in value for value in stored_values(page))

    page.context.clear_cookies()
    sign_in_browser(page.context, client, lee, live_server.url)
    page.goto(url)
    expect(page.get_by_role("textbox", name="Code")).to_be_visible()
    expect(code).to_have_value(shipped_problem.starter_code["python"])
    assert not any("KAI PRIVATE DRAFT" in value for value in stored_values(page))

    old = f"im:studypaths:code:{shipped_problem.id}:python"
    page.evaluate("""key => {
      localStorage.setItem(key, 'def reverse_words(s):\\n    return s  # OLD UNKEYED\\n');
      localStorage.setItem(key + ':saved-at', String(Date.now()));
      localStorage.setItem(key + ':other', 'def reverse_words(s):\\n    return s  # OLD ASIDE\\n');
    }""", old)
    page.reload()
    expect(page.get_by_role("textbox", name="Code")).to_be_visible()
    page.wait_for_timeout(300)
    expect(code).to_have_value(shipped_problem.starter_code["python"])
    expect(page.locator("[data-other-draft]")).to_be_empty()
    assert not any("OLD" in value for value in stored_values(page))

    # Lee's own draft still comes back on a reload.
    page.get_by_role("textbox", name="Code").fill("def reverse_words(s):\n    return s  # Lee's\n")
    page.reload()
    expect(code).to_have_value("def reverse_words(s):\n    return s  # Lee's\n")


def test_a_session_that_ends_without_a_logout_keeps_its_users_draft(client, live_server, page, shipped_problem):
    """Kai's session ends on the server (it expired, or Kai signed out everywhere from another device) with a draft
    typed: the sign-in page that follows keeps the draft (it is Kai's, under Kai's key), and it is back in the editor
    once Kai signs in again; only a logout or an account deletion in this browser removes it (lead, after J: the
    signed-out page removed every draft, so an expired session lost the code)."""
    from importlib import import_module

    from django.conf import settings

    from accounts.tests.factories import DEFAULT_PASSWORD

    kai = CandidateFactory(name="Kai Private")
    url = f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/"
    code = page.locator("textarea#code")
    log_in_with_the_form(page, live_server.url, kai)
    page.goto(url)
    page.get_by_role("textbox", name="Code").fill(KAI_DRAFT)
    page.wait_for_timeout(1500)

    store = import_module(settings.SESSION_ENGINE).SessionStore
    # the session ends on the server (its cached copy too, with Redis), no logout in this browser
    for key in store.get_model_class().objects.values_list("session_key", flat=True):
        store(key).delete()
    page.goto(url)  # a signed-out page
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert any("KAI PRIVATE DRAFT" in value for value in stored_values(page))  # kept, not shown to anyone here
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(kai.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(url)
    expect(code).to_have_value(KAI_DRAFT)


def test_a_tab_left_open_after_a_logout_in_another_does_not_put_the_draft_back(client, live_server, page,
                                                                             shipped_problem):
    """Kai has the problem open in two tabs and logs out in the first; typing in the second (its page drawn while
    signed in) wrote Kai's draft back into the browser's storage, for the next person at it to read. The logout tells
    the other tabs, and they keep nothing more."""
    kai = CandidateFactory(name="Kai Private")
    url = f"{live_server.url}/studypaths/problems/{shipped_problem.slug}/"
    log_in_with_the_form(page, live_server.url, kai)
    other = page.context.new_page()
    other.goto(url)
    expect(other.get_by_role("textbox", name="Code")).to_be_visible()
    page.goto(url)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    assert not [value for value in stored_values(page) if value.startswith("im:")]

    other.get_by_role("textbox", name="Code").fill(KAI_DRAFT)
    other.wait_for_timeout(1500)
    assert not any("KAI PRIVATE DRAFT" in value for value in stored_values(other))
