"""Server-side SVG charts: the geometry of each shape, as strings (numbers in a template would be localised: "62,5").
No script, no style attribute (the CSP): colours are CSS classes in static/css/stats.css. Every chart is followed
by a table of the same figures in the page."""

from dataclasses import dataclass, field

BAR_ROW = 40  # px per line of a bar chart: its label above, its bar below
BAR_MAX = 78  # the longest bar's width, in % of the chart (its value is written after it)
LABEL_CHARS = 48
DAY_HEIGHT = 160  # px of the columns' area of a day chart
COLUMN_MAX = 4  # a day's column is at most this wide, in % (a vote of three days is not three wide blocks)


def short(text, limit=LABEL_CHARS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Bar:
    label: str
    count: int
    short_label: str = ""
    y_label: str = ""
    y_bar: str = ""
    y_value: str = ""
    width: str = ""
    value_x: str = ""


@dataclass
class BarChart:
    bars: list = field(default_factory=list)
    height: str = "0"


def bar_chart(rows):
    """rows: [(label, count)] -> a horizontal BarChart, the longest bar for the largest count."""
    top = max((count for _label, count in rows), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(rows):
        width = count * BAR_MAX / top
        y = index * BAR_ROW
        bars.append(
            Bar(
                label=label,
                count=count,
                short_label=short(label),
                y_label=str(y + 14),
                y_bar=str(y + 20),
                y_value=str(y + 31),
                width=f"{width:.2f}%",
                value_x=f"{width + 1.5:.2f}%",
            )
        )
    return BarChart(bars=bars, height=str(BAR_ROW * len(bars) + 4))


@dataclass
class Column:
    day: str
    total: int
    x: str
    width: str
    y: str
    height: str


@dataclass
class DayChart:
    columns: list
    height: str
    axis_y: str
    label_y: str
    top: int
    first: str
    last: str


def day_chart(days):
    """days: [(ISO day, total)] in order -> a DayChart of one column per day (the height for the total)."""
    if not days:
        return None
    top = max(total for _day, total in days) or 1
    step = 100 / len(days)
    width = min(step * 0.8, COLUMN_MAX)
    columns = []
    for index, (day, total) in enumerate(days):
        height = total * DAY_HEIGHT / top
        columns.append(
            Column(
                day=day,
                total=total,
                x=f"{index * step + (step - width) / 2:.3f}%",
                width=f"{width:.3f}%",
                y=f"{DAY_HEIGHT - height + 16:.1f}",
                height=f"{height:.1f}",
            )
        )
    return DayChart(
        columns=columns,
        height=str(DAY_HEIGHT + 40),
        axis_y=str(DAY_HEIGHT + 16),
        label_y=str(DAY_HEIGHT + 34),
        top=top,
        first=days[0][0],
        last=days[-1][0],
    )
