"""Every write in mentoring: becoming a mentor, asking, answering, the mentorship itself and
the guardrails that protect both people."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.actions import grant_role
from alongside.accounts.models import Pathway, Role, User
from alongside.accounts.selectors import blocked_between
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.mentoring import rules
from alongside.mentoring.choices import SLOT_KEYS, Experience, Gender, HelpArea, Language
from alongside.mentoring.models import (
    Cadence,
    Channel,
    CheckInCall,
    EndingFeedback,
    Goal,
    MenteePreferences,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    WellbeingCheck,
)
from alongside.mentoring.selectors import refresh_pool
from alongside.recovery.selectors import member_today

MAX_MESSAGE = 2000
MAX_GOALS = 20
CHECK_IN_HORIZON = timedelta(days=365)
DEFAULT_CRISIS_PLAN = gettext_lazy(
    "If either of us is in danger we call 911. In a crisis we call or text 988, any time. "
    "We don't wait for each other to answer: the “Get help now” link is on every page."
)


class MentoringError(ApplicationError):
    pass


def _text(value: str, *, limit: int, label: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise MentoringError(_("Please write %(what)s.") % {"what": label})
    if len(value) > limit:
        raise MentoringError(
            _("%(what)s can be at most %(limit)d characters (it has %(n)d).")
            % {"what": label.capitalize(), "limit": limit, "n": len(value)}
        )
    return value


def _choices(values: Iterable[str], allowed: Iterable[str], label: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    allowed = set(allowed)
    if any(v not in allowed for v in values):
        raise MentoringError(_("Please choose %(what)s from the list.") % {"what": label})
    return values


def _profile_fields(fields: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, allowed, label in (
        ("pathways", Pathway.values, _("pathways")),
        ("experiences", Experience.values, _("experiences")),
        ("help_with", HelpArea.values, _("what you can help with")),
        ("languages", Language.values, _("languages")),
        ("availability", SLOT_KEYS, _("times")),
    ):
        if name in fields:
            clean[name] = _choices(fields[name], allowed, label)
    if "gender" in fields:
        if fields["gender"] and fields["gender"] not in Gender.values:
            raise MentoringError(_("Please choose a gender from the list, or leave it empty."))
        clean["gender"] = fields["gender"] or ""
    if "about" in fields:
        clean["about"] = _text(fields["about"], limit=600, label=_("about you"), required=False)
    if "capacity" in fields:
        capacity = int(fields["capacity"])
        if not 1 <= capacity <= settings.MENTOR_MAX_CAPACITY:
            raise MentoringError(
                _("Choose between 1 and %(max)d mentees at once.")
                % {"max": settings.MENTOR_MAX_CAPACITY}
            )
        clean["capacity"] = capacity
    for name in ("accepting", "urgent_through"):
        if name in fields:
            clean[name] = bool(fields[name])
    for name in ("contact_start", "contact_end"):
        if name in fields:
            if not isinstance(fields[name], time):
                raise MentoringError(_("Please give contact hours as times of day."))
            clean[name] = fields[name]
    return clean


def _check_contact_hours(profile: MentorProfile) -> None:
    if profile.contact_start == profile.contact_end:
        raise MentoringError(_("Contact hours need a start and an end that differ."))


@transaction.atomic
def become_mentor(*, user: User, agreement: bool, **fields: Any) -> MentorProfile:
    if MentorProfile.objects.filter(user=user).exists():
        raise MentoringError(_("You're already a mentor. You can change your profile here."))
    if not rules.eligibility(user).eligible:
        raise MentoringError(
            _(
                "Mentoring starts after %(days)d days of continuous recovery on one of your "
                "journeys. Your experience matters already: groups and the forum welcome it."
            )
            % {"days": settings.MENTOR_MIN_DAYS}
        )
    if not agreement:
        raise MentoringError(_("Please read and accept the mentor agreement to continue."))
    profile = MentorProfile(
        user=user, agreement_accepted_at=timezone.now(), **_profile_fields(fields)
    )
    _check_contact_hours(profile)
    profile.save()
    grant_role(actor=user, user=user, role=Role.MENTOR)
    refresh_pool()
    log_action(actor=user, action="mentoring.agreement_accepted", target=profile)
    return profile


@transaction.atomic
def update_mentor_profile(*, user: User, **fields: Any) -> MentorProfile:
    profile = MentorProfile.objects.select_for_update().get(user=user)
    for name, value in _profile_fields(fields).items():
        setattr(profile, name, value)
    _check_contact_hours(profile)
    profile.save()
    refresh_pool()
    return profile


@transaction.atomic
def pause_mentoring(*, user: User, until: date, note: str = "") -> MentorProfile:
    profile = MentorProfile.objects.select_for_update().get(user=user)
    today = member_today(user)
    if until < today:
        raise MentoringError(_("Choose a date from today on for the end of your break."))
    if until > today + timedelta(days=180):
        raise MentoringError(_("A break can be up to six months; you can extend it later."))
    profile.paused_until = until
    profile.pause_note = _text(note, limit=300, label=_("a note"), required=False)
    profile.save(update_fields=["paused_until", "pause_note"])
    refresh_pool()
    publish("mentoring.paused", mentor_id=user.pk)
    return profile


@transaction.atomic
def resume_mentoring(*, user: User) -> MentorProfile:
    profile = MentorProfile.objects.select_for_update().get(user=user)
    profile.paused_until = None
    profile.pause_note = ""
    profile.save(update_fields=["paused_until", "pause_note"])
    refresh_pool()
    return profile


@transaction.atomic
def verify_mentor(*, actor: User, mentor: User, verified: bool = True) -> MentorProfile:
    if not actor.has_role(Role.STAFF) and not actor.has_role(Role.ADMIN):
        raise MentoringError(_("Only staff can verify mentors."))
    profile = MentorProfile.objects.select_for_update().get(user=mentor)
    profile.verified_at = timezone.now() if verified else None
    profile.verified_by = actor if verified else None
    profile.save(update_fields=["verified_at", "verified_by"])
    refresh_pool()
    log_action(
        actor=actor,
        action="mentoring.verified" if verified else "mentoring.unverified",
        target=profile,
    )
    return profile


@transaction.atomic
def save_preferences(*, user: User, **fields: Any) -> MenteePreferences:
    clean: dict[str, Any] = {}
    if "pathway" in fields:
        if fields["pathway"] and fields["pathway"] not in Pathway.values:
            raise MentoringError(_("Please choose a pathway from the list."))
        clean["pathway"] = fields["pathway"] or ""
    if "gender_preference" in fields:
        if fields["gender_preference"] and fields["gender_preference"] not in Gender.values:
            raise MentoringError(_("Please choose a gender from the list, or leave it empty."))
        clean["gender_preference"] = fields["gender_preference"] or ""
    for name, allowed, label in (
        ("languages", Language.values, _("languages")),
        ("experiences", Experience.values, _("experiences")),
        ("help_with", HelpArea.values, _("what you'd like help with")),
        ("availability", SLOT_KEYS, _("times")),
    ):
        if name in fields:
            clean[name] = _choices(fields[name], allowed, label)
    if "open_to_introductions" in fields:
        clean["open_to_introductions"] = bool(fields["open_to_introductions"])
    clean["updated_at"] = timezone.now()
    preferences, _created = MenteePreferences.objects.update_or_create(user=user, defaults=clean)
    return preferences


# Asking


def expire_requests(*, now: datetime | None = None) -> int:
    """Open requests older than a week close as expired; the mentee is told gently."""
    now = now or timezone.now()
    expired = list(
        MentorshipRequest.objects.filter(
            status=MentorshipRequest.Status.OPEN, expires_at__lte=now
        ).values_list("pk", flat=True)
    )
    if not expired:
        return 0
    with transaction.atomic():
        count = MentorshipRequest.objects.filter(
            pk__in=expired, status=MentorshipRequest.Status.OPEN
        ).update(status=MentorshipRequest.Status.EXPIRED, responded_at=now)
        for request_id in expired:
            publish("mentoring.request_expired", request_id=request_id)
    return count


def _check_can_ask(mentee: User, mentor: User) -> MentorProfile:
    """Every hard rule for a new request. Someone who can't be asked looks like nobody."""
    if mentee.pk == mentor.pk:
        raise MentoringError(_("You can't be your own mentor, though we like the spirit."))
    profile = MentorProfile.objects.select_for_update().filter(user=mentor).first()
    unavailable = _("That mentor isn't taking new requests right now. Here are others who are.")
    if (
        profile is None
        or not mentor.is_active
        or not rules.is_listed(profile, member_today(mentor))
        or blocked_between(mentee.pk, mentor.pk)
    ):
        raise MentoringError(unavailable)
    if Mentorship.objects.filter(
        mentor=mentor, mentee=mentee, status=Mentorship.Status.ACTIVE
    ).exists():
        raise MentoringError(_("%(mentor)s is already your mentor.") % {"mentor": mentor.handle})
    if not rules.has_room(profile, rules.active_mentee_count(mentor)):
        raise MentoringError(unavailable)
    return profile


