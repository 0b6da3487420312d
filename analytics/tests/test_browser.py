"""Playwright: a seeded candidate's signed-in home shows the analytics charts drawn from their tables, the tables
stay as the fallback, a badge won meanwhile arrives as a toast, and the page fits narrow screens without serious
axe-core violations."""

from __future__ import annotations

import re
from datetime import date, timedelta
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


# A line chart of 40, 100, 70 on a 0-100 axis: is the top of the 100 point's circle painted? Chart.js clips a line's
# drawing to the chart area, which cut a point on the axis's top (a perfect score) in half.
TOP_POINT_PAINTED = """async () => {
  const { Chart, enhance } = await import(document.querySelector('script[src*="dist/charts"]').src);
  const holder = document.createElement("div");
  const rows = [40, 100, 70].map((v, i) => `<tr><th>d${i}</th><td>${v}</td></tr>`).join("");
  holder.innerHTML = '<table data-chart="line" data-chart-y-min="0" data-chart-y-max="100"><thead><tr><th>Day</th>' +
    `<th>Score</th></tr></thead><tbody>${rows}</tbody></table>`;
  document.querySelector("main").append(holder);
  enhance(holder.querySelector("table"));
  const chart = Chart.getChart(holder.querySelector("canvas"));
  chart.update("none");
  chart.draw();
  const point = chart.getDatasetMeta(0).data[1];
  const ratio = chart.currentDevicePixelRatio;
  const alpha = chart.ctx.getImageData(Math.round(point.x * ratio), Math.round((point.y - 3) * ratio), 1, 1).data[3];
  holder.remove();
  return alpha;
}"""


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
    assert page.evaluate(TOP_POINT_PAINTED) > 200  # a perfect score's point is drawn whole, not cut in half
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


# The x axis of every drawn date chart on the page: its bounds in days since 1970, its tick values and labels, and
# each point's day.
DATE_AXES = """async () => {
  const { Chart } = await import(document.querySelector('script[src*="dist/charts"]').src);
  return [...document.querySelectorAll("table[data-chart-x=date]")].map((table) => {
    const chart = Chart.getChart(table.parentElement.querySelector("canvas"));
    const scale = chart.scales.x;
    return { min: scale.min, max: scale.max, ticks: scale.ticks.map((tick) => tick.value),
             labels: scale.ticks.map((tick) => String(tick.label)),
             points: chart.getDatasetMeta(0).data.map((point) => point.parsed?.x ?? point.$context?.parsed?.x) };
  });
}"""

# One-row date tables drawn on the page: the tick labels of each (keyed by its ISO day).
ONE_DAY_TABLES = """async (days) => {
  const { Chart, enhance } = await import(document.querySelector('script[src*="dist/charts"]').src);
  const labels = {};
  for (const day of days) {
    const holder = document.createElement("div");
    holder.innerHTML = '<table data-chart="line" data-chart-x="date"><thead><tr><th>Day</th><th>Score</th></tr>' +
      `</thead><tbody><tr><th>${day}</th><td>70</td></tr></tbody></table>`;
    document.querySelector("main").append(holder);
    enhance(holder.querySelector("table"));
    const scale = Chart.getChart(holder.querySelector("canvas")).scales.x;
    labels[day] = { min: scale.min, max: scale.max, labels: scale.ticks.map((tick) => String(tick.label)) };
  }
  return labels;
}"""


def _epoch_day(day) -> int:
    return (day - date(1970, 1, 1)).days


def test_a_first_day_of_practice_is_drawn_on_a_week_of_days_not_a_year(client, live_server, page, screenshot):
    # A new candidate's only scored day: the trend's axis is the week ending on it, today (Chart.js pads an axis whose
    # min and max are equal by 5% of the value, and days since 1970 made that ±1,000 days; then three days either side
    # drew days still to come), every tick a whole day.
    user = CandidateFactory(name="Grace Hopper", timezone="UTC")
    evaluated_answer(user, category="coding", overall=64, scores={"correctness": 3}, at=timezone.now())
    today = _epoch_day(timezone.now().date())
    _sign_in(client, live_server, page, user)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(live_server.url + "/")
    expect(page.locator("canvas[role=img]").first).to_be_visible()
    [axis] = page.evaluate(DATE_AXES)
    assert axis["max"] == today and axis["min"] == today - 6, axis  # the week ending today: no day to come
    assert all(float(tick).is_integer() for tick in axis["ticks"]), axis
    assert len(set(axis["labels"])) == len(axis["labels"]), axis  # no day printed twice
    page.wait_for_timeout(400)  # the entry animation
    screenshot(page, "one-day-trend")

    # A year on the ticks when the range crosses one or is not this year; none for days of this year.
    this_year = page.evaluate("new Date().getUTCFullYear()")
    drawn = page.evaluate(ONE_DAY_TABLES, ["2025-01-02", f"{this_year}-06-15", "2023-03-10"])
    crossing, current, past = drawn["2025-01-02"], drawn[f"{this_year}-06-15"], drawn["2023-03-10"]
    assert crossing["max"] - crossing["min"] <= 8, crossing
    assert crossing["max"] == _epoch_day(date(2025, 1, 2)), crossing  # no day after the data's last
    assert any("2024" in label for label in crossing["labels"]), crossing
    assert any("2025" in label for label in crossing["labels"]), crossing
    assert all(str(this_year) not in label for label in current["labels"]), current
    assert all("2023" in label for label in past["labels"]), past
    # Written as every page writes a day ("6 Dec 2026"; interviewmaster/templatetags/moments.py), whatever the
    # browser's locale (this one's is en-US, which put the month first: "Mar 10, 2023").
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 2023", label) for label in past["labels"]), past
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", label) for label in current["labels"]), current
