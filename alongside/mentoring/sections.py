"""What mentoring adds to the home page and to a mentor's profile."""

from django.db.models import Exists, Q

from alongside.accounts.models import User
from alongside.accounts.selectors import Relationship, blocks_with
from alongside.core.sections import Section, register_section
from alongside.mentoring.models import MentorProfile, Mentorship, MentorshipRequest


@register_section("home")
def home_section(*, user: User) -> Section | None:
    mentorships = list(
        Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user), status=Mentorship.Status.ACTIVE)
        .exclude(Exists(blocks_with(user, "mentor_id")))
        .exclude(Exists(blocks_with(user, "mentee_id")))
        .select_related("mentor", "mentee")
        .order_by("-started_at")[:7]
    )
    waiting = (
        MentorshipRequest.objects.filter(mentor=user, status=MentorshipRequest.Status.OPEN)
        .exclude(Exists(blocks_with(user, "mentee_id")))
        .count()
    )
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
