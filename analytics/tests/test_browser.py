"""Playwright: a seeded candidate's signed-in home shows the analytics charts drawn from their tables, the tables
stay as the fallback, a badge won meanwhile arrives as a toast, and the page fits narrow screens without serious
axe-core violations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import CandidateFactory
from analytics.tests.factories import SubmissionFactory, evaluated_answer
from interviewmaster.testing import sign_in_browser
from studypaths.tests.factories import ModuleFactory, ProblemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id + ": " + v.nodes[0].target)"""


# The drawn trend chart's x axis and the pixel x of each interview point (charts.js exports Chart for this).
TREND_AXIS = """async () => {
  const { Chart } = await import(document.querySelector('script[src*="dist/charts"]').src);
  const table = document.querySelector("table[data-chart-x=date]");
  const chart = Chart.getChart(table.parentElement.querySelector("canvas"));
  const scale = chart.scales.x;
  return { type: scale.type, pixels: chart.getDatasetMeta(0).data.map((point) => point.x),
           first_tick: scale.ticks.length ? String(scale.ticks[0].label) : "" };
}"""

# A line chart of 40, 95, 90, 20 (a peak beside a near-peak): how many of its curve's control points lie outside the
# values of the two points they join, which draws values that were never scored (a 95 followed by 90 bulged past 100).
OVERSHOOT = """async () => {
  const { Chart, enhance } = await import(document.querySelector('script[src*="dist/charts"]').src);
  const holder = document.createElement("div");
  holder.innerHTML = '<table data-chart="line" data-chart-y-max="100"><thead><tr><th>Day</th><th>Score</th></tr>' +
    '</thead><tbody>' + [40, 95, 90, 20].map((v, i) => `<tr><th>d${i}</th><td>${v}</td></tr>`).join("") +
    '</tbody></table>';
  document.querySelector("main").append(holder);
  enhance(holder.querySelector("table"));
  const chart = Chart.getChart(holder.querySelector("canvas"));
  chart.update("none");
  chart.draw();  // a line's control points are computed when it is drawn
  const points = chart.getDatasetMeta(0).data;
  let outside = 0;
  points.forEach((point, i) => {
    for (const [cy, other] of [[point.cp1y, points[i - 1]], [point.cp2y, points[i + 1]]]) {
      const low = other && Math.min(point.y, other.y) - 0.5, high = other && Math.max(point.y, other.y) + 0.5;
      if (other && cy != null && (cy < low || cy > high)) outside += 1;
    }
  });
  holder.remove();
  return outside;
}"""


@pytest.fixture
def seeded_candidate():
    user = CandidateFactory(name="Ada Lovelace", timezone="Europe/Berlin")
    now = timezone.now()
    module = ModuleFactory(slug="hashing", title="Hashing")
    for days_ago in range(6):
        at = now - timedelta(days=days_ago)
        evaluated_answer(user, category=["coding", "databases", "behavioral"][days_ago % 3], overall=50 + 7 * days_ago,
                         scores={"correctness": 2 + days_ago % 3, "communication": 3 + days_ago % 2}, at=at)
        SubmissionFactory(user=user, problem=ProblemFactory(module=module), finished_at=at,
                          verdict="accepted" if days_ago % 2 else "wrong_answer")
    return user


def _sign_in(client, live_server, page, user):
    sign_in_browser(page.context, client, user, live_server.url)


def test_dashboard_draws_charts_from_tables_and_fits_narrow_screens(client, live_server, page, seeded_candidate,
                                                                   screenshot):
    # A fortnight without practice before the last six days: the trend must show it as a gap, not as one more day.
    evaluated_answer(seeded_candidate, category="coding", overall=40, scores={"correctness": 2},
                     at=timezone.now() - timedelta(days=20))
    _sign_in(client, live_server, page, seeded_candidate)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Where you stand")).to_be_visible()
    expect(page.locator(".dash-number").first).to_have_text("6 days")
    charts = page.locator("canvas[role=img]")
    expect(charts).to_have_count(5)  # trend, criteria, categories, topics, minutes
    for index in range(5):
        label = charts.nth(index).get_attribute("aria-label")
        assert "The same data is in the table below" in label
    trend = page.locator("table[data-chart=line] tbody tr")
    expect(trend).to_have_count(7)
    axis = page.evaluate(TREND_AXIS)
    assert axis["type"] == "linear", axis
    first_gap, next_step = axis["pixels"][1] - axis["pixels"][0], axis["pixels"][2] - axis["pixels"][1]
    assert 13 < first_gap / next_step < 17, axis  # 15 days, then 1 day
    assert axis["first_tick"] and not axis["first_tick"].replace(".", "").isdigit(), axis  # ticks read as dates
    assert page.evaluate(OVERSHOOT) == 0  # a line between two scores never draws a value neither has
    expect(page.get_by_role("rowheader", name="Hashing")).to_be_visible()
    screenshot(page, "dashboard-1280")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not a <script> tag: the CSP refuses inline scripts
    assert page.evaluate(SERIOUS) == []

    page.set_viewport_size({"width": 400, "height": 900})
    page.reload()
    expect(charts).to_have_count(5)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"page is {width}px wide at 400px"
    screenshot(page, "dashboard-400")


def test_without_javascript_the_tables_are_the_charts(client, live_server, browser, seeded_candidate):
    context = browser.new_context(java_script_enabled=False)
    sign_in_browser(context, client, seeded_candidate, live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/analytics/")
    assert page.locator("canvas").count() == 0
    expect(page.locator("table[data-chart]")).to_have_count(5)
    expect(page.get_by_role("row", name="Hashing")).to_be_visible()
    context.close()
