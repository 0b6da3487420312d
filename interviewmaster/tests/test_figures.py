"""One rule for printing scores and percentages (interviewmaster/figures.py): "100", never "100.0" in one place and
"100" in another; one decimal when there is one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from interviewmaster.figures import figure


@pytest.mark.parametrize("value, shown", [
    (100, "100"), (100.0, "100"), (0, "0"), (0.0, "0"), (72.5, "72.5"), (4.25, "4.2"), (3.0, "3"),
    (99.96, "100"), (Decimal("81.50"), "81.5"), (None, ""), ("n/a", "n/a"), (float("nan"), "nan"),
])
def test_integers_lose_their_point_zero_and_the_rest_keep_one_decimal(value, shown):
    assert figure(value) == shown


def test_the_template_filter_is_the_same_rule():
    rendered = Template("{% load figures %}{{ a|figure }} {{ b|figure }} {{ c|figure|default:'—' }}").render(
        Context({"a": 100.0, "b": 66.66, "c": None}))
    assert rendered == "100 66.7 —"


def test_the_dashboards_chart_tables_print_means_by_the_same_rule():
    """The analytics selectors keep one decimal (100.0, 4.0); the charts' tables printed it."""
    from analytics.charts import dashboard_charts

    charts = dashboard_charts({"categories": [{"category": "system_design", "average": 100.0, "count": 3}],
                               "criteria": [{"criterion": "clarity", "average": 4.0, "count": 3}],
                               "score_trend": [{"date": "2026-01-05", "interview": 72.5, "study": 100.0}]})
    shown = [cell.text for chart in charts for row in chart.rows for cell in row.cells]
    assert "100" in shown and "4" in shown and "72.5" in shown
    assert not [text for text in shown if text.endswith(".0")]


@pytest.mark.parametrize("number, article", [
    (8, "an"), (11, "an"), (18, "an"), (80, "an"), (88, "an"), (89, "an"), (800, "an"), (8000, "an"),
    (11000, "an"), (18500, "an"), (1, "a"), (10, "a"), (60, "a"), (90, "a"), (100, "a"),
    (110, "a"), (180, "a"), (1100, "a"), (1800, "a"), (0, "a"),
])
def test_the_article_before_a_number_follows_how_it_is_read(number, article):
    from interviewmaster.figures import article_for

    assert article_for(number) == article
    assert Template("{% load figures %}{{ n|article }}").render(Context({"n": number})) == article


@pytest.mark.parametrize("milliseconds, shown", [
    (340.4, "340 ms"), (0, "0 ms"), (999.4, "999 ms"), (999.6, "1 s"), (1234.5, "1.2 s"), (2000, "2 s"),
    (59_940, "59.9 s"), (59_960, "1 min"), (95_000, "1 min 35 s"), (None, ""), ("n/a", "n/a"),
])
def test_a_latency_in_milliseconds_reads_in_ms_below_a_second_and_in_seconds_from_one(milliseconds, shown):
    from interviewmaster.figures import latency_text

    assert latency_text(milliseconds) == shown


@pytest.mark.django_db
def test_the_ai_usage_admin_shows_latency_in_human_units(admin_client):
    """The AI provider usage list read "Average latency ms: 1234.5", and its page "Latency ms total: 2469.0"."""
    from datetime import date

    from interviewmaster.models import ProviderUsage

    slow = ProviderUsage.objects.create(provider="remote", day=date(2026, 12, 6), calls=2, latency_ms_total=2469)
    ProviderUsage.objects.create(provider="offline", day=date(2026, 12, 5), calls=4, latency_ms_total=1361.6)
    listed = admin_client.get("/admin/interviewmaster/providerusage/").content.decode()
    assert '<td class="field-average_latency">1.2 s</td>' in listed
    assert '<td class="field-average_latency">340 ms</td>' in listed
    assert "1234.5" not in listed and "340.4" not in listed and "Average latency ms" not in listed
    page = admin_client.get(f"/admin/interviewmaster/providerusage/{slow.pk}/change/").content.decode()
    assert "2.5 s" in page and "1.2 s" in page
    assert "2469" not in page and "Latency ms total" not in page
