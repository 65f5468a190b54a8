"""Regressions: blocks with co-facilitators, notification keys, clear errors, hand-over."""

import pytest
from django.utils.html import escape

from alongside.accounts.actions import block_member, delete_account
from alongside.accounts.models import Role
from alongside.core.events import publish
from alongside.groups import actions, selectors
from alongside.groups.models import Group, Invitation, JoinRequest, Membership
from alongside.notifications.models import Notification
from tests.conftest import make_member


def new_group(lead, policy="ask", visibility="listed") -> Group:
    return actions.create_group(
        user=lead, tags=[], name="Parents in recovery", description="About us.", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility=visibility,
        join_policy=policy, size_limit=None,
    )  # fmt: skip


def co_facilitate(group: Group, user) -> None:
    Membership.objects.create(group=group, user=user, role=Membership.Role.FACILITATOR)


# invite() and blocks with any facilitator


@pytest.mark.parametrize(
    "direction", ["facilitator_blocked_invitee", "invitee_blocked_facilitator"]
)
def test_invite_refuses_someone_on_either_side_of_a_block_with_a_co_facilitator(people, direction):
    group = new_group(people.jordan)
    co_facilitate(group, people.sam)
    if direction == "facilitator_blocked_invitee":
        block_member(blocker=people.sam, blocked=people.outsider)
    else:
        block_member(blocker=people.outsider, blocked=people.sam)
    with pytest.raises(actions.GroupError) as refused:
        actions.invite(user=people.jordan, group=group, invitee=people.outsider)
    assert refused.value.message == actions.no_such_member_message()
    assert not Invitation.objects.exists()


def test_inviting_across_a_co_facilitators_block_looks_like_an_unknown_handle(people, client_for):
    group = new_group(people.jordan)
    co_facilitate(group, people.river)  # river blocked drew
    client = client_for(people.jordan)
    url = f"/groups/{group.slug}/manage/"
    blocked = client.post(url, {"action": "invite", "handle": "drew"})
    unknown = client.post(url, {"action": "invite", "handle": "nobody-by-that-name"})
    assert blocked.status_code == unknown.status_code == 400
    assert escape(actions.no_such_member_message()) in blocked.text
    assert escape(actions.no_such_member_message()) in unknown.text
    assert not Invitation.objects.exists()


def test_inviting_an_unknown_handle_is_a_form_error_on_the_manage_page(people, client_for):
    group = new_group(people.jordan)
    response = client_for(people.jordan).post(
        f"/groups/{group.slug}/manage/", {"action": "invite", "handle": "nobody-by-that-name"}
    )
    assert response.status_code == 400
    assert "Invite someone" in response.text  # the manage page, not the 404 page
    assert escape(actions.no_such_member_message()) in response.text
    assert not Invitation.objects.exists()


