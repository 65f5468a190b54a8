"""Reads for member pages, and the data export, which must hold no one else's private data."""

import pytest

from alongside.accounts import actions, selectors
from alongside.accounts.export import export_account
from alongside.accounts.models import User, Visibility
from alongside.core.exports import export_member_data
from tests.accounts.builders import connect, new_member, set_profile


def handles(page: selectors.KeysetPage) -> list[str]:
    return [entry.member.handle for entry in page.items]


@pytest.mark.parametrize(
    ("level", "is_self", "is_connected", "expected"),
    [
        (Visibility.ONLY_ME, True, True, True),
        (Visibility.ONLY_ME, False, True, False),
        (Visibility.ONLY_ME, False, False, False),
        (Visibility.CONNECTIONS, True, True, True),
        (Visibility.CONNECTIONS, False, True, True),
        (Visibility.CONNECTIONS, False, False, False),
        (Visibility.MEMBERS, True, True, True),
        (Visibility.MEMBERS, False, True, True),
        (Visibility.MEMBERS, False, False, True),
        ("unknown-level", False, True, False),
    ],
)
def test_may_see(level, is_self, is_connected, expected):
    assert selectors.may_see(level, is_self=is_self, is_connected=is_connected) is expected


def test_relationship_between_reports_self_request_and_connection(people):
    assert selectors.relationship_between(people.river, people.river).is_self
    stranger = selectors.relationship_between(people.river, people.outsider)
    assert not (stranger.is_connected or stranger.request_sent or stranger.request_received)

    actions.request_connection(requester=people.sam, addressee=people.river)
    assert selectors.relationship_between(people.sam, people.river).request_sent
    assert selectors.relationship_between(people.river, people.sam).request_received
    assert not selectors.relationship_between(people.river, people.sam).is_connected

    connect(people.jordan, people.river)
    assert selectors.relationship_between(people.river, people.jordan).is_connected
    assert selectors.relationship_between(people.jordan, people.river).is_connected


def test_visible_profile_fields_leave_out_empty_fields(people):
    set_profile(people.river, bio="Hello")
    fields = selectors.visible_profile_fields(
        people.river, selectors.relationship_between(people.outsider, people.river)
    )
    assert [f.name for f in fields] == ["bio", "timezone"]
    assert fields[0].value == "Hello"


def test_new_members_show_nothing_to_others_by_default(people):
    wren = new_member("wren")
    actions.update_profile(
        user=wren,
        profile_fields={"bio": "Mine", "display_name": "Wren"},
        visibility=dict(wren.profile.visibility),
        timezone_name=wren.timezone,
    )
    wren = User.objects.select_related("profile").get(pk=wren.pk)
    connect(people.sam, wren)
    as_connection = selectors.relationship_between(people.sam, wren)
    assert selectors.visible_profile_fields(wren, as_connection) == []
    own = selectors.visible_profile_fields(wren, selectors.relationship_between(wren, wren))
    assert {f.name for f in own} == {"display_name", "bio", "timezone"}


def test_members_visible_to_leaves_out_both_sides_of_a_block(people):
    assert people.river not in selectors.members_visible_to(people.drew)
    assert people.drew not in selectors.members_visible_to(people.river)
    assert people.river in selectors.members_visible_to(people.outsider)
    User.objects.filter(pk=people.sam.pk).update(is_active=False)
    assert people.sam not in selectors.members_visible_to(people.outsider)


def test_directory_searches_handles_in_any_case(people):
    assert handles(selectors.member_directory(people.outsider, query="RIV")) == ["river"]


def test_directory_never_searches_email(people):
    assert handles(selectors.member_directory(people.outsider, query="river@example.org")) == []
    assert handles(selectors.member_directory(people.outsider, query="example.org")) == []


