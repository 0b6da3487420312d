"""Playwright: the expert's plan page in admin after the interview, with its scores table (Answer, Criterion, AI,
Expert, Adjust form), fits a 320 and a 360 px screen: the table was 510 px wide and pushed the whole page sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviewmaster.testing import sign_in_browser
from planning import interview_link
from planning.tests.test_interview_link import _plan_with_an_answer
from tests.test_pages_fit import AXE, LAST_CELLS_HIDDEN, STACK_TABLE_ROLES, WIDEST

# axe-core's serious and critical findings, Django admin's own breadcrumbs left out: their links differ from the text
# around them by colour alone (link-in-text-block) on every admin page, which this page does not change.
AXE_RUN = """async () => {
  const result = await axe.run({exclude: [[".breadcrumbs"]]}, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


def fits_and_passes_axe(page, width: int) -> list[str]:
    """tests/test_pages_fit.py's checks: no wider than `width` (no sideways scrolling), every row's last cell on
    screen, a stacked table's parts with their roles, no serious or critical axe finding."""
    problems = []
    if (wide := page.evaluate("document.documentElement.scrollWidth")) > width:
        problems.append(f"{width}px: the page is {wide}px wide: {page.evaluate(WIDEST, width)}")
    if hidden := page.evaluate(LAST_CELLS_HIDDEN, width):
        problems.append(f"{width}px: a row's last cell is off screen: {hidden}")
    if unroled := page.evaluate(STACK_TABLE_ROLES):
        problems.append(f"{width}px: a stacked table's part without its role: {unroled}")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return problems + [f"{width}px: {v}" for v in page.evaluate(AXE_RUN)]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_plan_page_with_its_scores_fits_320_and_360px(client, live_server, page, screenshot):
    plan, turn = _plan_with_an_answer()
    interview_link.adjust_score(plan=plan, expert=plan.expert, turn_id=turn.id, criterion="correctness", score=4,
                                reason="The index choice was right and the trade-off between write amplification "
                                       "and read latency was explained with numbers from the candidate's own system.")
    sign_in_browser(page.context, client, plan.expert, live_server.url)
    problems = []
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/admin/planning/interviewplan/{plan.id}/change/")
        scores = page.locator("table.plan-scores")
        expect(scores).to_be_visible()
        # every row's Adjust form is on screen and usable, not pushed off to the side
        for row in range(scores.locator("tbody tr").count()):
            save = scores.locator("tbody tr").nth(row).get_by_role("button", name="Save")
            box = save.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, row, box)
        screenshot(page, f"plan-scores-{width}")
        problems += fits_and_passes_axe(page, width)
    assert not problems, "\n".join(problems)
    tree = page.locator("table.plan-scores").aria_snapshot()  # still a table to a screen reader, headers and all
    for header in ("Answer", "Criterion", "AI", "Expert", "Adjust"):
        assert f'columnheader "{header}"' in tree, tree


def test_the_score_form_keeps_the_experts_score_and_counts_a_long_reason(client, live_server, page):
    """After 5 (AI 2), correcting only the reason saved "2": the Score select started at the AI's score. It starts at
    the expert's now, saying whose is which; and a pasted reason over 2,000 characters, cut to 2,000 by maxlength and
    saved without a word, is kept whole, counted as it is typed, and refused by the server with the text still there."""
    plan, turn = _plan_with_an_answer()
    interview_link.adjust_score(plan=plan, expert=plan.expert, turn_id=turn.id, criterion="correctness", score=5,
                                reason="Fully right")
    sign_in_browser(page.context, client, plan.expert, live_server.url)
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{live_server.url}/admin/planning/interviewplan/{plan.id}/change/")
    row = page.locator(f"#score-{turn.id}-correctness")
    expect(row.get_by_label("Score")).to_have_value("5")
    expect(row.get_by_label("Score").locator("option:checked")).to_have_text("5 (yours)")
    reason = "x" * 2365
    row.get_by_label("Reason").fill(reason)
    expect(row.get_by_label("Reason")).to_have_value(reason)  # nothing cut in the browser
    expect(row.locator("[aria-live=polite]")).to_have_text("2,365 / 2,000 characters: 365 too many")
    row.get_by_role("button", name="Save").click()
    row = page.locator(f"#score-{turn.id}-correctness")
    expect(row).to_contain_text("A reason is at most 2,000 characters; this one has 2,365.")
    expect(row.get_by_label("Reason")).to_have_value(reason)
    expect(row.get_by_label("Reason")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    row.get_by_label("Reason").fill("Fully right, and the index choice was explained")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("Reason corrected; the score stays at 5.")
