"""A thread's posts are rendered once and reused for the next reader (core.fragments), and
nothing rendered for one reader reaches another: their own links, their reactions, a
moderator's tools, their language, an edit or a hiding all show at once."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from alongside.accounts.actions import set_language
from alongside.core.fragments import ALIAS, fragment_key
from alongside.discussions import actions
from alongside.discussions.models import Board, Post, Thread
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from tests.conftest import make_member
from tests.helpers import page_html


@pytest.fixture(autouse=True)
def empty_fragments():
    caches[ALIAS].clear()
    yield
    caches[ALIAS].clear()


@pytest.fixture
def thread(people) -> Thread:
    ensure_categories(Board, Category)
    board = Category.objects.get(slug="questions").board
    thread = actions.start_thread(user=people.jordan, board=board, title="Mornings", body="How?")
    actions.reply(user=people.sam, thread=thread, body="Tea first, then a walk.")
    return thread


def page(client: Client, thread: Thread) -> str:
    return page_html(client, f"/discussions/threads/{thread.pk}/")


def post_html(html: str, post: Post) -> str:
    found = re.search(rf'<li id="post-{post.pk}".*?</li>', html, re.S)
    assert found, f"post {post.pk} is not on the page"
    return found.group(0)


def sams_reply(thread: Thread) -> Post:
    return thread.posts.get(is_opening=False)


def entries() -> int:
    """Rendered posts in the fragment cache (the page's header is kept there too)."""
    kept = caches[ALIAS]._cache  # type: ignore[attr-defined]
    return sum("thread-post" in key for key in kept)


def test_a_post_rendered_for_one_reader_is_reused_for_the_next(people, thread, client_for):
    page(client_for(people.river), thread)
    filled = entries()
    assert filled == 2  # the opening post and the reply
    page(client_for(people.outsider), thread)
    assert entries() == filled


def test_each_reader_sees_their_own_links_on_a_reused_post(people, thread, client_for):
    reply = sams_reply(thread)
    for reader in (people.river, people.sam, people.outsider):
        html = post_html(page(client_for(reader), thread), reply)
        if reader == people.sam:
            assert "Edit" in html and "Report" not in html
        else:
            assert "Edit" not in html and "Report" in html and "Delete" not in html


def test_a_moderators_tools_stay_with_the_moderator(people, thread, client_for):
    reply = sams_reply(thread)
    assert "Delete" in post_html(page(client_for(people.morgan), thread), reply)
    assert "Delete" not in post_html(page(client_for(people.river), thread), reply)


def test_reactions_show_at_once_and_only_the_reactor_sees_theirs_pressed(
    people, thread, client_for
):
    reply = sams_reply(thread)
    river, outsider = client_for(people.river), client_for(people.outsider)
    page(river, thread), page(outsider, thread)
    actions.toggle_reaction(user=people.river, post=reply, kind="thanks")
    mine, theirs = post_html(page(river, thread), reply), post_html(page(outsider, thread), reply)
    pressed = re.compile(r'value="thanks"[^>]*aria-pressed="true"')
    assert pressed.search(mine) and not pressed.search(theirs)
    assert "· 1" in mine and "· 1" in theirs


def test_an_edit_or_a_hiding_shows_at_once(people, thread, client_for):
    reply = sams_reply(thread)
    river = client_for(people.river)
    assert "Tea first" in page(river, thread)
    actions.edit_post(user=people.sam, post=reply, body="Coffee first, then a walk.")
    html = page(river, thread)
    assert "Coffee first" in html and "Tea first" not in html
    actions.set_post_hidden(post=reply, hidden=True)
    assert f'id="post-{reply.pk}"' not in page(river, thread)
    assert "Hidden by a moderator" in post_html(page(client_for(people.sam), thread), reply)


def test_each_reader_sees_their_own_language(people, thread, client_for):
    reply = sams_reply(thread)
    assert "Report" in post_html(page(client_for(people.river), thread), reply)
    set_language(user=people.outsider, language="es")
    html = post_html(page(client_for(people.outsider), thread), reply)
    assert "Reportar" in html and ">Report<" not in html


def test_reaction_buttons_post_through_the_pages_one_form_with_its_token(people, thread):
    reply = sams_reply(thread)
    reader = make_member("reader")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    html = page(client, thread)
    form = re.search(r'<form id="reactions" method="post">(.*?)</form>', html, re.S)
    assert form, "the page has no reactions form"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    assert token
    button = re.search(r'<button[^>]*form="reactions"[^>]*formaction="([^"]+)"[^>]*value="thanks"',
                       post_html(html, reply))  # fmt: skip
    assert button
    response = client.post(button.group(1), {"kind": "thanks", "csrfmiddlewaretoken": token[1]})
    assert response.status_code in (200, 302)
    assert reply.reactions.filter(user=reader, kind="thanks").exists()
    assert "csrfmiddlewaretoken" not in post_html(html, reply)  # nothing of this request


def test_a_key_names_lazy_text_by_its_text_not_its_address():
    from django.utils.translation import gettext_lazy

    first, second = gettext_lazy("Report"), gettext_lazy("Report")
    assert fragment_key(1, [("a", first)]) == fragment_key(1, [("a", second)])
    assert fragment_key(1, [("a", first)]) == fragment_key(1, [("a", "Report")])
    assert fragment_key(1, None) != fragment_key(1, "")
