"""Who hears about what in mentoring. Notifications to a mentor wait for their contact hours."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.accounts.selectors import blocked_between
from alongside.core.events import subscribe
from alongside.mentoring import rules
from alongside.mentoring.models import (
    CheckInCall,
    Goal,
    Mentorship,
    MentorshipRequest,
)
from alongside.notifications.actions import notify
from alongside.notifications.kinds import Kind, register_verb

VERBS = {
    "mentoring.requested": (
        _("%(actor)s would like you to be their sober mentor."),
        _("You have a new mentoring request"),
    ),
    "mentoring.accepted": (
        _("%(actor)s said yes: they'll be your mentor. Next, agree together how it will work."),
        _("You have news about a mentoring request"),
    ),
    "mentoring.declined": (
        _(
            "%(actor)s can't be your mentor right now, and sent you a kind word. Other mentors "
            "could be a good fit."
        ),
        _("You have news about a mentoring request"),
    ),
    "mentoring.request_expired": (
        _(
            "Your request to %(actor)s closed after a week without an answer. That's no "
            "reflection on you; other mentors have room."
        ),
        _("You have news about a mentoring request"),
    ),
    "mentoring.agreement_changed": (
        _("%(actor)s updated your mentoring agreement. Have a look and confirm it."),
        _("You have a mentoring update"),
    ),
    "mentoring.agreed": (
        _("You and %(actor)s both confirmed your mentoring agreement."),
        _("You have a mentoring update"),
    ),
    "mentoring.check_in_scheduled": (
        _("%(actor)s scheduled a check-in with you."),
        _("You have a mentoring update"),
    ),
    "mentoring.check_in_soon": (
        _("Your check-in with %(actor)s is within the hour."),
        _("You have a check-in soon"),
    ),
    "mentoring.goal_done": (
        _("%(actor)s reached a goal: %(goal)s"),
        _("You have a mentoring update"),
    ),
    "mentoring.ended": (
        _(
            "%(actor)s ended your mentorship. Thank you both for the time you shared. "
            "You can leave private feedback, and other mentors have room."
        ),
        _("You have a mentoring update"),
    ),
    "mentoring.paused": (
        _(
            "%(actor)s is taking a short break from mentoring, back around %(until)s. "
            "Your mentorship stays; groups, meetings and “Get help now” are there meanwhile."
        ),
        _("You have a mentoring update"),
    ),
    "mentoring.setback_shared": (
        _("%(actor)s wanted you to know they had a setback. A kind word may help."),
        _("You have a mentoring update"),
    ),
    "mentoring.wellbeing_due": (
        _("Time for your monthly mentor wellbeing check: four quick questions, just for you."),
        _("Your monthly wellbeing check is ready"),
    ),
    "mentoring.widen_network": (
        _(
            "Your mentor is one good person to lean on. A group, a meeting or a few more "
            "connections can make your support stronger. Here are some next steps."
        ),
        _("You have a mentoring update"),
    ),
}
for name, (text, summary) in VERBS.items():
    register_verb(name, kind=Kind.MENTORING, text=text, summary=summary)


def tell(
    *, recipient: User, verb: str, actor: User | None, url: str, key: str = "", **params: Any
) -> None:
    """`notify`, holding email and push to a mentor until their contact hours."""
    hold = None
    if rules.is_mentor(recipient):
        hold = rules.contact_hold(recipient, timezone.now())
    notify(
        recipient=recipient,
        verb=verb,
        actor=actor,
        params=params,
        url=url,
        key=key,
        not_before=hold,
    )


def _request(request_id: int) -> MentorshipRequest | None:
    return (
        MentorshipRequest.objects.select_related("mentee", "mentor").filter(pk=request_id).first()
    )


@subscribe("mentoring.requested")
def tell_mentor_of_request(*, request_id: int) -> None:
    if request := _request(request_id):
        tell(
            recipient=request.mentor,
            verb="mentoring.requested",
            actor=request.mentee,
            url=reverse("mentoring:request", args=[request.pk]),
            key=f"mentoring.requested:{request.pk}",
        )


@subscribe("mentoring.accepted")
@subscribe("mentoring.declined")
def tell_mentee_of_answer(*, request_id: int) -> None:
    request = _request(request_id)
    if request is None:
        return
    accepted = request.status == MentorshipRequest.Status.ACCEPTED
    mentorship = Mentorship.objects.filter(request=request).first()
    url = (
        reverse("mentoring:mentorship", args=[mentorship.pk])
        if accepted and mentorship
        else reverse("mentoring:request", args=[request.pk])
    )
    tell(
        recipient=request.mentee,
        verb="mentoring.accepted" if accepted else "mentoring.declined",
        actor=request.mentor,
        url=url,
        key=f"mentoring.answered:{request.pk}",
    )


@subscribe("mentoring.request_expired")
def tell_mentee_of_expiry(*, request_id: int) -> None:
    if request := _request(request_id):
        tell(
            recipient=request.mentee,
            verb="mentoring.request_expired",
            actor=request.mentor,
            url=reverse("mentoring:finder"),
            key=f"mentoring.expired:{request.pk}",
        )


def _mentorship(mentorship_id: int) -> Mentorship | None:
    return Mentorship.objects.select_related("mentor", "mentee").filter(pk=mentorship_id).first()


def _other(mentorship: Mentorship, user_id: int) -> tuple[User, User]:
    """(the other person, the one who acted)."""
    if user_id == mentorship.mentor_id:
        return mentorship.mentee, mentorship.mentor
    return mentorship.mentor, mentorship.mentee


@subscribe("mentoring.agreement_changed")
@subscribe("mentoring.agreed")
def tell_of_agreement(*, mentorship_id: int, by_id: int) -> None:
    mentorship = _mentorship(mentorship_id)
    if mentorship is None:
        return
    other, actor = _other(mentorship, by_id)
    url = reverse("mentoring:mentorship", args=[mentorship.pk]) + "#agreement"
    verb = "mentoring.agreed" if mentorship.agreed else "mentoring.agreement_changed"
    tell(recipient=other, verb=verb, actor=actor, url=url)


@subscribe("mentoring.check_in_scheduled")
def tell_of_check_in(*, check_in_id: int, by_id: int) -> None:
    call = CheckInCall.objects.filter(pk=check_in_id).first()
    mentorship = _mentorship(call.mentorship_id) if call else None
    if call is None or mentorship is None:
        return
    other, actor = _other(mentorship, by_id)
    tell(
        recipient=other,
        verb="mentoring.check_in_scheduled",
        actor=actor,
        url=reverse("mentoring:mentorship", args=[mentorship.pk]) + "#check-ins",
        key=f"mentoring.check_in_scheduled:{call.pk}",
    )


@subscribe("mentoring.goal_done")
def tell_mentor_of_goal(*, goal_id: int) -> None:
    goal = (
        Goal.objects.select_related("mentorship__mentor", "mentorship__mentee")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        return
    tell(
        recipient=goal.mentorship.mentor,
        verb="mentoring.goal_done",
        actor=goal.mentorship.mentee,
        url=reverse("mentoring:mentorship", args=[goal.mentorship_id]) + "#goals",
        key=f"mentoring.goal_done:{goal.pk}",
        goal=goal.title,
    )


@subscribe("mentoring.ended")
def tell_of_ending(*, mentorship_id: int, by_id: int) -> None:
    mentorship = _mentorship(mentorship_id)
    if mentorship is None or blocked_between(mentorship.mentor_id, mentorship.mentee_id):
        return
    other, actor = _other(mentorship, by_id)
    tell(
        recipient=other,
        verb="mentoring.ended",
        actor=actor,
        url=reverse("mentoring:mentorship", args=[mentorship.pk]),
        key=f"mentoring.ended:{mentorship.pk}",
    )


@subscribe("mentoring.paused")
def tell_mentees_of_pause(*, mentor_id: int) -> None:
    from django.utils.formats import date_format

    from alongside.mentoring.models import MentorProfile

    profile = MentorProfile.objects.select_related("user").filter(user_id=mentor_id).first()
    if profile is None or profile.paused_until is None:
        return
    for mentorship in Mentorship.objects.filter(
        mentor_id=mentor_id, status=Mentorship.Status.ACTIVE
    ).select_related("mentee"):
        tell(
            recipient=mentorship.mentee,
            verb="mentoring.paused",
            actor=profile.user,
            url=reverse("mentoring:mentorship", args=[mentorship.pk]),
            key=f"mentoring.paused:{mentorship.pk}:{profile.paused_until.isoformat()}",
            until=date_format(profile.paused_until, "DATE_FORMAT"),
        )


@subscribe("journey.setback")
def tell_mentor_of_setback(*, setback_id: int, tell_mentor: bool) -> None:
    """Only when the member chose to: the mentor hears that it happened, nothing more."""
    if not tell_mentor:
        return
    from alongside.recovery.models import Setback

    setback = Setback.objects.select_related("journey__user").filter(pk=setback_id).first()
    if setback is None:
        return
    member = setback.journey.user
    for mentorship in Mentorship.objects.filter(
        mentee=member, status=Mentorship.Status.ACTIVE
    ).select_related("mentor"):
        tell(
            recipient=mentorship.mentor,
            verb="mentoring.setback_shared",
            actor=member,
            url=reverse("mentoring:mentorship", args=[mentorship.pk]),
            key=f"mentoring.setback:{setback.pk}:{mentorship.pk}",
        )


@subscribe("member.blocked")
def end_on_block(*, blocker_id: int, blocked_id: int) -> None:
    """A block ends what the two shared in mentoring, quietly: nobody is told who blocked."""
    from alongside.mentoring.actions import close_between

    close_between(blocker_id, blocked_id)
