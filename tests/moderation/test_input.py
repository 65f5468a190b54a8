"""Every text a moderation form takes: empty (or only spaces), too long, and markup, which is
kept as text and always shown escaped. Report notes, action reasons (warnings included),
the note for "no action needed", appeal decisions, appeal texts and edited titles."""

import pytest
from django.urls import reverse

from alongside.core.models import AuditLogEntry
from alongside.discussions import actions as discussions
from alongside.discussions.models import Post, Thread
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from alongside.moderation import actions
from alongside.moderation.access import access_item_for_user
from alongside.moderation.models import ModAction, Report, ReviewItem

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def shows_escaped(text: str) -> bool:
    return SCRIPT not in text and ESCAPED in text


@pytest.fixture
def reported(people):
    from alongside.discussions.models import Board

    ensure_categories(Board, Category)
    board = Category.objects.get(slug="questions").board
    thread = discussions.start_thread(user=people.sam, board=board, title="Hi", body="Hey")
    post = Post.objects.get(thread=thread)
    made = actions.report(
        reporter=people.river, target_type="post", target_id=post.pk, reason="harassment"
    )
    return post, made.item


# Report notes


@pytest.mark.parametrize(
    ("note", "code"),
    [("", 302), ("   ", 302), ("x" * 1000, 302), ("x" * 1001, 400), (SCRIPT, 302)],
)
def test_report_notes(people, reported, client_for, note, code):
    post, _item = reported
    url = reverse("moderation:report", args=["post", post.pk])
    response = client_for(people.outsider).post(url, {"reason": "spam", "note": note})
    assert response.status_code == code
    if code == 400:
        assert "at most 1000 characters" in response.text
        assert Report.objects.filter(reporter=people.outsider).count() == 0
        return
    made = Report.objects.get(reporter=people.outsider)
    assert made.note == note.strip()
    if note == SCRIPT:
        page = client_for(people.morgan).get(reverse("moderation:item", args=[made.item_id]))
        assert shows_escaped(page.text)


@pytest.mark.parametrize("reason", ["", "crisis_urgent", "links", "appeal", "nonsense"])
def test_a_report_needs_one_of_the_listed_reasons(people, reported, client_for, reason):
    post, _item = reported
    url = reverse("moderation:report", args=["post", post.pk])
    assert client_for(people.outsider).post(url, {"reason": reason}).status_code == 400
    assert not Report.objects.filter(reporter=people.outsider).exists()


# Action reasons (a warning's reason is the warning the member reads)


@pytest.mark.parametrize("action", ["hide", "warn"])
@pytest.mark.parametrize(
    ("reason", "code"), [("", 400), ("  ", 400), ("x" * 500, 302), ("x" * 501, 400), (SCRIPT, 302)]
)
def test_action_reasons(people, reported, client_for, action, reason, code):
    _post, item = reported
    morgan = client_for(people.morgan)
    response = morgan.post(
        reverse("moderation:act", args=[item.pk]), {"action": action, "reason": reason}
    )
    assert response.status_code == code
    if code == 400:
        assert not ModAction.objects.exists()
        assert "This field is required" in response.text or "at most 500" in response.text
        return
    decision = ModAction.objects.get(kind=action)
    assert decision.reason == reason.strip()
    if reason == SCRIPT:
        for url in (reverse("moderation:item", args=[item.pk]), reverse("moderation:log")):
            assert shows_escaped(morgan.get(url).text), url
        notice = client_for(people.sam).get(reverse("moderation:notice", args=[decision.pk]))
        assert shows_escaped(notice.text)


@pytest.mark.parametrize(
    ("days", "ok"), [("", False), ("0", False), ("1", True), ("365", True), ("366", False)]
)
def test_mute_and_suspend_need_a_sensible_number_of_days(people, reported, client_for, days, ok):
    _post, item = reported
    data = {"action": "mute", "reason": "Cool off", "days": days}
    response = client_for(people.morgan).post(reverse("moderation:act", args=[item.pk]), data)
    assert response.status_code == (302 if ok else 400)
    assert ModAction.objects.filter(kind="mute").exists() == ok


# Edited titles


@pytest.mark.parametrize(
    ("title", "code"), [("", 400), ("   ", 400), ("t" * 200, 302), ("t" * 201, 400), (SCRIPT, 302)]
)
def test_edited_titles(people, reported, client_for, title, code):
    post, item = reported
    data = {"action": "edit_title", "reason": "Names someone", "title": title}
    morgan = client_for(people.morgan)
    response = morgan.post(reverse("moderation:act", args=[item.pk]), data)
    assert response.status_code == code
    thread = Thread.objects.get(pk=post.thread_id)
    if code == 400:
        assert thread.title == "Hi"
        return
    assert thread.title == title.strip()
    entry = AuditLogEntry.objects.get(action="moderation.edit_title")
    assert entry.data["old"] == "Hi" and entry.data["new"] == title.strip()
    if title == SCRIPT:
        page = client_for(people.river).get(reverse("discussions:thread", args=[thread.pk]))
        assert shows_escaped(page.text)


# "No action needed": the note is optional


@pytest.mark.parametrize(
    ("note", "closes"), [("", True), ("x" * 500, True), ("x" * 501, False), (SCRIPT, True)]
)
def test_the_note_for_no_action_needed(people, reported, client_for, note, closes):
    _post, item = reported
    morgan = client_for(people.morgan)
    response = morgan.post(reverse("moderation:dismiss", args=[item.pk]), {"reason": note})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_open != closes
    if not closes:
        assert response["Location"] == reverse("moderation:item", args=[item.pk])
        followed = morgan.get(response["Location"])
        assert "at most 500 characters" in followed.text
    if note == SCRIPT:
        assert shows_escaped(morgan.get(reverse("moderation:log")).text)


# Appeals and their decisions


@pytest.fixture
def hidden(people, reported):
    _post, item = reported
    found = access_item_for_user(people.morgan, item.pk)
    return actions.act(reviewer=people.morgan, access=found, action="hide", reason="Unkind")


@pytest.mark.parametrize(
    ("text", "code"), [("", 400), ("  ", 400), ("x" * 2000, 302), ("x" * 2001, 400), (SCRIPT, 302)]
)
def test_appeal_texts(people, hidden, client_for, text, code):
    sam = client_for(people.sam)
    notice = reverse("moderation:notice", args=[hidden.pk])
    response = sam.post(notice, {"text": text})
    assert response.status_code == code
    appeals = ReviewItem.objects.filter(kind="appeal")
    if code == 400:
        assert not appeals.exists()
        assert "This field is required" in response.text or "at most 2000" in response.text
        return
    assert appeals.get().appeal_text == text.strip()
    if text == SCRIPT:
        assert shows_escaped(sam.get(notice).text)
        item = reverse("moderation:item", args=[appeals.get().pk])
        assert shows_escaped(client_for(people.morgan).get(item).text)


@pytest.mark.parametrize(
    ("reason", "decided"), [("", False), ("  ", False), ("x" * 501, False), (SCRIPT, True)]
)
def test_appeal_decision_reasons(people, hidden, client_for, reason, decided):
    appeal = actions.appeal(member=people.sam, action=hidden, text="Please look again")
    morgan = client_for(people.morgan)
    response = morgan.post(reverse("moderation:reverse", args=[appeal.pk]), {"reason": reason})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.is_open != decided
    if decided:
        assert shows_escaped(morgan.get(reverse("moderation:log")).text)
        notice = client_for(people.sam).get(reverse("moderation:notice", args=[hidden.pk]))
        assert shows_escaped(notice.text)
    else:
        assert "reason" in morgan.get(response["Location"]).text.lower()
