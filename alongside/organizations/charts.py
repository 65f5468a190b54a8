"""The dashboard's charts: recovery.charts' bar chart, fed only suppressed figures. A
suppressed month draws no bar and its table row says "fewer than 5"."""

import dataclasses

from django.utils.translation import gettext as _

from alongside.organizations.models import Cohort
from alongside.organizations.selectors import Dashboard, measures
from alongside.recovery.charts import Chart, bar_chart

CHARTED = ("active", "check_ins", "attended")


def cohort_charts(board: Dashboard, cohort: Cohort) -> list[Chart]:
    rows = list(reversed(board.rows_of(cohort)))  # oldest month first
    names = dict(measures())
    charts = []
    for name in CHARTED:
        figures = [row.figures[name] for row in rows]
        values = [int(f.value or 0) for f in figures]
        chart = bar_chart(
            title=_("%(measure)s by month") % {"measure": names[name]},
            description=_("%(cohort)s. Months with fewer than 5 are left blank.")
            % {"cohort": cohort.name},
            labels=[row.month.strftime("%b") for row in rows],
            values=values,
            high=max(5, max(values, default=0)),
            row_labels=[row.label for row in rows],
        )
        charts.append(
            dataclasses.replace(
                chart, rows=[(row.label, f.display) for row, f in zip(rows, figures, strict=True)]
            )
        )
    return charts
