"""The access functions: the only way to fetch what a member asks for. Forbidden == missing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from alongside.accounts import access, actions
from alongside.accounts.models import User
from tests.accounts.builders import connect


def test_a_member_can_fetch_another_member_by_handle_in_any_case(people):
    for handle in ("sam", "SAM", "Sam"):
        assert access.access_member_for_user(people.river, handle) == people.sam


def test_a_member_can_fetch_themselves(people):
    assert access.access_member_for_user(people.river, "river") == people.river


def test_the_fetched_member_comes_with_their_profile(people, django_assert_num_queries):
    with django_assert_num_queries(1):
        member = access.access_member_for_user(people.river, "sam")
        assert member.profile.user_id == people.sam.pk


def test_a_visitor_cannot_fetch_anyone(people):
    with pytest.raises(Http404):
        access.access_member_for_user(AnonymousUser(), "river")  # type: ignore[arg-type]


def test_a_missing_handle_is_not_found(people):
    with pytest.raises(Http404):
        access.access_member_for_user(people.river, "nobody_here")


@pytest.mark.parametrize(
    ("viewer", "handle"), [("drew", "river"), ("river", "drew")], ids=["blocked", "blocker"]
)
def test_neither_side_of_a_block_can_fetch_the_other(people, viewer, handle):
    with pytest.raises(Http404):
        access.access_member_for_user(getattr(people, viewer), handle)


def test_a_block_hides_only_the_two_people_involved(people):
    assert access.access_member_for_user(people.outsider, "river") == people.river
    assert access.access_member_for_user(people.outsider, "drew") == people.drew
    assert access.access_member_for_user(people.drew, "sam") == people.sam


def test_a_deactivated_member_is_not_found(people):
    User.objects.filter(pk=people.sam.pk).update(is_active=False)
    with pytest.raises(Http404):
        access.access_member_for_user(people.river, "sam")


def test_incoming_request_is_for_its_addressee_only(people):
    connection = actions.request_connection(requester=people.sam, addressee=people.river)
    assert access.access_incoming_request_for_user(people.river, connection.pk) == connection
    for someone in (people.sam, people.outsider, people.drew, people.jordan):
        with pytest.raises(Http404):
            access.access_incoming_request_for_user(someone, connection.pk)


def test_incoming_request_is_gone_once_answered(people):
    connection = connect(people.sam, people.river)
    with pytest.raises(Http404):
        access.access_incoming_request_for_user(people.river, connection.pk)


def test_outgoing_request_is_for_its_requester_only(people):
    connection = actions.request_connection(requester=people.sam, addressee=people.river)
    assert access.access_outgoing_request_for_user(people.sam, connection.pk) == connection
    for someone in (people.river, people.outsider, people.drew):
        with pytest.raises(Http404):
            access.access_outgoing_request_for_user(someone, connection.pk)


def test_outgoing_request_is_gone_once_accepted(people):
    connection = connect(people.sam, people.river)
    with pytest.raises(Http404):
        access.access_outgoing_request_for_user(people.sam, connection.pk)


@pytest.mark.parametrize(
    "fetch",
    [access.access_incoming_request_for_user, access.access_outgoing_request_for_user],
)
def test_a_missing_request_is_not_found(people, fetch):
    with pytest.raises(Http404):
        fetch(people.river, 999_999)
