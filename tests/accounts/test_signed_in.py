"""The signed-in member comes from the cache, and every change to them reaches the next request."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Role, User

PAGE = "/notifications/"


def user_reads(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    return sum('FROM "accounts_user"' in q["sql"] for q in queries.captured_queries)


def signed_out(client) -> bool:
    return client.get(PAGE).status_code == 302


def test_the_second_request_does_not_read_the_user_again(people, client_for):
    client = client_for(people.river)
    user_reads(client)
    assert user_reads(client) == 0


def test_the_roles_come_with_the_cached_user(people, client_for):
    client = client_for(people.morgan)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/moderation/").status_code == 200
    assert not any('FROM "auth_group"' in q["sql"] for q in queries.captured_queries)


def test_a_suspension_by_queryset_update_signs_them_out_at_once(people, client_for):
    client = client_for(people.river)
    client.get(PAGE)
    User.objects.filter(pk=people.river.pk).update(is_active=False)
    assert signed_out(client)


def test_saving_the_user_is_seen_by_the_next_request(people, client_for):
    client = client_for(people.river)
    client.get(PAGE)
    people.river.is_active = False
    people.river.save()
    assert signed_out(client)


def test_a_new_password_signs_out_other_sessions(people, client_for):
    client = client_for(people.river)
    client.get(PAGE)
    people.river.set_password("a brand new passphrase")
    people.river.save()
    assert signed_out(client)


def test_a_deleted_member_is_signed_out(people, client_for):
    client = client_for(people.outsider)
    client.get(PAGE)
    User.objects.filter(pk=people.outsider.pk).delete()
    assert signed_out(client)


def test_roles_granted_either_way_reach_the_next_request(people, client_for):
    client = client_for(people.river)
    assert client.get("/moderation/").status_code == 404
    moderators = Group.objects.get(name=Role.MODERATOR)
    moderators.user_set.add(people.river)  # from the group's side
    assert client.get("/moderation/").status_code == 200
    people.river.groups.remove(moderators)  # from the user's side
    assert client.get("/moderation/").status_code == 404
    people.river.groups.add(moderators)
    assert client.get("/moderation/").status_code == 200
    moderators.user_set.clear()
    assert client.get("/moderation/").status_code == 404


def test_unblocking_is_published_for_the_caches_that_count_what_both_see(
    people, django_capture_on_commit_callbacks
):
    from alongside.accounts.actions import unblock_member
    from alongside.core import events

    heard: list[dict] = []

    def listen(**payload: int) -> None:
        heard.append(payload)

    events.subscribe("member.unblocked")(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            unblock_member(blocker=people.river, blocked_id=people.drew.pk)
    finally:
        events._handlers["member.unblocked"].remove(listen)
    assert heard == [{"blocker_id": people.river.pk, "blocked_id": people.drew.pk}]