@transaction.atomic
def send_request(
    *,
    mentee: User,
    mentor: User,
    message: str,
    commitment: str,
    introduced_by: User | None = None,
) -> MentorshipRequest:
    expire_requests()
    User.objects.select_for_update().filter(pk=mentee.pk).first()  # one request at a time
    _check_can_ask(mentee, mentor)
    if introduced_by is None:  # staff introductions are not the mentee's own requests
        from alongside.moderation.rules import check_not_muted

        check_not_muted(mentee)
    message = _text(message, limit=1200, label=_("your request"))
    commitment = _text(commitment, limit=600, label=_("what you'll bring"))
    open_requests = MentorshipRequest.objects.filter(
        mentee=mentee, status=MentorshipRequest.Status.OPEN
    )
    if open_requests.filter(mentor=mentor).exists():
        raise MentoringError(
            _("Your request to %(mentor)s is still waiting for an answer.")
            % {"mentor": mentor.handle}
        )
    if open_requests.count() >= rules.MAX_OPEN_REQUESTS:
        raise MentoringError(
            _(
                "You have %(n)d requests waiting already. Give them a few days, or withdraw "
                "one, before asking someone else."
            )
            % {"n": rules.MAX_OPEN_REQUESTS}
        )
    now = timezone.now()
    request = MentorshipRequest.objects.create(
        mentee=mentee,
        mentor=mentor,
        message=message,
        commitment=commitment,
        introduced_by=introduced_by,
        created_at=now,
        expires_at=now + timedelta(days=rules.REQUEST_DAYS),
    )
    if introduced_by is not None:
        log_action(actor=introduced_by, action="mentoring.introduced", target=request)
    publish("mentoring.requested", request_id=request.pk)
    return request


