from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.recovery.models import (
    CheckIn,
    Congratulation,
    Journey,
    RecoveryCapital,
    TrendSharing,
)


@register_exporter("recovery")
def export_recovery(user: User) -> dict[str, Any]:
    """Everything the recovery journey keeps, with notes and reflections decrypted for the owner."""
    journeys = Journey.objects.filter(user=user).prefetch_related("setbacks", "milestones")
    sharing = TrendSharing.objects.filter(user=user).first()
    return {
        "journeys": [
            {
                "recovering_from": journey.name,
                "pathway": journey.pathway,
                "start_date": journey.start_date,
                "sharing": journey.sharing,
                "show_substance": journey.show_substance,
                "setbacks": [
                    {
                        "previous_start": s.previous_start,
                        "new_start": s.new_start,
                        "reflection": s.reflection,
                        "tell_mentor": s.tell_mentor,
                        "recorded_at": s.recorded_at,
                    }
                    for s in journey.setbacks.all()
                ],
                "milestones": [
                    {"milestone": m.label, "reached_on": m.reached_on}
                    for m in journey.milestones.all()
                ],
            }
            for journey in journeys
        ],
        "check_ins": [
            {
                "day": c.day,
                "mood": c.mood,
                "craving": c.craving,
                "triggers": c.triggers,
                "used": c.used,
                "gratitude": c.gratitude,
                "note": c.note,
            }
            for c in CheckIn.objects.filter(user=user).order_by("day")
        ],
        "recovery_capital": [
            {"taken_on": a.taken_on, "answers": a.answers, "total": a.total}
            for a in RecoveryCapital.objects.filter(user=user).order_by("taken_on")
        ],
        "trends_shared_with_mentor": bool(sharing and sharing.with_mentor),
        # What the member wrote to others: their own words, not whom (the other member's journey
        # is theirs, and may no longer be shared with the sender).
        "congratulations_sent": [
            {"sent_at": c.created_at, "reaction": c.reaction, "message": c.message}
            for c in Congratulation.objects.filter(sender=user).order_by("created_at", "id")
        ],
    }
