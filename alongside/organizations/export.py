"""Download my data: the alumni program's part."""

from typing import Any

from alongside.core.exports import register_exporter
from alongside.organizations.models import CheckOnMe, CohortMembership, OutreachNote


@register_exporter("alumni_program")
def export(user: Any) -> dict[str, Any]:
    return {
        "cohorts": [
            {"organisation": m.organization.name, "cohort": m.cohort.name, "joined": m.joined_at}
            for m in CohortMembership.objects.filter(user=user).select_related(
                "organization", "cohort"
            )
        ],
        "check_on_me": [
            {
                "organisation": c.organization.name,
                "after_days_without_check_in": c.quiet_days if c.when_quiet else None,
                "high_craving": c.when_craving,
                "unanswered_support_request": c.when_unanswered,
                "since": c.created_at,
            }
            for c in CheckOnMe.objects.filter(user=user).select_related("organization")
        ],
        "outreach_notes": [
            {"organisation": n.organization.name, "note": n.body, "written": n.created_at}
            for n in OutreachNote.objects.filter(member=user).select_related("organization")
        ],
    }
