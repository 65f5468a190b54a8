from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.meetings.models import RSVP, Attendance


@register_exporter("meetings")
def export_meetings(user: User) -> dict[str, Any]:
    return {
        "rsvps": [
            {"meeting": r.meeting.name, "status": r.status, "updated_at": r.updated_at}
            for r in RSVP.objects.filter(user=user).select_related("meeting")
        ],
        "attendance": [
            {
                "meeting": a.meeting.name,
                "date": a.occurrence_date,
                "checked_in_at": a.checked_in_at,
                "confirmed": a.confirmed,
            }
            for a in Attendance.objects.filter(user=user).select_related("meeting")
        ],
    }
