"""Report -> hide + warn -> appeal -> restore, and who may see the queue and act."""

import pytest
from django.urls import reverse

from alongside.core.models import AuditLogEntry
from alongside.discussions import actions as discussions
from alongside.discussions.models import Post
from alongside.groups import actions as groups
from alongside.moderation.models import ModAction, ReviewItem
from tests.messaging.conftest import new_group


@pytest.fixture
def reported(people, client_for, django_capture_on_commit_callbacks):
    group = new_group(people.jordan)
    groups.join_group(user=people.river, group=group)
    groups.join_group(user=people.sam, group=group)
    thread = discussions.start_thread(user=people.sam, board=group.board, title="Hi", body="Hey")
    post = Post.objects.get(thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.river).post(
            reverse("moderation:report", args=["post", post.pk]), {"reason": "harassment"}
        )
    assert response.status_code == 302
    return post, ReviewItem.objects.get()


def test_the_whole_flow_is_audited(people, reported, client_for):
    post, item = reported
    morgan = client_for(people.morgan)
    act = reverse("moderation:act", args=[item.pk])
    assert morgan.post(act, {"action": "hide", "reason": "Unkind"}).status_code == 302
    assert morgan.post(act, {"action": "warn", "reason": "Be kind"}).status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is not None
    thread_page = client_for(people.river).get(reverse("discussions:thread", args=[post.thread_id]))
    assert "Hey" not in thread_page.text
    hide = ModAction.objects.get(kind="hide")
    sam = client_for(people.sam)
    assert (
        "Hidden by a moderator"
        in sam.get(reverse("discussions:thread", args=[post.thread_id])).text
    )
    notice = reverse("moderation:notice", args=[hide.pk])
    assert sam.post(notice, {"text": "I was joking"}).status_code == 302
    assert sam.post(notice, {"text": "again"}).status_code == 400  # once
    appeal = ReviewItem.objects.get(kind="appeal")
    reverse_url = reverse("moderation:reverse", args=[appeal.pk])
    assert morgan.post(reverse_url, {"reason": "Fair enough"}).status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is None
    logged = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"moderation.hide", "moderation.warn", "moderation.appealed"} <= logged
    assert {"moderation.hide_reversed", "moderation.appeal_reversed"} <= logged
    assert "Fair enough" in morgan.get(reverse("moderation:log")).text


@pytest.mark.parametrize(
    ("who", "queue", "item", "hide", "ban"),
    [
        ("river", 404, 404, 404, 404),  # member (and the reporter)
        ("sam", 404, 404, 404, 404),  # the author
        ("jordan", 200, 200, 302, 400),  # facilitator of the group: hides, can't ban
        ("morgan", 200, 200, 302, 302),  # moderator
        ("casey", 404, 404, 404, 404),  # staff
        ("outsider", 404, 404, 404, 404),
        ("drew", 404, 404, 404, 404),  # blocked by river
    ],
)
def test_who_may_review_and_act(people, reported, client_for, who, queue, item, hide, ban):
    _post, found = reported
    client = client_for(getattr(people, who))
    assert client.get(reverse("moderation:queue")).status_code == queue
    assert client.get(reverse("moderation:item", args=[found.pk])).status_code == item
    act = reverse("moderation:act", args=[found.pk])
    assert client.post(act, {"action": "hide", "reason": "x"}).status_code == hide
    assert client.post(act, {"action": "ban", "reason": "x"}).status_code == ban


def test_a_facilitator_of_another_group_sees_nothing(people, reported, client_for):
    from alongside.accounts.models import Role
    from tests.conftest import make_member

    other = make_member("other_fac", Role.FACILITATOR)
    new_group(other)
    client = client_for(other)
    assert client.get(reverse("moderation:queue")).status_code == 200
    assert client.get(reverse("moderation:item", args=[reported[1].pk])).status_code == 404


@pytest.mark.parametrize("note", ["", "x" * 1001, "<script>alert(1)</script>"])
def test_report_notes(people, client_for, note):
    url = reverse("moderation:report", args=["profile", people.sam.pk])
    response = client_for(people.river).post(url, {"reason": "spam", "note": note})
    if len(note) > 1000:
        assert response.status_code == 400
    else:
        assert response.status_code == 302
        page = client_for(people.morgan).get(reverse("moderation:queue"))
        assert "<script>alert" not in page.text


def test_the_queue_stays_flat(people, reported, client_for):
    from tests.helpers import assert_queries_do_not_grow

    def grow():
        from alongside.moderation import actions

        for who in (people.outsider, people.casey):
            actions.report(
                reporter=who, target_type="profile", target_id=people.sam.pk, reason="spam"
            )

    assert_queries_do_not_grow(client_for(people.morgan), reverse("moderation:queue"), grow)
