"""Every write of moderation: reports, automatic flags, decisions and their reversal, appeals.
Each decision is in the audit log (who, what, when, why) and tells the affected member."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.moderation.access import ItemAccess
from alongside.moderation.models import (
    PRIORITY,
    REPORT_REASONS,
    GuidelinesAcceptance,
    ModAction,
    Reason,
    Report,
    ReviewItem,
    TargetType,
)
from alongside.moderation.targets import Target, load, resolve_for_reporter

NOTE_MAX = 1000
REASON_MAX = 500
APPEAL_MAX = 2000
TITLE_MAX = 200
MAX_DAYS = 365


class ModerationError(ApplicationError):
    pass


def _text(value: str, *, limit: int, required: bool, what: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ModerationError(_("Please write %(what)s.") % {"what": what})
    if len(value) > limit:
        raise ModerationError(_("Keep %(what)s to %(n)d characters.") % {"what": what, "n": limit})
    return value


def accept_guidelines(*, user: User) -> None:
    GuidelinesAcceptance.objects.get_or_create(user=user)


def _open_item(
    *, kind: str, target: Target, reason: str, detail: dict | None = None, crisis_flag=None
) -> tuple[ReviewItem, bool]:
    """The open item for this target (one per kind), made if needed; urgency only rises."""
    priority = PRIORITY.get(reason, 5)
    if crisis_flag is not None and crisis_flag.urgent:
        priority = PRIORITY["crisis_urgent"]
    existing = (
        ReviewItem.objects.select_for_update()
        .filter(kind=kind, target_type=target.type, target_id=target.id, status="open")
        .first()
    )
    if existing is not None:
        if priority < existing.priority:
            existing.priority, existing.reason = priority, reason
            existing.save(update_fields=["priority", "reason"])
        return existing, False
    try:
        with transaction.atomic():
            item = ReviewItem.objects.create(
                kind=kind,
                reason=reason,
                priority=priority,
                target_type=target.type,
                target_id=target.id,
                member=target.member,
                group=None if crisis_flag is not None else target.group,
                crisis_flag=crisis_flag,
                detail=detail or {},
            )
    except IntegrityError:  # a report at the same moment made it
        item = ReviewItem.objects.get(
            kind=kind, target_type=target.type, target_id=target.id, status="open"
        )
        return item, False
    return item, True


@transaction.atomic
def report(
    *, reporter: User, target_type: str, target_id: int, reason: str, note: str = ""
) -> Report:
    if reason not in REPORT_REASONS:
        raise ModerationError(_("Choose a reason from the list."))
    note = _text(note, limit=NOTE_MAX, required=False, what=_("the note"))
    target = resolve_for_reporter(reporter, target_type, target_id)
    if target.member is not None and target.member.pk == reporter.pk:
        raise ModerationError(_("That's yours, so there's nothing to report."))
    if Report.objects.filter(
        reporter=reporter, target_type=target.type, target_id=target.id
    ).exists():
        raise ModerationError(
            _("You've already reported this. Thank you: it's with the moderators.")
        )
    item, created = _open_item(kind=ReviewItem.Kind.REPORT, target=target, reason=reason)
    made = Report.objects.create(
        item=item,
        reporter=reporter,
        target_type=target.type,
        target_id=target.id,
        reason=reason,
        note=note,
    )
    publish("moderation.item_opened", item_id=item.pk, created=created)
    return made


@transaction.atomic
def flag(
    *, target: Target, reason: str, detail: dict | None = None, crisis_flag=None
) -> ReviewItem:
    """An automatic flag (crisis language, spam, contact details, identifying details)."""
    item, created = _open_item(
        kind=ReviewItem.Kind.FLAG, target=target, reason=reason, detail=detail,
        crisis_flag=crisis_flag,
    )  # fmt: skip
    if created and crisis_flag is None:  # crisis flags already alerted the moderators
        publish("moderation.item_opened", item_id=item.pk, created=True)
    return item


def _resolve(item: ReviewItem, *, reviewer: User, outcome: str) -> None:
    if item.status == ReviewItem.Status.RESOLVED:
        return
    item.status, item.outcome = ReviewItem.Status.RESOLVED, outcome
    item.resolved_at, item.resolved_by = timezone.now(), reviewer
    item.save(update_fields=["status", "outcome", "resolved_at", "resolved_by"])
    if item.crisis_flag_id:
        from alongside.support.actions import review_flag
        from alongside.support.models import CrisisFlag

        flag = CrisisFlag.objects.filter(pk=item.crisis_flag_id, reviewed_at__isnull=True).first()
        if flag is not None:  # "looked after": the flag's own audit entry, as before
            review_flag(moderator=reviewer, flag=flag)
    publish("moderation.item_resolved", item_id=item.pk)


@transaction.atomic
def dismiss(*, reviewer: User, access: ItemAccess, reason: str) -> None:
    reason = _text(reason, limit=REASON_MAX, required=False, what=_("the reason"))
    item = access.item
    if not item.is_open:
        raise ModerationError(_("This was already reviewed."))
    _resolve(item, reviewer=reviewer, outcome=ReviewItem.Outcome.NO_ACTION)
    log_action(actor=reviewer, action="moderation.dismissed", target=item, reason=reason)


def _thread_of(target: Target):
    from alongside.discussions.models import Thread

    if target.type != TargetType.POST:
        raise ModerationError(_("That can only be done to a thread."))
    return Thread.objects.get(pk=target.obj.thread_id)


def _in_force(kind: str, target: Target) -> ModAction | None:
    return (
        ModAction.objects.filter(
            kind=kind, target_type=target.type, target_id=target.id, reversed_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def _set_hidden(target: Target, hidden: bool) -> None:
    if target.type == TargetType.POST:
        from alongside.discussions.actions import set_post_hidden

        set_post_hidden(post=target.obj, hidden=hidden)
    elif target.type == TargetType.STRATEGY:
        from alongside.forum.models import Strategy

        Strategy.objects.filter(pk=target.id).update(hidden_at=timezone.now() if hidden else None)
    else:
        raise ModerationError(_("Only posts and strategies can be hidden."))


@transaction.atomic
def act(
    *,
    reviewer: User,
    access: ItemAccess,
    action: str,
    reason: str,
    title: str = "",
    days: int | None = None,
) -> ModAction | None:
    """Take one decision on a review item's subject. Returns the decision (None for a
    reversal, which marks the earlier decision instead)."""
    if not access.may(action):
        raise ModerationError(_("Only moderators can do that."))
    reason = _text(reason, limit=REASON_MAX, required=True, what=_("the reason"))
    item = access.item
    target = load(item.target_type, item.target_id)
    if target is None:
        raise ModerationError(_("That's gone already: there is nothing left to act on."))
    if action == "restore":
        earlier = _in_force(ModAction.Kind.HIDE, target)
        if earlier is None:
            raise ModerationError(_("That isn't hidden."))
        reverse_action(reviewer=reviewer, action=earlier, reason=reason)
        return None
    if action == "unlock":
        earlier = _in_force(ModAction.Kind.LOCK, target)
        if earlier is None:
            raise ModerationError(_("That thread isn't closed."))
        reverse_action(reviewer=reviewer, action=earlier, reason=reason)
        return None
    member = target.member
    data: dict = {}
    until = None
    if action == "hide":
        if _in_force(ModAction.Kind.HIDE, target) is not None:
            raise ModerationError(_("That's hidden already."))
        _set_hidden(target, True)
    elif action == "edit_title":
        thread = _thread_of(target)
        new = _text(title, limit=TITLE_MAX, required=True, what=_("the new title"))
        data = {"old": thread.title, "new": new}
        type(thread).objects.filter(pk=thread.pk).update(title=new)
    elif action == "lock":
        thread = _thread_of(target)
        if thread.locked:
            raise ModerationError(_("That thread is closed already."))
        type(thread).objects.filter(pk=thread.pk).update(locked=True)
    elif action in ("warn", "mute", "suspend", "ban"):
        if member is None:
            raise ModerationError(_("There's no member to do that to."))
        if member.pk == reviewer.pk:
            raise ModerationError(_("You can't do that to yourself."))
        if action in ("mute", "suspend"):
            if days is None or not 1 <= days <= MAX_DAYS:
                raise ModerationError(_("Choose how many days, from 1 to %(n)d.") % {"n": MAX_DAYS})
            until = timezone.now() + timedelta(days=days)
        if action in ("suspend", "ban"):
            User.objects.filter(pk=member.pk).update(is_active=False)
    else:
        raise ModerationError(_("Choose one of the actions."))
    decision = ModAction.objects.create(
        kind=action,
        moderator=reviewer,
        member=member,
        target_type=target.type,
        target_id=target.id,
        item=item,
        reason=reason,
        until=until,
        data=data,
    )
    _resolve(item, reviewer=reviewer, outcome=ReviewItem.Outcome.ACTION)
    log_action(
        actor=reviewer,
        action=f"moderation.{action}",
        target=decision,
        reason=reason,
        item=item.pk,
        member=member.pk if member else None,
        subject=f"{target.type}:{target.id}",
        until=until.isoformat() if until else None,
        **data,
    )
    publish("moderation.acted", action_id=decision.pk)
    return decision


@transaction.atomic
def reverse_action(*, reviewer: User, action: ModAction, reason: str) -> None:
    reason = _text(reason, limit=REASON_MAX, required=True, what=_("the reason"))
    action = ModAction.objects.select_for_update().get(pk=action.pk)
    if action.reversed_at is not None:
        raise ModerationError(_("That decision was already reversed."))
    target = load(action.target_type, action.target_id) if action.target_id else None
    if action.kind == ModAction.Kind.HIDE and target is not None:
        _set_hidden(target, False)
    elif action.kind == ModAction.Kind.LOCK and target is not None:
        thread = _thread_of(target)
        type(thread).objects.filter(pk=thread.pk).update(locked=False)
    elif action.kind == ModAction.Kind.EDIT_TITLE and target is not None:
        thread = _thread_of(target)
        type(thread).objects.filter(pk=thread.pk).update(title=action.data.get("old", ""))
    elif action.kind in (ModAction.Kind.SUSPEND, ModAction.Kind.BAN) and action.member_id:
        others = (
            ModAction.objects.filter(
                member_id=action.member_id,
                kind__in=[ModAction.Kind.SUSPEND, ModAction.Kind.BAN],
                reversed_at__isnull=True,
            )
            .exclude(pk=action.pk)
            .filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))
        )
        if not others.exists():
            User.objects.filter(pk=action.member_id).update(is_active=True)
    action.reversed_at, action.reversed_by = timezone.now(), reviewer
    action.reversal_reason = reason
    action.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    log_action(
        actor=reviewer,
        action=f"moderation.{action.kind}_reversed",
        target=action,
        reason=reason,
        member=action.member_id,
    )
    publish("moderation.reversed", action_id=action.pk)


@transaction.atomic
def appeal(*, member: User, action: ModAction, text: str) -> ReviewItem:
    text = _text(text, limit=APPEAL_MAX, required=True, what=_("why you're appealing"))
    if action.member_id != member.pk:
        raise ModerationError(_("You can only appeal decisions about you."))
    # Locked and read again: two appeals at once make one, and a reversal just now counts.
    action = ModAction.objects.select_for_update().get(pk=action.pk)
    if action.reversed_at is not None:
        raise ModerationError(_("That decision was already reversed."))
    if ReviewItem.objects.filter(kind=ReviewItem.Kind.APPEAL, action=action).exists():
        raise ModerationError(_("You've appealed this decision already. A moderator will answer."))
    item = ReviewItem.objects.create(
        kind=ReviewItem.Kind.APPEAL,
        reason=Reason.APPEAL,
        priority=PRIORITY[Reason.APPEAL],
        target_type=TargetType.ACTION,
        target_id=action.pk,
        member=member,
        action=action,
        appeal_text=text,
    )
    log_action(actor=member, action="moderation.appealed", target=action)
    publish("moderation.item_opened", item_id=item.pk, created=True)
    return item


@transaction.atomic
def decide_appeal(*, reviewer: User, access: ItemAccess, reverse: bool, reason: str) -> None:
    item = access.item
    if item.kind != ReviewItem.Kind.APPEAL or item.action is None or not access.moderator:
        raise ModerationError(_("Only moderators decide appeals."))
    if not item.is_open:
        raise ModerationError(_("This appeal was already decided."))
    if item.action.moderator_id == reviewer.pk and not reverse:
        # Someone else should look again, unless the one who decided changes their mind.
        raise ModerationError(_("Another moderator should keep a decision you took."))
    reason = _text(reason, limit=REASON_MAX, required=True, what=_("the reason"))
    if reverse:
        reverse_action(reviewer=reviewer, action=item.action, reason=reason)
    _resolve(
        item,
        reviewer=reviewer,
        outcome=ReviewItem.Outcome.REVERSED if reverse else ReviewItem.Outcome.UPHELD,
    )
    log_action(
        actor=reviewer,
        action="moderation.appeal_reversed" if reverse else "moderation.appeal_upheld",
        target=item.action,
        reason=reason,
        member=item.member_id,
    )
    publish("moderation.appeal_decided", item_id=item.pk)


def lift_expired_suspensions() -> int:
    """Suspensions end by themselves: the member can log in again. Only an account this
    suspension closed opens again: each ended suspension is lifted once (marked in its data),
    so an account closed later for another reason (a ban, an admin, the member) stays closed,
    and so does one with another suspension or a ban still in force."""
    now = timezone.now()
    with transaction.atomic():
        ended = list(
            ModAction.objects.select_for_update()
            .filter(kind=ModAction.Kind.SUSPEND, reversed_at__isnull=True, until__lte=now)
            .exclude(data__has_key="lifted_at")
        )
        if not ended:
            return 0
        still = (
            ModAction.objects.filter(
                kind__in=[ModAction.Kind.SUSPEND, ModAction.Kind.BAN], reversed_at__isnull=True
            )
            .filter(Q(until__isnull=True) | Q(until__gt=now))
            .values("member_id")
        )
        reopened = (
            User.objects.filter(pk__in={a.member_id for a in ended}, is_active=False)
            .exclude(pk__in=still)
            .update(is_active=True)
        )
        for action in ended:
            action.data = {**action.data, "lifted_at": now.isoformat()}
            action.save(update_fields=["data"])
    return reopened
