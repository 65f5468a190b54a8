"""Reads for the queue, an item's page, notices, reports and the audit log: bounded queries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.core.models import AuditLogEntry
from alongside.moderation.access import ItemAccess, items_visible_to
from alongside.moderation.models import ModAction, Report, ReviewItem, TargetType
from alongside.moderation.targets import Target, load

CONTEXT_MESSAGES = 3


def queue(user: User, *, resolved: bool = False, limit: int = 100) -> list[ReviewItem]:
    status = ReviewItem.Status.RESOLVED if resolved else ReviewItem.Status.OPEN
    items: QuerySet[ReviewItem] = (
        items_visible_to(user)
        .filter(status=status)
        .select_related("member", "group", "crisis_flag")
        .annotate(report_count=Count("reports"))
    )
    order = ["-resolved_at"] if resolved else ["priority", "created_at"]
    return list(items.order_by(*order, "id")[:limit])


@dataclass
class ItemPage:
    access: ItemAccess
    target: Target | None
    reports: list[Report]
    context: list[Any] = field(default_factory=list)  # messages around a reported one
    decisions: list[ModAction] = field(default_factory=list)
    private: bool = False  # a crisis flag in a private place: no words, only who


def item_page(access: ItemAccess) -> ItemPage:
    item = access.item
    target = None
    if item.target_type != TargetType.ACTION:
        target = load(item.target_type, item.target_id)
    reports = list(item.reports.select_related("reporter").order_by("created_at"))
    page = ItemPage(access, target, reports)
    if item.target_type in (TargetType.CHECK_IN, TargetType.SUPPORT):
        page.private = True
    elif item.target_type == TargetType.MESSAGE and target is not None:
        if item.kind == ReviewItem.Kind.FLAG and item.crisis_flag_id:
            page.private = True  # crisis words in a private place are not read
        else:
            page.context = message_context(target.obj)
    if item.target_type != TargetType.ACTION:
        page.decisions = list(
            ModAction.objects.filter(target_type=item.target_type, target_id=item.target_id)
            .select_related("moderator", "reversed_by")
            .order_by("created_at")
        )
    return page


def message_context(message: Any) -> list[Any]:
    """The reported message with up to three messages before and after it, never more."""
    from alongside.messaging.models import Message

    around = Message.objects.filter(conversation_id=message.conversation_id).select_related(
        "author"
    )
    before = list(around.filter(pk__lt=message.pk).order_by("-pk")[:CONTEXT_MESSAGES])
    after = list(around.filter(pk__gt=message.pk).order_by("pk")[:CONTEXT_MESSAGES])
    return [*reversed(before), message, *after]


def my_reports(user: User) -> list[Report]:
    return list(
        Report.objects.filter(reporter=user).select_related("item").order_by("-created_at")[:100]
    )


def notices_for(user: User) -> list[ModAction]:
    actions: list[ModAction] = list(
        ModAction.objects.filter(member=user)
        .annotate(appealed=Count("appeals"))
        .order_by("-created_at")[:100]
    )
    return actions


def appeal_of(action: ModAction) -> ReviewItem | None:
    return action.appeals.first()


LOG_LABELS = {
    "moderation.hide": _("Hid it"),
    "moderation.edit_title": _("Edited the title"),
    "moderation.lock": _("Closed the thread to replies"),
    "moderation.warn": _("Warned the member"),
    "moderation.mute": _("Muted the member"),
    "moderation.suspend": _("Suspended the account"),
    "moderation.ban": _("Closed the account"),
    "moderation.hide_reversed": _("Restored it"),
    "moderation.lock_reversed": _("Reopened the thread"),
    "moderation.edit_title_reversed": _("Put the old title back"),
    "moderation.warn_reversed": _("Withdrew the warning"),
    "moderation.mute_reversed": _("Lifted the mute"),
    "moderation.suspend_reversed": _("Lifted the suspension"),
    "moderation.ban_reversed": _("Reopened the account"),
    "moderation.dismissed": _("Reviewed: no action needed"),
    "moderation.appealed": _("Appealed a decision"),
    "moderation.appeal_upheld": _("Kept the decision after an appeal"),
    "moderation.appeal_reversed": _("Reversed the decision after an appeal"),
}


def audit_log(limit: int = 200) -> list[AuditLogEntry]:
    entries = list(
        AuditLogEntry.objects.filter(action__startswith="moderation.")
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    for entry in entries:
        entry.label = str(LOG_LABELS.get(entry.action, entry.action))  # type: ignore[attr-defined]
    return entries


def crisis_url(item: ReviewItem, target: Target | None) -> str:
    if item.target_type == TargetType.POST and target is not None:
        return target.url
    return ""


def subject_url(item: ReviewItem) -> str:
    return reverse("moderation:item", args=[item.pk])
