# ruff: noqa: E501  (demo data reads best one entry per line)
"""Demo moderation: a few reports waiting in the queue and a few already reviewed (one hidden
with a warning by a group's facilitator, one that needed no action), so a moderator logging
in as morgan sees the queue, the audit log and what members were told."""

from alongside.accounts.models import User
from alongside.discussions import actions as discussions
from alongside.discussions.models import Post, Thread
from alongside.moderation import access, actions
from alongside.moderation.models import Report

# thread title, replier, reply that breaks the guidelines, [(reporter, reason, note)]
OPEN = [
    ("Best mocktail so far?", "gabe", "Mocktails are training wheels. Real recovery is white-knuckling it; stop being so soft.",
     [("river", "harassment", "This felt shaming to people who find mocktails help.")]),
    ("Hi, I'm three days in", "frankie", "Welcome! I have extra detox meds left over, cheap. Message me.",
     [("sam", "substances", "Offering medication to a newcomer on day three."), ("priya", "substances", "")]),
]  # fmt: skip

# thread title, replier, reply, reporter, reason, note, who reviews, [(action, reason)] or a dismissal note
HIDDEN = (
    "Talking to kids about recovery", "ben", "Honestly, if you relapsed around your kids you shouldn't be a parent.",
    "hana", "harassment", "", "jordan",
    [("hide", "Shaming parents who had a setback goes against this group's guidelines."),
     ("warn", "Please speak from your own experience and without judging others' setbacks.")],
)  # fmt: skip
NO_ACTION = (
    "Payday cravings", "alex", "other", "Not sure talking about cravings is allowed here?",
    "morgan", "Talking about cravings is exactly what this place is for.",
)  # fmt: skip


def _reply(users: dict[str, User], title: str, author: str, body: str) -> Post | None:
    thread = Thread.objects.filter(title=title, deleted_at__isnull=True).first()
    if thread is None or author not in users:
        return None
    return discussions.reply(user=users[author], thread=thread, body=body)


def _report(users: dict[str, User], reporter: str, post: Post, reason: str, note: str) -> Report:
    return actions.report(
        reporter=users[reporter], target_type="post", target_id=post.pk, reason=reason, note=note
    )


def load() -> str:
    if Report.objects.exists():
        return "0 reports"
    users = {u.handle: u for u in User.objects.all()}
    if not {"morgan", "jordan", "river", "sam", "hana", "alex", "priya"} <= set(users):
        return "0 reports"
    made = 0
    for title, author, body, reports in OPEN:
        post = _reply(users, title, author, body)
        if post is None:
            continue
        for reporter, reason, note in reports:
            _report(users, reporter, post, reason, note)
            made += 1
    title, author, body, reporter, reason, note, reviewer, decisions = HIDDEN
    post = _reply(users, title, author, body)
    if post is not None:
        made_report = _report(users, reporter, post, reason, note)
        found = access.access_item_for_user(users[reviewer], made_report.item_id)
        for action, why in decisions:
            actions.act(reviewer=users[reviewer], access=found, action=action, reason=why)
        made += 1
    title, reporter, reason, note, reviewer, why = NO_ACTION
    opening = Post.objects.filter(thread__title=title, is_opening=True).first()
    if opening is not None:
        made_report = _report(users, reporter, opening, reason, note)
        found = access.access_item_for_user(users[reviewer], made_report.item_id)
        actions.dismiss(reviewer=users[reviewer], access=found, reason=why)
        made += 1
    return f"{made} reports"
