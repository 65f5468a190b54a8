"""The discussions engine on a board with a test policy: who reads, writes and moderates."""

import pytest
from django.test import Client

from alongside.accounts.models import User
from alongside.discussions import actions, selectors
from alongside.discussions.markdown import render
from alongside.discussions.models import Board, Post, PostReaction, Thread
from alongside.discussions.policies import register_policy
from alongside.notifications.models import Notification
from tests.helpers import assert_queries_do_not_grow

SCRIPT = "<script>alert(1)</script>"


class Policy:
    """river, sam, drew and jordan read and post; jordan moderates; outsiders see nothing."""

    readers = {"river", "sam", "drew", "jordan"}

    def may_read(self, user: User, board: Board) -> bool:
        return user.is_authenticated and user.handle in self.readers

    def may_post(self, user: User, board: Board) -> bool:
        return self.may_read(user, board)

    def may_moderate(self, user: User, board: Board) -> bool:
        return user.handle == "jordan"

    def title(self, board: Board) -> str:
        return "Test board"

    def url(self, board: Board) -> str:
        return "/"


register_policy("test", Policy())


@pytest.fixture
def board(db):
    return Board.objects.create(kind="test")


@pytest.fixture
def thread(people, board):
    return actions.start_thread(
        user=people.sam, board=board, title="Mornings", body="How do you start?"
    )


# Markdown


@pytest.mark.parametrize(
    ("source", "absent"),
    [
        (SCRIPT, "<script"),
        ("[click](javascript:alert(1))", 'href="javascript'),
        ("![pic](https://tracker.example/p.png)", "<img"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("<b onclick=x>hi</b>", "<b "),
    ],
)
def test_markdown_never_lets_code_or_images_through(source, absent):
    assert absent not in render(source)


def test_markdown_keeps_the_useful_parts_and_marks_links():
    html = render("**strong** and *soft*\n\n- one\n- two\n\nhttps://example.org")
    assert "<strong>strong</strong>" in html and "<em>soft</em>" in html and "<li>one</li>" in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html


# Writing


def test_a_thread_starts_with_its_opening_post(thread, people):
    [post] = thread.posts.all()
    assert post.is_opening and post.author == people.sam and post.body_html.startswith("<p>")


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Body", "Give the thread a title."),
        ("   ", "Body", "Give the thread a title."),
        ("Title", "  ", "Write something first."),
        ("x" * 201, "Body", "Keep the title to 200 characters."),
        ("Title", "x" * 20_001, "That's longer than we can keep (20000 characters)."),
    ],
)
def test_bad_threads_are_refused_with_a_clear_message(people, board, title, body, message):
    with pytest.raises(actions.DiscussionError) as refused:
        actions.start_thread(user=people.river, board=board, title=title, body=body)
    assert refused.value.message == message
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_outsiders_cannot_post(people, board):
    with pytest.raises(actions.DiscussionError):
        actions.start_thread(user=people.outsider, board=board, title="Hi", body="Hi")


def test_script_is_kept_as_text_and_shown_escaped(people, board, client_for):
    thread = actions.start_thread(user=people.river, board=board, title=SCRIPT, body=SCRIPT)
    page = client_for(people.sam).get(f"/discussions/threads/{thread.pk}/").content.decode()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert Thread.objects.get().title == SCRIPT


def test_replies_count_and_locked_threads_refuse_them(people, thread):
    actions.reply(user=people.river, thread=thread, body="A walk.")
    thread.refresh_from_db()
    assert thread.reply_count == 1
    actions.set_locked(user=people.jordan, thread=thread, locked=True)
    with pytest.raises(actions.DiscussionError, match="closed to new replies"):
        actions.reply(user=people.river, thread=thread, body="Another.")


def test_only_moderators_pin_and_lock(people, thread):
    for who in (people.river, people.sam):
        with pytest.raises(actions.DiscussionError):
            actions.set_pinned(user=who, thread=thread, pinned=True)
    actions.set_pinned(user=people.jordan, thread=thread, pinned=True)
    assert Thread.objects.get(pk=thread.pk).pinned


def test_editing_marks_the_post_and_only_the_author_may(people, thread):
    post = thread.posts.get()
    with pytest.raises(actions.DiscussionError):
        actions.edit_post(user=people.river, post=post, body="Hijacked")
    actions.edit_post(user=people.sam, post=post, body="How do you start your day?", title="Days")
    post.refresh_from_db()
    assert post.edited_at is not None and "your day" in post.body_html
    assert Thread.objects.get(pk=thread.pk).title == "Days"