@transaction.atomic
def withdraw_request(*, mentee: User, request: MentorshipRequest) -> MentorshipRequest:
    updated = MentorshipRequest.objects.filter(
        pk=request.pk, mentee=mentee, status=MentorshipRequest.Status.OPEN
    ).update(status=MentorshipRequest.Status.WITHDRAWN, responded_at=timezone.now())
    if not updated:
        raise MentoringError(_("That request has already been answered or closed."))
    request.refresh_from_db()
    return request


def default_contact_hours(profile: MentorProfile | None) -> str:
    if profile is None:
        return ""
    return _("Between %(start)s and %(end)s (%(zone)s)") % {
        "start": time_format(profile.contact_start, "TIME_FORMAT"),
        "end": time_format(profile.contact_end, "TIME_FORMAT"),
        "zone": profile.user.timezone.replace("_", " "),
    }


DEFAULT_BOUNDARIES = gettext_lazy(
    "We keep what we share between us, unless someone is in danger. A mentor is a peer, not a "
    "therapist, doctor or sponsor of last resort: for medical or mental-health care we point to "
    "professionals. No money, loans or favours. Either of us can say no, and either of us can "
    "end this kindly."
)


@transaction.atomic
def respond_to_request(
    *, mentor: User, request: MentorshipRequest, accept: bool, response: str = ""
) -> Mentorship | None:
    request = MentorshipRequest.objects.select_for_update().get(pk=request.pk, mentor=mentor)
    if request.status != MentorshipRequest.Status.OPEN or request.expires_at <= timezone.now():
        raise MentoringError(_("That request has already been answered or closed."))
    response = _text(response, limit=600, label=_("a reply"), required=False)
    now = timezone.now()
    mentorship = None
    if accept:
        profile = MentorProfile.objects.select_for_update().select_related("user").get(user=mentor)
        if not rules.has_room(profile, rules.active_mentee_count(mentor)):
            raise MentoringError(
                _(
                    "You're at the number of mentees you chose. To take this request, raise "
                    "your number in your mentor profile, or kindly decline."
                )
            )
        if blocked_between(mentor.pk, request.mentee_id):
            raise MentoringError(_("That request has already been answered or closed."))
        try:
            with transaction.atomic():
                mentorship = Mentorship.objects.create(
                    mentor=mentor,
                    mentee_id=request.mentee_id,
                    request=request,
                    contact_hours=default_contact_hours(profile),
                    boundaries=str(DEFAULT_BOUNDARIES),
                    crisis_plan=str(DEFAULT_CRISIS_PLAN),
                    channels=[Channel.MESSAGES],
                    started_at=now,
                )
        except IntegrityError:
            raise MentoringError(_("You're already mentoring this person.")) from None
        # One mentor at a time: the mentee's other open requests close quietly.
        MentorshipRequest.objects.filter(
            mentee_id=request.mentee_id, status=MentorshipRequest.Status.OPEN
        ).exclude(pk=request.pk).update(status=MentorshipRequest.Status.WITHDRAWN, responded_at=now)
    request.status = (
        MentorshipRequest.Status.ACCEPTED if accept else MentorshipRequest.Status.DECLINED
    )
    request.response = response
    request.responded_at = now
    request.save(update_fields=["status", "response", "responded_at"])
    if accept:
        refresh_pool()
    publish("mentoring.accepted" if accept else "mentoring.declined", request_id=request.pk)
    return mentorship


