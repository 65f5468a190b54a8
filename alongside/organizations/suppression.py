"""Small-number suppression: the one door every figure staff see (page, chart, CSV) goes
through. A count from 0 to 4 is shown as "fewer than 5", so no figure lets staff single out a
person; 0 is suppressed too, because "nobody in the cohort" says something about each member
(docs/decisions.md)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

THRESHOLD = 5


@dataclass(frozen=True)
class Figure:
    value: float | None  # None when suppressed: charts draw nothing, tables say so
    display: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def fewer_than() -> str:
    return _("fewer than %(n)d") % {"n": THRESHOLD}


def suppress(count: int, *, shown: float | None = None, unit: str = "") -> Figure:
    """`count` people or events; `shown` is a figure resting on them (a median time, say),
    shown only when the count is large enough."""
    if count < THRESHOLD:
        return Figure(None, fewer_than())
    value = count if shown is None else shown
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return Figure(value, f"{text} {unit}".strip())
