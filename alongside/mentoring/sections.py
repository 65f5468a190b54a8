"""What mentoring adds to the home page and to a mentor's profile."""

from datetime import date
from typing import Any

from django.db.models import Exists, F, Q, QuerySet

from alongside.accounts.models import User
from alongside.accounts.selectors import Relationship, blocks_with
from alongside.core.prepared import prepared
from alongside.core.sections import Section, count_of, register_facts, register_section
from alongside.mentoring.models import MentorProfile, Mentorship, MentorshipRequest


@register_facts("home")
def home_facts(*, user: User, today: date) -> dict[str, Any]:
    """Whether there are mentorships to list, and the count of requests waiting for this mentor
    (as a fact, so it costs no query of its own)."""
    active = Mentorship.objects.filter(
        Q(mentor=user) | Q(mentee=user), status=Mentorship.Status.ACTIVE
    )
    waiting = MentorshipRequest.objects.filter(
        mentor=user, status=MentorshipRequest.Status.OPEN
    ).exclude(Exists(blocks_with(user, "mentee_id")))
    return {"mentoring_active": Exists(active), "mentoring_waiting": count_of(waiting)}


@prepared
def _mentorships(*, user: User, today: date) -> QuerySet[Mentorship, Any]:
    """The member's active mentorships, either side, minus any across a block either way."""
    return (
        Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user), status=Mentorship.Status.ACTIVE)
        .exclude(Exists(blocks_with(user, "mentor_id")))
        .exclude(Exists(blocks_with(user, "mentee_id")))
        .order_by("-started_at")
        .values(
            "id", "mentor_id", mentor_handle=F("mentor__handle"), mentee_handle=F("mentee__handle")
        )[:7]
    )


@register_section("home")
def home_section(*, user: User, facts: dict[str, Any]) -> Section | None:
    waiting = facts["mentoring_waiting"] or 0
    mentorships = _mentorships.rows(user=user) if facts["mentoring_active"] else []
    if not mentorships and not waiting:
        return None
    return Section(
        "mentoring/home_section.html",
        {"mentorships": mentorships, "waiting": waiting, "viewer": user},
    )


@register_section("profile")
def profile_section(*, viewer: User, member: User, relationship: Relationship) -> Section | None:
    profile = MentorProfile.objects.filter(user=member).first()
    if profile is None:
        return None
    return Section(
        "mentoring/profile_section.html",
        {"mentor_profile": profile, "member": member, "is_self": relationship.is_self},
    )