@pytest.mark.parametrize(
    ("level", "found"),
    [(Visibility.ONLY_ME, False), (Visibility.CONNECTIONS, False), (Visibility.MEMBERS, True)],
)
def test_directory_finds_a_display_name_only_when_shown_to_all_members(people, level, found):
    set_profile(people.river, visibility=level, display_name="Rainbow Tree")
    connect(people.sam, people.river)
    for viewer in (people.sam, people.outsider):
        result = handles(selectors.member_directory(viewer, query="rainbow"))
        assert result == (["river"] if found else [])


def test_directory_shows_display_names_as_their_owner_chose(people):
    set_profile(people.river, visibility=Visibility.CONNECTIONS, display_name="River T.")
    connect(people.sam, people.river)
    by_handle = {
        e.member.handle: e for e in selectors.member_directory(people.sam, query="river").items
    }
    assert by_handle["river"].display_name == "River T."
    assert by_handle["river"].is_connected
    stranger_view = selectors.member_directory(people.outsider, query="river").items
    assert [(e.display_name, e.is_connected) for e in stranger_view] == [("", False)]


def test_directory_leaves_out_the_viewer_and_both_sides_of_a_block(people):
    assert "river" not in handles(selectors.member_directory(people.river))
    assert "drew" not in handles(selectors.member_directory(people.river))
    assert "river" not in handles(selectors.member_directory(people.drew))
    assert handles(selectors.member_directory(people.drew, query="river")) == []


def test_directory_pages_walk_every_member_once_in_handle_order(people):
    for n in range(12):
        new_member(f"Member{n:02d}")
    seen: list[str] = []
    after = None
    while True:
        page = selectors.member_directory(people.outsider, after=after, limit=5)
        seen += handles(page)
        if page.next_cursor is None:
            break
        after = page.next_cursor
    expected = sorted(
        (u.handle for u in User.objects.exclude(pk__in=[people.outsider.pk])), key=str.lower
    )
    assert seen == expected
    assert len(seen) == len(set(seen))


def test_connections_overview_sorts_connected_incoming_and_outgoing(people):
    connect(people.sam, people.river)
    actions.request_connection(requester=people.jordan, addressee=people.river)
    actions.request_connection(requester=people.river, addressee=people.morgan)
    overview = selectors.connections_overview(people.river)
    assert [e.member for e in overview.connections] == [people.sam]
    assert [e.member for e in overview.incoming] == [people.jordan]
    assert [e.member for e in overview.outgoing] == [people.morgan]


def test_blocked_members_lists_only_your_own_blocks(people):
    assert [b.blocked for b in selectors.blocked_members(people.river)] == [people.drew]
    assert selectors.blocked_members(people.drew) == []


# Download my data


def test_export_holds_account_profile_connections_and_blocks(people):
    set_profile(people.river, visibility=Visibility.ONLY_ME, bio="My own story")
    connect(people.sam, people.river)
    actions.request_connection(requester=people.jordan, addressee=people.river, message="Hi!")
    actions.request_connection(requester=people.river, addressee=people.morgan)

    data = export_account(people.river)

    assert data["handle"] == "river"
    assert data["email"] == "river@example.org"
    assert data["profile"]["bio"] == "My own story"
    assert data["profile"]["visibility"]["bio"] == "me"
    assert [c["with"] for c in data["connections"]] == ["sam"]
    assert [(c["with"], c["message"]) for c in data["connection_requests_received"]] == [
        ("jordan", "Hi!")
    ]
    assert [c["with"] for c in data["connection_requests_sent"]] == ["morgan"]
    assert data["blocked"] == ["drew"]
    assert "member" in data["roles"]


def test_export_holds_no_private_data_of_other_members(people):
    set_profile(people.sam, visibility=Visibility.ONLY_ME, bio="Sam's secret", location="Sam town")
    set_profile(people.jordan, visibility=Visibility.CONNECTIONS, display_name="Jordan Secret")
    connect(people.sam, people.river)
    connect(people.river, people.jordan)

    text = str(export_member_data(people.river))

    for private in ("sam@example.org", "jordan@example.org", "Sam's secret", "Sam town"):
        assert private not in text
    assert "Jordan Secret" not in text
    assert "drew@example.org" not in text