def test_inviting_a_known_member_still_works(people, client_for):
    group = new_group(people.jordan)
    response = client_for(people.jordan).post(
        f"/groups/{group.slug}/manage/", {"action": "invite", "handle": "Sam"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(group=group, user=people.sam).exists()


# selectors leave out people on either side of a block with the viewer


def test_pending_requests_leave_out_people_blocked_with_the_viewer(people, client_for):
    group = new_group(people.jordan)
    actions.request_to_join(user=people.drew, group=group, message="Hello")
    actions.request_to_join(user=people.sam, group=group)
    co_facilitate(group, people.river)  # after drew asked; river blocked drew
    assert [r.user for r in selectors.pending_requests(group, people.river)] == [people.sam]
    assert [r.user for r in selectors.pending_requests(group, people.jordan)] == [
        people.drew,
        people.sam,
    ]
    page = client_for(people.river).get(f"/groups/{group.slug}/manage/")
    assert page.status_code == 200 and "drew" not in page.text and "sam" in page.text


def test_facilitators_of_leaves_out_facilitators_blocked_with_the_viewer(people, client_for):
    group = new_group(people.jordan)
    Membership.objects.create(group=group, user=people.drew)
    co_facilitate(group, people.river)  # river blocked drew
    assert [m.user for m in selectors.facilitators_of(group, people.drew)] == [people.jordan]
    assert [m.user for m in selectors.facilitators_of(group, people.sam)] == [
        people.jordan,
        people.river,
    ]
    page = client_for(people.drew).get(f"/groups/{group.slug}/")
    assert page.status_code == 200 and "river" not in page.text


# notification keys


def test_a_member_who_rejoins_is_told_again_when_approved(
    people, django_capture_on_commit_callbacks
):
    group = new_group(people.jordan)

    def ask_and_approve() -> None:
        request = actions.request_to_join(user=people.sam, group=group)
        with django_capture_on_commit_callbacks(execute=True):
            actions.approve_request(user=people.jordan, request=request)

    ask_and_approve()
    actions.leave_group(user=people.sam, group=group)
    ask_and_approve()
    told = Notification.objects.filter(recipient=people.sam, verb="group.request_approved")
    assert told.count() == 2


# the join note


def test_an_overlong_join_note_is_a_clear_400_and_nothing_is_saved(people, client_for):
    group = new_group(people.jordan)
    response = client_for(people.sam).post(f"/groups/{group.slug}/ask/", {"message": "x" * 501})
    assert response.status_code == 400
    assert "Keep the note to 500 characters." in response.text
    assert "x" * 501 in response.text  # what they wrote is kept for them to shorten
    assert not JoinRequest.objects.exists()


def test_a_join_note_of_500_characters_is_sent(people, client_for):
    group = new_group(people.jordan)
    response = client_for(people.sam).post(f"/groups/{group.slug}/ask/", {"message": "x" * 500})
    assert response.status_code == 302
    assert JoinRequest.objects.get(group=group, user=people.sam).message == "x" * 500


# a group always has somebody to run it


def test_the_last_facilitator_cannot_leave_while_members_remain(people, client_for):
    group = new_group(people.jordan, policy="open")
    Membership.objects.create(group=group, user=people.sam)
    client = client_for(people.jordan)
    response = client.post(f"/groups/{group.slug}/leave/", follow=True)
    assert "only facilitator" in response.text
    assert Membership.objects.filter(group=group, user=people.jordan).exists()
    actions.set_role(user=people.jordan, group=group, member=people.sam, role="facilitator")
    client.post(f"/groups/{group.slug}/leave/")
    assert not Membership.objects.filter(group=group, user=people.jordan).exists()


def test_the_last_facilitator_may_leave_a_group_nobody_else_is_in(people):
    group = new_group(people.jordan)
    actions.leave_group(user=people.jordan, group=group)
    assert not group.memberships.exists()


def _delete_account(user) -> None:
    """What accounts.actions.delete_account does to groups: the memberships go with the user
    (a cascade), then "member.deleted" is published. (Spelled out because the full deletion
    also touches other apps' tables.)"""
    user_id = user.pk
    Membership.objects.filter(user=user).delete()
    publish("member.deleted", user_id=user_id)


def test_when_the_last_facilitator_deletes_their_account_the_longest_member_takes_over(
    people, django_capture_on_commit_callbacks
):
    lead = make_member("lead")
    group = new_group(people.jordan)
    co_facilitate(group, lead)
    Membership.objects.create(group=group, user=people.sam)
    Membership.objects.create(group=group, user=people.river)
    actions.set_role(user=lead, group=group, member=people.jordan, role="member")
    with django_capture_on_commit_callbacks(execute=True):
        _delete_account(lead)
    facilitators = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
    assert [m.user for m in facilitators] == [people.jordan]  # joined first
    assert Notification.objects.filter(
        recipient=people.jordan, verb="group.facilitator_handed_over"
    ).exists()


def test_deleting_a_facilitators_account_leaves_other_facilitators_alone(
    people, django_capture_on_commit_callbacks
):
    lead = make_member("lead")
    group = new_group(people.jordan)
    co_facilitate(group, lead)
    Membership.objects.create(group=group, user=people.sam)
    with django_capture_on_commit_callbacks(execute=True):
        _delete_account(lead)
    facilitators = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
    assert [m.user for m in facilitators] == [people.jordan]
    assert not Notification.objects.filter(verb="group.facilitator_handed_over").exists()


def test_delete_account_hands_the_group_over(people, django_capture_on_commit_callbacks):
    lead = make_member("lead", Role.FACILITATOR)
    group = new_group(lead)
    Membership.objects.create(group=group, user=people.sam)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=lead)
    assert Membership.objects.get(group=group, user=people.sam).role == "facilitator"