# The mentorship


def _active(mentorship: Mentorship) -> Mentorship:
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if not locked.is_active:
        raise MentoringError(_("This mentorship has ended."))
    return locked


@transaction.atomic
def update_agreement(
    *,
    user: User,
    mentorship: Mentorship,
    cadence: str,
    channels: list[str],
    contact_hours: str,
    boundaries: str,
    crisis_plan: str,
) -> Mentorship:
    """Saving the agreement confirms it for the one who saved it; the other confirms again."""
    mentorship = _active(mentorship)
    if cadence not in Cadence.values:
        raise MentoringError(_("Please choose how often you'll check in."))
    mentorship.cadence = cadence
    mentorship.channels = _choices(channels, Channel.values, _("how you'll talk"))
    if not mentorship.channels:
        raise MentoringError(_("Please choose at least one way to talk."))
    mentorship.contact_hours = _text(contact_hours, limit=200, label=_("contact hours"))
    mentorship.boundaries = _text(boundaries, limit=1200, label=_("boundaries"))
    mentorship.crisis_plan = _text(crisis_plan, limit=600, label=_("what to do in a crisis"))
    now = timezone.now()
    is_mentor = user.pk == mentorship.mentor_id
    mentorship.mentor_confirmed_at = now if is_mentor else None
    mentorship.mentee_confirmed_at = None if is_mentor else now
    mentorship.save()
    publish("mentoring.agreement_changed", mentorship_id=mentorship.pk, by_id=user.pk)
    return mentorship


@transaction.atomic
def confirm_agreement(*, user: User, mentorship: Mentorship) -> Mentorship:
    mentorship = _active(mentorship)
    now = timezone.now()
    if user.pk == mentorship.mentor_id:
        mentorship.mentor_confirmed_at = mentorship.mentor_confirmed_at or now
    else:
        mentorship.mentee_confirmed_at = mentorship.mentee_confirmed_at or now
    mentorship.save(update_fields=["mentor_confirmed_at", "mentee_confirmed_at"])
    if mentorship.agreed:
        publish("mentoring.agreed", mentorship_id=mentorship.pk, by_id=user.pk)
    return mentorship


@transaction.atomic
def schedule_check_in(*, user: User, mentorship: Mentorship, when: datetime) -> CheckInCall:
    mentorship = _active(mentorship)
    now = timezone.now()
    if when <= now:
        raise MentoringError(_("Choose a time that hasn't passed yet."))
    if when > now + CHECK_IN_HORIZON:
        raise MentoringError(_("Choose a time within the next year."))
    call = CheckInCall.objects.create(mentorship=mentorship, scheduled_for=when)
    publish("mentoring.check_in_scheduled", check_in_id=call.pk, by_id=user.pk)
    return call


@transaction.atomic
def log_check_in(
    *,
    user: User,
    check_in: CheckInCall,
    status: str,
    how_it_went: int | None = None,
    note: str = "",
) -> CheckInCall:
    _active(check_in.mentorship)
    if status not in {
        CheckInCall.Status.DONE,
        CheckInCall.Status.MISSED,
        CheckInCall.Status.CANCELLED,
    }:
        raise MentoringError(_("Please say whether you talked."))
    if how_it_went is not None and how_it_went not in CheckInCall.Feeling.values:
        raise MentoringError(_("Please choose how it went from the list."))
    check_in.status = status
    check_in.how_it_went = how_it_went if status == CheckInCall.Status.DONE else None
    check_in.note = _text(note, limit=MAX_MESSAGE, label=_("a note"), required=False)
    check_in.logged_by = user
    check_in.logged_at = timezone.now()
    check_in.save()
    return check_in


def _mentee_only(user: User, mentorship: Mentorship) -> None:
    if user.pk != mentorship.mentee_id:
        raise MentoringError(_("Goals belong to the mentee: only they add or change them."))


@transaction.atomic
def add_goal(*, user: User, mentorship: Mentorship, title: str) -> Goal:
    mentorship = _active(mentorship)
    _mentee_only(user, mentorship)
    if mentorship.goals.count() >= MAX_GOALS:
        raise MentoringError(_("You can keep up to %(n)d goals here.") % {"n": MAX_GOALS})
    return Goal.objects.create(
        mentorship=mentorship, title=_text(title, limit=200, label=_("a goal"))
    )


