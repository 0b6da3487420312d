// Progressive enhancement: every <table data-chart="line|bar"> becomes a Chart.js chart shown above it. The table
// stays in the page as the accessible fallback (and the source of truth). Charts are readable without colour: each
// series has its own point shape and dash pattern (lines) or fill pattern (bars), the legend shows them, and values
// are in the table.
//
// Table contract:
//   <table data-chart="line" data-chart-title="Difficulty over time" data-chart-y-max="5" data-chart-unit="%">
//     <thead><tr><th>Date</th><th>Average difficulty</th>...</tr></thead>
//     <tbody><tr><th|td>2026-01-01</th><td data-value="2.5">2.5</td>...</tr></tbody>
//   </table>
// The first column labels the x axis; every other column is a series (its header is the series name). A cell's
// number comes from data-value when present, else from its text; an empty cell is a gap.
// Optional: data-chart-y-min, data-chart-y-max, data-chart-unit (appended to ticks), data-chart-height (px),
// data-chart-horizontal (bars left to right, for long category names).
// data-chart-x="date" (line charts over days): the first column holds ISO dates (or <time datetime> of them) and the
// x axis is linear in days, so points stand at their real distance (a two-week gap is not drawn as one day); a row
// header's data-value gives its day as an offset from the first row's, else the date itself is read. Ticks and
// tooltips show dates. data-chart-x-min / data-chart-x-max (days from the first row) set the axis's bounds: the server
// knows the candidate's today (analytics/charts.py ends the score trend there), the browser's clock and zone may not.
import Chart from "chart.js/auto";

export { Chart }; // Chart.getChart(canvas) finds a drawn chart (the browser tests read its axes)

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const POINTS = ["circle", "rect", "triangle", "rectRot", "star", "crossRot"];
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 2], [8, 8]];

function pattern(index, colour) {
  const size = 10;
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = colour;
  ctx.globalAlpha = 0.35;
  ctx.fillRect(0, 0, size, size);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 2;
  const kind = index % 4;
  if (kind === 0) {
    ctx.fillRect(0, 0, size, size); // solid
  } else if (kind === 1) {
    ctx.beginPath(); ctx.moveTo(0, size); ctx.lineTo(size, 0); ctx.stroke(); // diagonal stripes
  } else if (kind === 2) {
    ctx.beginPath(); ctx.arc(size / 2, size / 2, 2, 0, 2 * Math.PI); ctx.fill(); // dots
  } else {
    ctx.beginPath(); ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2); ctx.moveTo(size / 2, 0);
    ctx.lineTo(size / 2, size); ctx.stroke(); // cross-hatch
  }
  return ctx.createPattern(canvas, "repeat");
}

function cellNumber(cell) {
  const raw = cell?.dataset.value ?? cell?.textContent ?? "";
  const text = String(raw).replace(/[^0-9.eE+\-]/g, "");
  if (text === "") return null;
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : null;
}

const DAY_MS = 86400000;

