"""The dashboard's charts as data: one `Chart` per figure, drawn by one template (`analytics/_chart.html`) as a table
that static/src/charts.js turns into a chart (without JavaScript, or with a screen reader, the table is the chart).

A chart is its caption, the table's columns (the first heads the rows; `plotted=False` columns are shown in the table
but not drawn) and its rows (a row header and the cells). A chart over days (`x_axis="date"`) gives each row its day
as an offset from the first row's, so the chart spaces points by real time: a two-week gap is not drawn as one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from analytics import streaks
from interviewmaster import capabilities
from interviewmaster.figures import figure


@dataclass(frozen=True)
class Column:
    label: str
    plotted: bool = True


@dataclass(frozen=True)
class Cell:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Row:
    header: str
    cells: tuple[Cell, ...]
    x: int | None = None  # the row's place on a numeric x axis (days since the first row on a date axis)
    is_day: bool = False  # the header is an ISO day, shown as every page shows a day (the `day` filter)


@dataclass(frozen=True)
class Chart:
    caption: str
    label: str  # the scrolling table region's accessible name
    kind: str  # "line" or "bar"
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    y_min: int | None = 0
    y_max: int | None = None
    note: str = ""
    x_axis: str = ""  # "date": rows are ISO days drawn at their real distance (charts.js, data-chart-x)
    # the x axis's bounds on a date axis, in days from the first row (data-chart-x-min/-max): None leaves them to
    # charts.js
    x_min: int | None = None
    x_max: int | None = None

    @property
    def body(self) -> tuple[tuple[Row, tuple[tuple[str, Cell], ...]], ...]:
        """Each row with its cells beside their column's label: the label a row stacked as a card shows on a narrow
        screen (`.stack-table`, app.css)."""
        labels = [column.label for column in self.columns[1:]]
        return tuple((row, tuple(zip(labels, row.cells, strict=True))) for row in self.rows)


def _text(value) -> str:
    return "" if value is None else str(value)


def _percent(part: int, whole: int) -> str:
    """What `{% widthratio part whole 100 %}` printed."""
    return str(round(part / whole * 100)) if whole else "0"


def _day_offsets(days: list[str]) -> list[int]:
    """Days since the first of `days` (ISO dates in order): the x values of a chart over time."""
    first = date.fromisoformat(days[0]) if days else None
    return [(date.fromisoformat(day) - first).days for day in days]


SHORTEST_SPAN_DAYS = 7  # a trend of a day or two is drawn on the week ending today, not on a point-wide axis


def _summary_today(summary: dict) -> date | None:
    """The day the summary was made on, in the candidate's time zone (as its days are counted), or None for a summary
    without its moment."""
    if not summary.get("generated_at"):
        return None
    moment = datetime.fromisoformat(summary["generated_at"])
    return moment.astimezone(streaks.zone_for(summary.get("time_zone"))).date()


def _trend_bounds(days: list[str], today: date | None) -> tuple[int, int]:
    """The trend's x axis in days from its first row: it ends today (the last day of data when the summary does not
    say when it was made), never on a day still to come, and spans the data or, at least, the week ending there."""
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    end = max(today or last, last)
    start = min(first, end - timedelta(days=SHORTEST_SPAN_DAYS - 1))
    return (start - first).days, (end - first).days


def _span_text(start: date, end: date) -> str:
    """A span of days as the site writes a day (`moments.DAY`, "7 Dec 2026"), shared parts said once: "1–7 Dec
    2026", "1 Oct – 7 Dec 2026", "28 Dec 2025 – 3 Jan 2026"."""
    from django.utils.formats import date_format

    from interviewmaster.moments import DAY

    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, DAY)}"
    if start.year == end.year:
        return f"{date_format(start, 'j M')} – {date_format(end, DAY)}"
    return f"{date_format(start, DAY)} – {date_format(end, DAY)}"


def dashboard_charts(summary: dict) -> list[Chart]:
    """The figures of the analytics summary that has data, in the dashboard's order."""
    charts = []
    trend = summary.get("score_trend") or []
    if trend:
        x_min, x_max = _trend_bounds([p["date"] for p in trend], _summary_today(summary))
        first = date.fromisoformat(trend[0]["date"])
        # the title says the span the axis draws (it said "last 90 days" over a 1–7 Dec axis): the days with scores
        # among the last 90, or at least the week ending today
        span = _span_text(first + timedelta(days=x_min), first + timedelta(days=x_max))
        charts.append(Chart(
            caption=f"Score trend, {span} (0–100): interviews as your reports score them; study submissions as the "
                    "mean share of tests passed per submission",
            label="Score trend table", kind="line", title="Score trend", y_max=100,
            columns=(Column("Day"), Column("Interviews"), Column("Study submissions (mean % of tests passed)")),
            x_axis="date", x_min=x_min, x_max=x_max,
            rows=tuple(Row(_text(p["date"]), (Cell(figure(p.get("interview"))), Cell(figure(p.get("study")))), x=x,
                           is_day=True)
                       for p, x in zip(trend, _day_offsets([p["date"] for p in trend]), strict=True))))
    if summary.get("criteria"):
        charts.append(Chart(
            caption="Interview criteria (mean of 1–5 per answer, follow-ups included)", label="Criteria table",
            kind="bar", title="Criteria", y_max=5,
            columns=(Column("Criterion"), Column("Mean score"), Column("Answers", plotted=False)),
            rows=tuple(Row(capabilities.criterion_name(r["criterion"]),
                           (Cell(figure(r["average"])), Cell(_text(r["count"])))) for r in summary["criteria"])))
    if summary.get("categories"):
        charts.append(Chart(
            caption="Interview categories (mean 0–100 per question, as your reports score them) and where you stand "
                    "among peers", label="Categories table",
            kind="bar", title="Categories", y_max=100,
            columns=(Column("Category"), Column("Mean score"), Column("Questions", plotted=False),
                     Column("Peer percentile", plotted=False)),
            rows=tuple(Row(capabilities.category_name(r["category"]), (
                Cell(figure(r["average"])), Cell(_text(r["count"])),
                Cell(f"better than {r['percentile']}%") if r.get("percentile") is not None
                else Cell("too few peers yet", muted=True))) for r in summary["categories"]),
            note="Peers are candidates with your target role and level; a percentile shows once at least 20 of them "
                 "have answers in that category. Nobody's individual score is shown."))
    if summary.get("topics"):
        charts.append(Chart(
            # Grouped by module (a problem's place in the bank), not by topic (its tags, which the path page's
            # "Submissions passed by topic" groups by): one name, one grouping.
            caption="Submissions passed by module (share of your submissions that passed every test; every attempt "
                    "counts)",
            label="Submissions passed by module table", kind="bar", title="Submissions passed by module", y_max=100,
            columns=(Column("Module"), Column("Submissions passed %"), Column("Passed", plotted=False),
                     Column("Attempts", plotted=False)),
            rows=tuple(Row(_text(r["title"]), (Cell(_percent(r["passed"], r["attempts"])), Cell(_text(r["passed"])),
                                             Cell(_text(r["attempts"])))) for r in summary["topics"])))
    if summary.get("minutes_by_week"):
        charts.append(Chart(
            caption="Time practised per week (minutes)", label="Time practised table", kind="bar",
            title="Minutes per week", columns=(Column("Week of"), Column("Minutes")),
            rows=tuple(Row(_text(r["week"]), (Cell(_text(r["minutes"])),), is_day=True)
                       for r in summary["minutes_by_week"])))
    return charts