@transaction.atomic
def set_goal_done(*, user: User, goal: Goal, done: bool) -> Goal:
    _mentee_only(user, goal.mentorship)
    goal.done_at = timezone.now() if done else None
    goal.save(update_fields=["done_at"])
    if done:
        publish("mentoring.goal_done", goal_id=goal.pk)
    return goal


def delete_goal(*, user: User, goal: Goal) -> None:
    _mentee_only(user, goal.mentorship)
    goal.delete()


@transaction.atomic
def end_mentorship(*, user: User, mentorship: Mentorship) -> Mentorship:
    mentorship = _active(mentorship)
    mentorship.status = Mentorship.Status.ENDED
    mentorship.ended_at = timezone.now()
    mentorship.ended_by = user
    mentorship.save(update_fields=["status", "ended_at", "ended_by"])
    refresh_pool()
    mentorship.check_ins.filter(status=CheckInCall.Status.SCHEDULED).update(
        status=CheckInCall.Status.CANCELLED
    )
    publish("mentoring.ended", mentorship_id=mentorship.pk, by_id=user.pk)
    return mentorship


@transaction.atomic
def leave_feedback(
    *, user: User, mentorship: Mentorship, helpful: bool | None, note: str = ""
) -> EndingFeedback:
    if mentorship.is_active:
        raise MentoringError(_("Feedback is for when a mentorship has ended."))
    feedback, _created = EndingFeedback.objects.update_or_create(
        mentorship=mentorship,
        author=user,
        defaults={
            "helpful": helpful,
            "note": _text(note, limit=1200, label=_("feedback"), required=False),
        },
    )
    return feedback


# Guardrails


@transaction.atomic
def record_wellbeing(
    *, mentor: User, stress: int, sleep: int, own_recovery: int, capacity: int
) -> WellbeingCheck:
    if not MentorProfile.objects.filter(user=mentor).exists():
        raise MentoringError(_("The wellbeing check is for mentors."))
    answers = {"stress": stress, "sleep": sleep, "own_recovery": own_recovery, "capacity": capacity}
    if any(not isinstance(v, int) or not 1 <= v <= 5 for v in answers.values()):
        raise MentoringError(_("Please answer each question from 1 to 5."))
    check, _created = WellbeingCheck.objects.update_or_create(
        mentor=mentor, taken_on=member_today(mentor), defaults=answers
    )
    return check


def send_introductions(
    *, staff: User, pairings: Iterable[tuple[int, int]], message: str, commitment: str
) -> tuple[int, int]:
    """Staff's cohort matching, sent: one request per pairing, on behalf of mentees who said
    staff may introduce them. Each goes through `send_request`, so every rule still holds;
    a pairing that no longer fits (the mentor filled up, a block) is skipped. Returns
    (sent, skipped)."""
    if not staff.has_role(Role.STAFF) and not staff.has_role(Role.ADMIN):
        raise MentoringError(_("Only staff can send introductions."))
    sent = skipped = 0
    for mentee_id, mentor_id in pairings:
        mentee = User.objects.filter(
            pk=mentee_id, mentee_preferences__open_to_introductions=True
        ).first()
        mentor = User.objects.filter(pk=mentor_id).first()
        if mentee is None or mentor is None:
            skipped += 1
            continue
        try:
            send_request(
                mentee=mentee,
                mentor=mentor,
                message=message,
                commitment=commitment,
                introduced_by=staff,
            )
        except MentoringError:
            skipped += 1
        else:
            sent += 1
    return sent, skipped


@transaction.atomic
def close_between(a_id: int, b_id: int) -> None:
    """After a block: active mentorships between the two end and open requests close."""
    pair = Q(mentor_id=a_id, mentee_id=b_id) | Q(mentor_id=b_id, mentee_id=a_id)
    now = timezone.now()
    for mentorship in Mentorship.objects.filter(pair, status=Mentorship.Status.ACTIVE):
        mentorship.status = Mentorship.Status.ENDED
        mentorship.ended_at = now
        mentorship.save(update_fields=["status", "ended_at"])
        mentorship.check_ins.filter(status=CheckInCall.Status.SCHEDULED).update(
            status=CheckInCall.Status.CANCELLED
        )
    refresh_pool()
    MentorshipRequest.objects.filter(pair, status=MentorshipRequest.Status.OPEN).update(
        status=MentorshipRequest.Status.WITHDRAWN, responded_at=now
    )