function isoDay(text) {
  // Days since 1970-01-01 of an ISO date (YYYY-MM-DD), or null.
  const ms = Date.parse(`${String(text).trim().slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.round(ms / DAY_MS) : null;
}

function dayAxis(labels, cells) {
  // Each row's x in days since the epoch: the first row's date plus the row's offset (data-value) when given. A day
  // shown for people (<time datetime="2026-12-06">6 Dec 2026</time>, the `day` filter) is read from its datetime.
  const days = cells.map((cell, i) => cell?.querySelector("time[datetime]")?.getAttribute("datetime") ?? labels[i]);
  const origin = isoDay(days[0]);
  if (origin === null) return null;
  const xs = cells.map((cell, i) => (cell?.dataset.value !== undefined ? origin + Number(cell.dataset.value)
                                                                        : isoDay(days[i])));
  return xs.every((x) => Number.isFinite(x)) ? xs : null;
}

const NEAR_DAYS = 3; // a short run of days is drawn with at least this many days either side

function yearOf(day) {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function formatDay(day, { year = false } = {}) {
  // "6 Dec" / "6 Dec 2026", as every page writes a day (the `day` filter), not in the browser's locale's order.
  return new Date(day * DAY_MS).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC",
                                                              ...(year ? { year: "numeric" } : {}) });
}

export function showsYear(min, max, today = new Date()) {
  // Dates on an axis from day `min` to day `max` need their year when it crosses one or is not this year.
  return yearOf(min) !== yearOf(max) || yearOf(min) !== today.getUTCFullYear();
}

export function dayBounds(xs, given = {}) {
  // The x axis over days. Bounds the table gives (days since 1970) are kept. Otherwise a short run (under a week) is
  // drawn on the week ending at its last day, so one day of data is a point in a week rather than in Chart.js's
  // padding for min == max (5% of the value: ±1,000 days since 1970), and no day after the data (a day still to come)
  // is drawn. Longer runs keep the data's bounds.
  const low = Math.min(...xs);
  const high = Math.max(...xs);
  const bounds = high - low < 2 * NEAR_DAYS ? { min: high - 2 * NEAR_DAYS, max: high } : { min: low, max: high };
  return { min: Number.isFinite(given.min) ? given.min : bounds.min,
           max: Number.isFinite(given.max) ? given.max : bounds.max };
}

function givenDayBounds(table, xs) {
  // data-chart-x-min / -max: days from the first row, as days since 1970 (the first row's day is xs[0]).
  const read = (value) => (value === undefined || value === "" ? undefined : xs[0] + Number(value));
  return { min: read(table.dataset.chartXMin), max: read(table.dataset.chartXMax) };
}

export function readTable(table) {
  // A header cell with data-chart-skip keeps its column in the table only (other units, counts beside percentages).
  const headers = [...table.querySelectorAll("thead th")];
  const rows = [...table.querySelectorAll("tbody tr")];
  const labels = rows.map((row) => row.cells[0]?.textContent.trim() ?? "");
  const xs = table.dataset.chartX === "date" ? dayAxis(labels, rows.map((row) => row.cells[0])) : null;
  const series = headers
    .map((th, index) => ({ th, index }))
    .filter(({ th, index }) => index > 0 && th.dataset.chartSkip === undefined)
    .map(({ th, index }) => ({ name: th.textContent.trim(), values: rows.map((row) => cellNumber(row.cells[index])) }));
  const bounds = xs ? givenDayBounds(table, xs) : {};
  return { title: table.dataset.chartTitle || table.caption?.textContent.trim() || "", labels, xs, bounds, series };
}

function datasets(kind, series, xs) {
  return series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const data = xs ? s.values.map((y, j) => ({ x: xs[j], y })) : s.values;
    const common = { label: s.name, data, borderColor: colour, pointStyle: POINTS[i % POINTS.length] };
    if (kind === "line") {
      return { ...common, backgroundColor: colour, borderDash: DASHES[i % DASHES.length], pointRadius: 5,
               pointHoverRadius: 7, spanGaps: false, tension: 0.2,
               clip: 8,  // a point on the axis's top (a score of 100) is drawn whole, not cut in half
               cubicInterpolationMode: "monotone" };  // a curve never overshoots its points (no 110%)
    }
    return { ...common, backgroundColor: pattern(i, colour), borderWidth: 2 };
  });
}

export function enhance(table) {
  if (table.dataset.chartReady) return null;
  const kind = table.dataset.chart === "bar" ? "bar" : "line";
  const data = readTable(table);
  if (!data.labels.length || !data.series.length) return null;
  table.dataset.chartReady = "true";
  const figure = document.createElement("figure");
  figure.className = "chart";
  const holder = document.createElement("div");
  holder.className = "chart-canvas";
  holder.style.position = "relative";
  const horizontal = table.dataset.chartHorizontal !== undefined;
  const automatic = horizontal ? 70 + 34 * data.labels.length * Math.max(1, data.series.length / 1.5) : 260;
  holder.style.height = `${Number(table.dataset.chartHeight) || Math.round(automatic)}px`;
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  const tableId = table.id || `chart-table-${Math.random().toString(36).slice(2, 8)}`;
  table.id = tableId;
  canvas.setAttribute("aria-label", `${data.title || "Chart"}. The same data is in the table below.`);
  canvas.setAttribute("aria-describedby", tableId);
  holder.append(canvas);
  figure.append(holder);
  table.before(figure);
  const unit = table.dataset.chartUnit || "";
  const valueAxis = {
    beginAtZero: true,
    min: table.dataset.chartYMin !== undefined ? Number(table.dataset.chartYMin) : undefined,
    max: table.dataset.chartYMax !== undefined ? Number(table.dataset.chartYMax) : undefined,
    ticks: { callback: (value) => `${value}${unit}` },
  };
  const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  const days = kind === "line" && data.xs;
  const scales = horizontal ? { x: valueAxis } : { y: valueAxis };
  if (days) {
    // A linear axis in days (no date adapter needed): a day's distance is a day's distance. Whole days only, so
    // every tick is a date; the year is shown when the axis crosses one or is not this year.
    scales.x = { type: "linear", ...dayBounds(data.xs, data.bounds),
                 ticks: { precision: 0, maxTicksLimit: 8,
                          callback(value) { return formatDay(value, { year: showsYear(this.min, this.max) }); } } };
  }
  const tooltip = { label: (ctx) => `${ctx.dataset.label}: ${ctx.formattedValue}${unit}` };
  if (days) {
    tooltip.title = (items) => {
      const x = items[0]?.chart.scales.x;
      return items.length ? formatDay(items[0].parsed.x, { year: showsYear(x.min, x.max) }) : "";
    };
  }
  const chart = new Chart(canvas, {
    type: kind,
    data: days ? { datasets: datasets(kind, data.series, data.xs) }
               : { labels: data.labels, datasets: datasets(kind, data.series, null) },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduced ? false : { duration: 300 },
      indexAxis: horizontal ? "y" : "x",
      layout: kind === "line" ? { padding: { top: 8, right: 8 } } : {},  // room for the points that clip lets out
      scales,
      plugins: {
        title: { display: Boolean(data.title), text: data.title },
        legend: { display: data.series.length > 1, labels: { usePointStyle: kind === "line" } },
        tooltip: { callbacks: tooltip },
      },
    },
  });
  return chart;
}

export function enhanceAll(root = document) {
  return [...root.querySelectorAll("table[data-chart]")].map(enhance).filter(Boolean);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => enhanceAll());
} else {
  enhanceAll();
}
// htmx swaps in new tables: chart them too.
document.addEventListener("htmx:afterSwap", (event) => enhanceAll(event.target));
