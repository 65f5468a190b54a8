"""Server-side SVG charts: no chart library, nothing from another host, a table beside each."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 600, 180, 32, 24, 8


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    lines: list[str]  # SVG polyline "points", one per unbroken run of days
    dots: list[tuple[float, float]]
    bars: list[tuple[float, float, float, float]]  # x, y, width, height
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    rows: list[tuple[str, str]]  # the same data as a table: (label, value)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not self.rows


def _x(index: int, count: int) -> float:
    span = WIDTH - PAD_LEFT - 8
    return round(PAD_LEFT + span * index / max(count - 1, 1), 1)


def _y(value: float, low: float, high: float) -> float:
    span = HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(HEIGHT - PAD_BOTTOM - span * (value - low) / (high - low), 1)


def _x_ticks(start: date, days: int) -> list[tuple[float, str]]:
    step = max(days // 4, 1)
    return [
        (_x(i, days), date_format(start + timedelta(days=i), "M j")) for i in range(0, days, step)
    ]


def line_chart(
    *,
    title: str,
    description: str,
    start: date,
    days: int,
    values: dict[date, float],
    low: float,
    high: float,
    ticks: Sequence[float],
) -> Chart:
    """A line over `days` days from `start`; days without a value break the line."""
    lines, run, dots = [], [], []
    for index in range(days):
        day = start + timedelta(days=index)
        if day in values:
            point = (_x(index, days), _y(values[day], low, high))
            run.append(f"{point[0]},{point[1]}")
            dots.append(point)
        elif run:
            lines.append(" ".join(run))
            run = []
    if run:
        lines.append(" ".join(run))
    rows = [(day.isoformat(), f"{values[day]:g}") for day in sorted(values)]
    return Chart(
        title=title,
        description=description,
        lines=[line for line in lines if " " in line],
        dots=dots,
        bars=[],
        y_ticks=[(_y(t, low, high), f"{t:g}") for t in ticks],
        x_ticks=_x_ticks(start, days),
        rows=rows,
    )


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int],
    high: int,
    row_labels: Sequence[str] | None = None,
) -> Chart:
    """One bar per value; `labels` go under the bars, `row_labels` (if longer, e.g. a week's
    first and last day) name the rows of the table."""
    count = len(values)
    slot = (WIDTH - PAD_LEFT - 8) / max(count, 1)
    bars = []
    for index, value in enumerate(values):
        top = _y(value, 0, high)
        bars.append(
            (
                round(PAD_LEFT + slot * index + 2, 1),
                top,
                round(slot - 4, 1),
                round(HEIGHT - PAD_BOTTOM - top, 1),
            )
        )
    step = max(count // 4, 1)
    return Chart(
        title=title,
        description=description,
        lines=[],
        dots=[],
        bars=bars,
        y_ticks=[(_y(t, 0, high), str(t)) for t in (0, high // 2, high)],
        x_ticks=[(round(PAD_LEFT + slot * i + 2, 1), labels[i]) for i in range(0, count, step)],
        rows=list(zip(row_labels or labels, [str(v) for v in values], strict=True))
        if any(values)
        else [],
    )
