from typing import Any

from django.db.models import Q

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.mentoring.models import (
    EndingFeedback,
    MenteePreferences,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    WellbeingCheck,
)


@register_exporter("mentoring")
def export_mentoring(user: User) -> dict[str, Any]:
    """The member's mentoring: their profile and preferences, requests, mentorships with their
    check-ins and goals, and their own feedback and wellbeing checks. (Messages between the two
    are in the "messages" section, with every conversation.)"""
    profile = MentorProfile.objects.filter(user=user).values().first()
    preferences = MenteePreferences.objects.filter(user=user).values().first()
    requests = MentorshipRequest.objects.filter(Q(mentee=user) | Q(mentor=user)).select_related(
        "mentee", "mentor"
    )
    mentorships = (
        Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user))
        .select_related("mentee", "mentor")
        .prefetch_related("check_ins", "goals")
    )
    return {
        "mentor_profile": profile,
        "preferences": preferences,
        "requests": [
            {
                "from": r.mentee.handle,
                "to": r.mentor.handle,
                "message": r.message,
                "commitment": r.commitment,
                "status": r.status,
                "reply": r.response,
                "sent_at": r.created_at,
            }
            for r in requests
        ],
        "mentorships": [
            {
                "mentor": m.mentor.handle,
                "mentee": m.mentee.handle,
                "status": m.status,
                "started_at": m.started_at,
                "ended_at": m.ended_at,
                "agreement": {
                    "cadence": m.cadence,
                    "channels": m.channels,
                    "contact_hours": m.contact_hours,
                    "boundaries": m.boundaries,
                    "crisis_plan": m.crisis_plan,
                },
                "check_ins": [
                    {
                        "scheduled_for": c.scheduled_for,
                        "status": c.status,
                        "how_it_went": c.how_it_went,
                        "note": c.note,
                    }
                    for c in m.check_ins.all()
                ],
                "goals": [{"goal": g.title, "done_at": g.done_at} for g in m.goals.all()],
            }
            for m in mentorships
        ],
        "my_feedback": list(
            EndingFeedback.objects.filter(author=user).values("helpful", "note", "created_at")
        ),
        "wellbeing_checks": list(
            WellbeingCheck.objects.filter(mentor=user).values(
                "taken_on", "stress", "sleep", "own_recovery", "capacity"
            )
        ),
    }