def test_deleting_is_soft_and_the_opening_post_takes_the_thread(people, thread):
    reply = actions.reply(user=people.river, thread=thread, body="Coffee.")
    with pytest.raises(actions.DiscussionError):
        actions.delete_post(user=people.sam, post=reply)  # not hers, not a moderator
    actions.delete_post(user=people.river, post=reply)
    reply.refresh_from_db()
    assert reply.deleted_at is not None and reply.body == ""
    actions.delete_post(user=people.jordan, post=thread.posts.get(is_opening=True))  # moderator
    assert Thread.objects.get(pk=thread.pk).deleted_at is not None


def test_reactions_toggle_and_there_is_no_downvote(people, thread):
    post = thread.posts.get()
    assert actions.toggle_reaction(user=people.river, post=post, kind="me_too") is True
    assert actions.toggle_reaction(user=people.river, post=post, kind="me_too") is False
    with pytest.raises(actions.DiscussionError):
        actions.toggle_reaction(user=people.river, post=post, kind="downvote")
    assert not PostReaction.objects.exists()


# Privacy


def test_blocked_people_never_see_each_others_posts(people, board, thread, client_for):
    # river blocked drew: drew's thread and replies vanish for river, and river's for drew.
    drews = actions.start_thread(user=people.drew, board=board, title="Drew's", body="Hello")
    actions.reply(user=people.drew, thread=thread, body="Drew was here")
    actions.reply(user=people.river, thread=thread, body="River was here")
    river, drew = client_for(people.river), client_for(people.drew)
    assert river.get(f"/discussions/threads/{drews.pk}/").status_code == 404
    assert "Drew was here" not in river.get(f"/discussions/threads/{thread.pk}/").text
    assert "River was here" not in drew.get(f"/discussions/threads/{thread.pk}/").text
    titles = [t.title for t in selectors.threads_page(board, people.river).items]
    assert "Drew's" not in titles


def test_non_readers_get_the_same_404_as_a_missing_thread(people, thread, client_for):
    outsider = client_for(people.outsider)
    assert outsider.get(f"/discussions/threads/{thread.pk}/").status_code == 404
    assert outsider.get("/discussions/threads/999999/").status_code == 404
    assert outsider.get(f"/discussions/boards/{thread.board_id}/new/").status_code == 404
    assert Client().get(f"/discussions/threads/{thread.pk}/").status_code == 302


def test_anonymous_threads_hide_their_author_except_from_moderators(
    people, board, client_for, django_capture_on_commit_callbacks
):
    thread = actions.start_thread(
        user=people.river, board=board, title="Hard week", body="Struggling.", anonymous=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.sam, thread=thread, body="Here for you.")
        actions.reply(user=people.river, thread=thread, body="Thank you.")
    url = f"/discussions/threads/{thread.pk}/"
    assert "river" not in client_for(people.sam).get(url).text.split("<main", 1)[1]
    assert "river" in client_for(people.jordan).get(url).text.split("<main", 1)[1]
    # sam's notification about river's reply does not name river either.
    notification = Notification.objects.get(recipient=people.sam, verb="discussion.reply")
    assert notification.actor is None and "river" not in notification.text


def test_a_reply_notifies_the_author_and_earlier_participants_once(
    people, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.river, thread=thread, body="One.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.jordan, thread=thread, body="Two.")
    recipients = sorted(
        n.recipient.handle for n in Notification.objects.filter(verb="discussion.reply")
    )
    # river's reply told sam; jordan's told sam and river; nobody hears about their own.
    assert recipients == ["river", "sam", "sam"]


# Pages


def test_junk_cursors_never_fail(people, thread, client_for):
    client = client_for(people.river)
    for junk in ["abc", "-1", "1.2.3.4", "9" * 40, SCRIPT, "1.99999999999999999999.1"]:
        assert client.get(f"/discussions/threads/{thread.pk}/", {"after": junk}).status_code == 200
        assert selectors.threads_page(thread.board, people.river, after=junk).items


def test_the_thread_page_costs_the_same_with_more_posts_and_reactions(people, thread, client_for):
    def grow() -> None:
        for n in range(15):
            post = actions.reply(user=people.river, thread=thread, body=f"Reply {n}")
            actions.toggle_reaction(user=people.sam, post=post, kind="strength")
            actions.toggle_reaction(user=people.jordan, post=post, kind="thanks")

    assert_queries_do_not_grow(client_for(people.sam), f"/discussions/threads/{thread.pk}/", grow)


def test_thread_lists_page_by_last_activity_with_pinned_first(people, board):
    threads = [
        actions.start_thread(user=people.sam, board=board, title=f"T{n}", body="b")
        for n in range(5)
    ]
    actions.set_pinned(user=people.jordan, thread=threads[0], pinned=True)
    first = selectors.threads_page(board, people.river, limit=2)
    assert [t.title for t in first.items] == ["T0", "T4"]
    second = selectors.threads_page(board, people.river, after=first.next_cursor, limit=2)
    assert [t.title for t in second.items] == ["T3", "T2"]
