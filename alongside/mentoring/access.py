"""The only ways to fetch a mentoring object someone asks for. Missing and forbidden look the
same (404): a request, a mentorship or a goal exists only for the two people in it."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from alongside.accounts.models import Block, User
from alongside.accounts.selectors import members_visible_to
from alongside.mentoring.models import (
    CheckInCall,
    Goal,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
)


def _not_blocked(a_field: str, b_field: str) -> Exists:
    return Exists(
        Block.objects.filter(
            Q(blocker=OuterRef(a_field), blocked=OuterRef(b_field))
            | Q(blocker=OuterRef(b_field), blocked=OuterRef(a_field))
        )
    )


def access_request_for_user(user: User, request_id: int) -> MentorshipRequest:
    request = (
        MentorshipRequest.objects.select_related("mentee__profile", "mentor__profile")
        .filter(Q(mentee=user) | Q(mentor=user), pk=request_id)
        .exclude(_not_blocked("mentee", "mentor"))
        .first()
    )
    if request is None:
        raise Http404
    return request


def access_mentorship_for_user(user: User, mentorship_id: int) -> Mentorship:
    mentorship = (
        Mentorship.objects.select_related("mentor__profile", "mentee__profile")
        .filter(Q(mentee=user) | Q(mentor=user), pk=mentorship_id)
        .exclude(_not_blocked("mentee", "mentor"))
        .first()
    )
    if mentorship is None:
        raise Http404
    return mentorship


def access_check_in_for_user(user: User, mentorship: Mentorship, check_in_id: int) -> CheckInCall:
    check_in = CheckInCall.objects.filter(pk=check_in_id, mentorship=mentorship).first()
    if check_in is None:
        raise Http404
    check_in.mentorship = mentorship
    return check_in


def access_goal_for_mentee(user: User, mentorship: Mentorship, goal_id: int) -> Goal:
    """Goals are the mentee's: only they may change one (the mentor sees it, nothing more)."""
    goal = Goal.objects.filter(pk=goal_id, mentorship=mentorship).first()
    if goal is None or mentorship.mentee_id != user.pk:
        raise Http404
    goal.mentorship = mentorship
    return goal


def access_mentor_for_user(user: User, handle: str) -> MentorProfile:
    """A mentor someone may read about and ask: listed, active and not blocked either way."""
    mentor = members_visible_to(user).filter(handle__iexact=handle).first()
    profile = (
        MentorProfile.objects.select_related("user__profile").filter(user=mentor).first()
        if mentor is not None
        else None
    )
    if profile is None:
        raise Http404
    return profile


def require_staff(user: User) -> None:
    """Staff pages look missing to everyone else."""
    from alongside.accounts.models import Role

    if not (user.has_role(Role.STAFF) or user.has_role(Role.ADMIN)):
        raise Http404
