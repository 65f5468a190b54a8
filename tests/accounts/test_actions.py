"""Every write to accounts, connections and blocks, through the actions members use."""

import pytest
from django.core import mail

from alongside.accounts import actions
from alongside.accounts.actions import AccountError
from alongside.accounts.models import Block, Connection, Profile, Role, User
from alongside.accounts.tokens import make_confirmation_token
from alongside.core.models import AuditLogEntry
from tests.accounts.builders import connect, new_member
from tests.conftest import PASSWORD


def pair_exists(a: User, b: User) -> bool:
    return (
        Connection.objects.filter(requester=a, addressee=b).exists()
        or Connection.objects.filter(requester=b, addressee=a).exists()
    )


# Registration and email


def test_register_member_creates_account_profile_and_member_role(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = actions.register_member(handle="Wren", email=" Wren@Example.ORG ", password=PASSWORD)
    assert user is not None
    assert user.email == "wren@example.org"
    assert not user.email_confirmed
    assert Profile.objects.filter(user=user).exists()
    assert user.has_role(Role.MEMBER)
    assert [m.to for m in mail.outbox] == [["wren@example.org"]]
    assert "/accounts/confirm/" in mail.outbox[0].body


def test_register_member_with_a_taken_handle_in_other_case_is_refused(people):
    with pytest.raises(AccountError, match="That handle is taken"):
        actions.register_member(handle="RIVER", email="new@example.org", password=PASSWORD)
    assert not User.objects.filter(email="new@example.org").exists()


def test_register_member_with_a_taken_email_tells_the_owner_and_creates_nothing(
    people, django_capture_on_commit_callbacks
):
    count = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.register_member(
            handle="newcomer", email="RIVER@example.org", password=PASSWORD
        )
    assert result is None
    assert User.objects.count() == count
    assert [m.to for m in mail.outbox] == [["river@example.org"]]
    assert "already have an account" in mail.outbox[0].subject


def test_confirm_email_sets_the_time_once_and_logs_it(db):
    user = new_member("wren", confirmed=False)
    actions.confirm_email(token=make_confirmation_token(user))
    user.refresh_from_db()
    first = user.email_confirmed_at
    assert first is not None
    actions.confirm_email(token=make_confirmation_token(user))
    user.refresh_from_db()
    assert user.email_confirmed_at == first
    assert AuditLogEntry.objects.filter(action="account.email_confirmed").count() == 1


def test_confirm_email_with_a_bad_token_is_refused(db):
    with pytest.raises(AccountError, match="expired or was already replaced"):
        actions.confirm_email(token="not-a-token")


def test_change_email_needs_confirming_again_and_sends_a_link(
    people, django_capture_on_commit_callbacks
):
    river = people.river
    old_token = make_confirmation_token(river)
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_email(user=river, email=" River.New@Example.org ")
    river.refresh_from_db()
    assert river.email == "river.new@example.org"
    assert not river.email_confirmed
    assert [m.to for m in mail.outbox] == [["river.new@example.org"]]
    with pytest.raises(AccountError):
        actions.confirm_email(token=old_token)  # a link for the old address stops working
    entry = AuditLogEntry.objects.get(action="account.email_changed")
    assert "river.new@example.org" not in str(entry.data)


def test_change_email_to_someone_elses_address_is_refused(people):
    with pytest.raises(AccountError, match="That email can't be used"):
        actions.change_email(user=people.river, email="SAM@example.org")
    people.river.refresh_from_db()
    assert people.river.email == "river@example.org"
    assert people.river.email_confirmed


def test_set_language_accepts_only_offered_languages(people):
    actions.set_language(user=people.river, language="es")
    assert User.objects.get(pk=people.river.pk).language == "es"
    with pytest.raises(AccountError, match="isn't available"):
        actions.set_language(user=people.river, language="xx")
    assert User.objects.get(pk=people.river.pk).language == "es"


# Connections


def test_request_connection_creates_a_pending_request_with_the_note(people):
    connection = actions.request_connection(
        requester=people.sam, addressee=people.river, message="We met on Tuesday"
    )
    assert connection.status == Connection.Status.PENDING
    assert (connection.requester, connection.addressee) == (people.sam, people.river)
    assert connection.message == "We met on Tuesday"


def test_request_connection_to_yourself_is_refused(people):
    with pytest.raises(AccountError, match="with yourself"):
        actions.request_connection(requester=people.river, addressee=people.river)
    assert not Connection.objects.exists()


@pytest.mark.parametrize("direction", ["blocked_asks_blocker", "blocker_asks_blocked"])
def test_request_connection_across_a_block_is_refused_either_way(people, direction):
    requester, addressee = (
        (people.drew, people.river)
        if direction == "blocked_asks_blocker"
        else (people.river, people.drew)
    )
    with pytest.raises(AccountError, match="isn't available"):
        actions.request_connection(requester=requester, addressee=addressee)
    assert not pair_exists(people.river, people.drew)


def test_asking_twice_keeps_one_request(people):
    first = actions.request_connection(requester=people.sam, addressee=people.river)
    second = actions.request_connection(requester=people.sam, addressee=people.river)
    assert first.pk == second.pk
    assert Connection.objects.count() == 1


def test_asking_someone_who_already_asked_you_connects_you(people):
    asked = actions.request_connection(requester=people.sam, addressee=people.river)
    answer = actions.request_connection(requester=people.river, addressee=people.sam)
    assert answer.pk == asked.pk
    assert answer.status == Connection.Status.ACCEPTED
    assert answer.accepted_at is not None
    assert Connection.objects.count() == 1


def test_only_the_addressee_can_accept_a_pending_request(people):
    connection = actions.request_connection(requester=people.sam, addressee=people.river)
    for someone in (people.sam, people.outsider):
        with pytest.raises(AccountError, match="no longer waiting"):
            actions.accept_connection(user=someone, connection=connection)
    assert Connection.objects.get().status == Connection.Status.PENDING
    actions.accept_connection(user=people.river, connection=connection)
    assert Connection.objects.get().status == Connection.Status.ACCEPTED
    with pytest.raises(AccountError, match="no longer waiting"):
        actions.accept_connection(user=people.river, connection=connection)


def test_only_the_addressee_can_decline_and_declining_removes_the_request(people):
    connection = actions.request_connection(requester=people.sam, addressee=people.river)
    for someone in (people.sam, people.outsider):
        with pytest.raises(AccountError):
            actions.decline_connection(user=someone, connection=connection)
    actions.decline_connection(user=people.river, connection=connection)
    assert not Connection.objects.exists()
    # Declining is quiet: nothing is logged or kept that the requester could learn from.
    assert not AuditLogEntry.objects.filter(action__startswith="connection").exists()


def test_an_accepted_connection_cannot_be_declined(people):
    connection = connect(people.sam, people.river)
    with pytest.raises(AccountError):
        actions.decline_connection(user=people.river, connection=connection)
    assert Connection.objects.get().status == Connection.Status.ACCEPTED


def test_only_the_requester_can_withdraw_a_pending_request(people):
    connection = actions.request_connection(requester=people.sam, addressee=people.river)
    for someone in (people.river, people.outsider):
        with pytest.raises(AccountError, match="no longer pending"):
            actions.withdraw_connection_request(user=someone, connection=connection)
    actions.withdraw_connection_request(user=people.sam, connection=connection)
    assert not Connection.objects.exists()


def test_an_accepted_connection_cannot_be_withdrawn(people):
    connection = connect(people.sam, people.river)
    with pytest.raises(AccountError):
        actions.withdraw_connection_request(user=people.sam, connection=connection)
    assert Connection.objects.exists()


def test_either_side_can_remove_a_connection(people):
    connect(people.sam, people.river)
    actions.remove_connection(user=people.river, other=people.sam)
    assert not Connection.objects.exists()
    connect(people.river, people.jordan)
    actions.remove_connection(user=people.river, other=people.jordan)
    assert not Connection.objects.exists()


# Blocks


def test_block_removes_connections_and_requests_both_ways_and_is_logged(people):
    connect(people.sam, people.river)
    actions.request_connection(requester=people.jordan, addressee=people.river)
    actions.block_member(blocker=people.river, blocked=people.sam)
    actions.block_member(blocker=people.river, blocked=people.jordan)
    assert not Connection.objects.exists()
    entry = AuditLogEntry.objects.filter(action="member.blocked").first()
    assert entry is not None
    assert entry.actor == people.river


def test_blocking_twice_keeps_one_block_and_one_log_entry(people):
    actions.block_member(blocker=people.river, blocked=people.drew)
    assert Block.objects.filter(blocker=people.river, blocked=people.drew).count() == 1
    assert AuditLogEntry.objects.filter(action="member.blocked", actor=people.river).count() == 1


def test_blocking_yourself_is_refused(people):
    with pytest.raises(AccountError, match="block yourself"):
        actions.block_member(blocker=people.river, blocked=people.river)
    assert not Block.objects.filter(blocker=people.river, blocked=people.river).exists()


def test_unblock_removes_only_your_own_block_and_is_logged(people):
    actions.unblock_member(blocker=people.drew, blocked_id=people.river.pk)  # not drew's block
    assert Block.objects.filter(blocker=people.river, blocked=people.drew).exists()
    assert not AuditLogEntry.objects.filter(action="member.unblocked").exists()

    actions.unblock_member(blocker=people.river, blocked_id=people.drew.pk)
    assert not Block.objects.filter(blocker=people.river).exists()
    entry = AuditLogEntry.objects.get(action="member.unblocked")
    assert entry.actor == people.river
    assert entry.data == {"blocked_id": people.drew.pk}


# Roles


def test_grant_and_revoke_role_change_roles_and_write_the_audit_log(people):
    actions.grant_role(actor=people.casey, user=people.river, role=Role.FACILITATOR)
    assert people.river.has_role(Role.FACILITATOR)
    granted = AuditLogEntry.objects.get(action="role.granted", target_id=str(people.river.pk))
    assert granted.actor == people.casey
    assert granted.target_type == "accounts.user"
    assert granted.data == {"role": "facilitator"}

    actions.revoke_role(actor=people.casey, user=people.river, role=Role.FACILITATOR)
    assert not people.river.has_role(Role.FACILITATOR)
    assert not User.objects.get(pk=people.river.pk).has_role(Role.FACILITATOR)
    revoked = AuditLogEntry.objects.get(action="role.revoked", target_id=str(people.river.pk))
    assert revoked.actor == people.casey
    assert revoked.data == {"role": "facilitator"}


# Deleting an account


def test_delete_account_removes_member_profile_connections_and_blocks(people):
    river_id = people.river.pk
    connect(people.sam, people.river)
    actions.request_connection(requester=people.river, addressee=people.jordan)
    actions.block_member(blocker=people.morgan, blocked=people.river)

    actions.delete_account(user=people.river)

    assert not User.objects.filter(pk=river_id).exists()
    assert not Profile.objects.filter(user_id=river_id).exists()
    assert not Connection.objects.exists()
    assert not Block.objects.filter(blocker_id=river_id).exists()
    assert not Block.objects.filter(blocked_id=river_id).exists()
    assert User.objects.filter(pk=people.sam.pk).exists()


def test_delete_account_audit_entry_keeps_no_personal_data(people):
    river_id = people.river.pk
    set_bio = {"bio": "private story"}
    actions.update_profile(
        user=people.river,
        profile_fields=set_bio,
        visibility=dict.fromkeys(Profile.VISIBLE_FIELDS, "me"),
        timezone_name=people.river.timezone,
    )
    actions.delete_account(user=people.river)

    entry = AuditLogEntry.objects.get(action="account.deleted")
    assert entry.actor is None
    assert entry.data == {"user_id": river_id}
    recorded = f"{entry.target_type} {entry.target_id} {entry.data}"
    for personal in ("river", "example.org", "private story"):
        assert personal not in recorded
    # The member's own earlier entries lose their link to the person.
    assert not AuditLogEntry.objects.filter(actor_id=river_id).exists()
