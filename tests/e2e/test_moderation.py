"""Moderation in a browser: river reports a post, morgan hides it and warns its author, the
author appeals, morgan restores it, and the audit log shows each step. Every page axe-checked."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from alongside.accounts.models import Role
from alongside.discussions import actions as discussions
from alongside.discussions.models import Board
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, follow, label, log_in, visit

pytestmark = pytest.mark.browser

UNKIND = "Honestly, if you slipped again you weren't trying."


def test_report_hide_warn_appeal_restore_all_in_the_audit_log(open_page: OpenPage, site: str):
    ensure_categories(Board, Category)  # browser tests flush the tables the migration seeded
    make_member("river")
    sam = make_member("sam")
    make_member("morgan", Role.MODERATOR)
    board = Category.objects.get(slug="cravings-and-triggers").board
    jamie = make_member("jamie")
    thread = discussions.start_thread(
        user=jamie, board=board, title="Weekends", body="I slipped again on Saturday."
    )
    discussions.reply(user=sam, thread=thread, body=UNKIND)
    thread_url = site + reverse("discussions:thread", args=[thread.pk])

    # river reports the post
    river = open_page()
    log_in(river, site, "river")
    visit(river, thread_url)
    follow(river, river.get_by_role("link", name="Report this post by sam"))
    expect(river.get_by_role("heading", level=1)).to_have_text("Report")
    river.get_by_label("Harassment or bullying").check()
    river.get_by_label(label("Anything moderators should know (optional)")).fill(
        "This shames people who had a setback."
    )
    follow(river, river.get_by_role("button", name="Send report"))
    expect(river.get_by_role("heading", level=1)).to_have_text("Your reports")
    expect(river.get_by_role("main")).to_contain_text("Nobody is told who reported")
    expect(river.get_by_role("main")).to_contain_text("Waiting for review")

    # morgan hides it and warns sam
    morgan = open_page()
    log_in(morgan, site, "morgan")
    visit(morgan, f"{site}/moderation/")
    expect(morgan.get_by_role("main")).to_contain_text("Harassment or bullying")
    follow(morgan, morgan.get_by_role("link", name=re.compile(r"^Review item \d+$")))
    expect(morgan.get_by_role("main")).to_contain_text(UNKIND)
    expect(morgan.get_by_role("main")).to_contain_text("This shames people who had a setback.")
    morgan.get_by_label(label("Action")).select_option("hide")
    morgan.get_by_label(label("Reason")).first.fill("Shaming a setback breaks guideline 1.")
    follow(morgan, morgan.get_by_role("button", name="Do it"))
    expect(morgan.get_by_role("main")).to_contain_text("Done. It's in the audit log.")
    expect(morgan.get_by_role("main")).to_contain_text("Hidden")
    morgan.get_by_label(label("Action")).select_option("warn")
    morgan.get_by_label(label("Reason")).first.fill("Please speak from your own experience.")
    follow(morgan, morgan.get_by_role("button", name="Do it"))
    expect(morgan.get_by_role("region", name="Decisions so far")).to_contain_text("Warning")

    visit(river, thread_url)
    expect(river.get_by_role("main")).not_to_contain_text(UNKIND)
    visit(river, f"{site}/moderation/reports/")
    expect(river.get_by_role("main")).to_contain_text("a moderator took action")

    # sam sees both notices and appeals the hiding
    author = open_page()
    log_in(author, site, "sam")
    visit(author, thread_url)
    expect(author.get_by_role("main")).to_contain_text("Hidden by a moderator")
    visit(author, f"{site}/moderation/notices/")
    expect(author.get_by_role("main")).to_contain_text("Warning")
    follow(author, author.get_by_role("link", name="Hidden"))
    expect(author.get_by_role("main")).to_contain_text("Shaming a setback breaks guideline 1.")
    author.get_by_label(label("Why should a moderator look again?")).fill(
        "I meant it about myself, not anyone here. I'll reword it."
    )
    follow(author, author.get_by_role("button", name="Send appeal"))
    expect(author.get_by_role("main")).to_contain_text("Your appeal is with the moderators")
    expect(author.get_by_role("button", name="Send appeal")).to_have_count(0)  # once

    # morgan restores it
    visit(morgan, f"{site}/moderation/")
    expect(morgan.get_by_role("main")).to_contain_text("An appeal")
    follow(morgan, morgan.get_by_role("link", name=re.compile(r"^Review item \d+$")))
    expect(morgan.get_by_role("main")).to_contain_text("I meant it about myself")
    morgan.get_by_label(label("Reason")).fill("Fair: it read as self-talk. Restored.")
    follow(morgan, morgan.get_by_role("button", name="Reverse the decision"))
    expect(morgan.get_by_role("main")).to_contain_text("The member has been told.")
    expect(morgan.get_by_role("main")).to_contain_text("Nothing waiting")

    visit(river, thread_url)
    expect(river.get_by_role("main")).to_contain_text(UNKIND)
    visit(author, f"{site}/moderation/notices/")
    follow(author, author.get_by_role("link", name="Hidden"))
    expect(author.get_by_role("main")).to_contain_text("This decision was reversed.")
    expect(author.get_by_role("main")).to_contain_text("A moderator agreed")

    # the audit log, newest first: every step with who and why
    visit(morgan, f"{site}/moderation/")
    follow(morgan, morgan.get_by_role("link", name="Audit log"))
    rows = morgan.get_by_role("row")
    expected = [
        ("morgan", "Reversed the decision after an appeal", "Fair: it read as self-talk"),
        ("morgan", "Restored it", "Fair: it read as self-talk"),
        ("sam", "Appealed a decision", ""),
        ("morgan", "Warned the member", "Please speak from your own experience."),
        ("morgan", "Hid it", "Shaming a setback breaks guideline 1."),
    ]
    expect(rows).to_have_count(len(expected) + 1)  # and the header
    for index, (who, what, why) in enumerate(expected, start=1):
        row = rows.nth(index)
        expect(row.get_by_role("cell").nth(1)).to_have_text(who)
        expect(row.get_by_role("cell").nth(2)).to_contain_text(what)
        expect(row.get_by_role("cell").nth(3)).to_contain_text(why)
    expect(morgan.get_by_role("main")).not_to_contain_text("river")  # reporters stay unnamed
