"""The dashboard's charts (analytics/charts.py, templates/analytics/_chart.html): one template for every figure."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from analytics.charts import Cell, Chart, Column, Row, dashboard_charts

SUMMARY = {
    "streak": {"current": 2, "longest": 3}, "achievements": [],
    "score_trend": [{"date": "2026-11-30", "interview": 70, "study": None}],
    "criteria": [{"criterion": "correctness", "average": 4.2, "count": 3},
                 {"criterion": "star_structure", "average": 3.0, "count": 2}],
    "categories": [{"category": "system_design", "average": 61, "count": 4, "percentile": None},
                   {"category": "algorithms", "average": 80, "count": 9, "percentile": 75}],
    "topics": [{"title": "Arrays", "passed": 2, "attempts": 3}, {"title": "Graphs", "passed": 0, "attempts": 0}],
    "minutes_by_week": [{"week": "2026-11-23", "minutes": 95}],
}


def test_every_figure_comes_from_one_template_with_its_table():
    charts = dashboard_charts(SUMMARY)
    assert [c.title for c in charts] == ["Score trend", "Criteria", "Categories", "Submissions passed by module",
                                         "Minutes per week"]
    html = render_to_string("analytics/_dashboard.html", {"summary": SUMMARY, "charts": charts, "on_home": True})
    assert html.count('<figure class="dash-chart">') == 5
    assert 'data-chart="line" data-chart-title="Score trend" data-chart-y-min="0" data-chart-y-max="100"' in html
    assert '<th scope="col" role="columnheader" data-chart-skip>Peer percentile</th>' in html
    # a day reads as on every page, and stays machine-readable for the chart (charts.js reads the datetime)
    assert ('<tr role="row"><th scope="row" role="rowheader" data-value="0"><time datetime="2026-11-30">30 Nov 2026'
            '</time></th><td role="cell" data-label="Interviews">70</td>'
            '<td role="cell" data-label="Study submissions (mean % of tests passed)"></td></tr>') in html
    assert ('<th scope="row" role="rowheader"><time datetime="2026-11-23">23 Nov 2026</time></th>'
            '<td role="cell" data-label="Minutes">95</td>' in html)
    assert '<th scope="row" role="rowheader">System design</th>' in html  # an underscore is a space, not dropped
    # the names the report prints, not the ids ("Star_structure", "Language knowledge" for language_knowledge)
    assert 'rowheader">STAR structure</th>' in html and 'Star_structure' not in html
    assert '<span class="muted">too few peers yet</span>' in html and "better than 75%" in html
    assert 'rowheader">Arrays</th><td role="cell" data-label="Submissions passed %">67</td>' in html
    assert 'rowheader">Graphs</th><td role="cell" data-label="Submissions passed %">0</td>' in html
    assert 'data-chart-title="Minutes per week" data-chart-y-min="0">' in html  # no upper bound


def test_a_summary_without_data_draws_no_chart_and_says_when_they_come():
    empty = {"streak": {"current": 0, "longest": 0}, "achievements": []}
    html = render_to_string("analytics/_dashboard.html", {"summary": empty, "charts": dashboard_charts(empty)})
    assert "dash-chart" not in html and "Your charts appear here" in html


def test_the_score_trend_places_each_day_at_its_real_distance():
    """Two weeks without practice are fourteen days on the chart's axis, not one step like consecutive days."""
    trend = [{"date": "2026-11-01", "interview": 60, "study": None}, {"date": "2026-11-15", "interview": 70,
                                                                      "study": 50},
             {"date": "2026-11-16", "interview": None, "study": 80}]
    chart = dashboard_charts({**SUMMARY, "score_trend": trend})[0]
    assert chart.title == "Score trend" and chart.x_axis == "date"
    assert [(row.header, row.x) for row in chart.rows] == [("2026-11-01", 0), ("2026-11-15", 14), ("2026-11-16", 15)]
    html = render_to_string("analytics/_chart.html", {"chart": chart})
    assert 'data-chart-y-max="100" data-chart-x="date" data-chart-x-min="0" data-chart-x-max="15">' in html
    assert 'role="rowheader" data-value="14"><time datetime="2026-11-15">15 Nov 2026</time></th>' in html


def test_criteria_and_categories_carry_the_names_the_report_prints():
    summary = {**SUMMARY, "criteria": [{"criterion": "problem_solving", "average": 2.5, "count": 4}],
               "categories": [{"category": "language_knowledge", "average": 25, "count": 2, "percentile": None},
                              {"category": "coding", "average": 50, "count": 2, "percentile": None}]}
    charts = {c.title: c for c in dashboard_charts(summary)}
    assert [row.header for row in charts["Criteria"].rows] == ["Problem solving"]
    assert [row.header for row in charts["Categories"].rows] == ["Language and framework knowledge",
                                                                "Coding and algorithms"]


def test_a_row_with_more_or_fewer_cells_than_the_columns_is_an_error():
    """`Chart.body` pairs each cell with its column's label: a row with a cell too few dropped the last column's cell
    from the table without a word, one too many lost its label. Every chart `dashboard_charts` builds pairs exactly."""
    for chart in dashboard_charts(SUMMARY):
        assert all(len(cells) == len(chart.columns) - 1 for _, cells in chart.body), chart.title
    columns = (Column("Day"), Column("Minutes"), Column("Answers"))
    for cells in ((Cell("5"),), (Cell("5"), Cell("2"), Cell("9"))):
        chart = Chart(caption="c", label="l", kind="bar", title="t", columns=columns, rows=(Row("Mon", cells),))
        with pytest.raises(ValueError):
            chart.body  # noqa: B018


def test_the_score_trend_axis_ends_today_in_the_candidates_zone_with_no_day_to_come():
    """A first scored day drawn on 3–9 Dec when today was 6 Dec: the axis ran three days into the future. It ends on
    the candidate's today (their zone: 23:30 UTC on 5 Dec is 6 Dec in Berlin) and spans the data or the week ending
    today, whichever is longer."""
    one_day = {**SUMMARY, "generated_at": "2026-12-05T23:30:00+00:00", "time_zone": "Europe/Berlin",
               "score_trend": [{"date": "2026-12-06", "interview": 64, "study": None}]}
    chart = dashboard_charts(one_day)[0]
    assert (chart.x_min, chart.x_max) == (-6, 0)  # 30 Nov – 6 Dec
    html = render_to_string("analytics/_chart.html", {"chart": chart})
    assert 'data-chart-x="date" data-chart-x-min="-6" data-chart-x-max="0">' in html
    # a month of data whose last day was a week ago: the axis still ends today, the week without practice shows
    month = {**one_day, "generated_at": "2026-12-06T10:00:00+00:00",
             "score_trend": [{"date": "2026-11-01", "interview": 50, "study": None},
                             {"date": "2026-11-29", "interview": 70, "study": None}]}
    chart = dashboard_charts(month)[0]
    assert (chart.x_min, chart.x_max) == (0, 35)  # 1 Nov – 6 Dec
    # a summary that does not say when it was made: the axis ends on its last day, not after it
    undated = {key: value for key, value in one_day.items() if key not in ("generated_at", "time_zone")}
    assert (dashboard_charts(undated)[0].x_min, dashboard_charts(undated)[0].x_max) == (-6, 0)
