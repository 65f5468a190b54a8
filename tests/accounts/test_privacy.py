"""Who sees what: each profile detail at each visibility level, for each kind of viewer.

river fills in every detail; sam is connected with her; outsider is not; drew is blocked;
a visitor is not logged in.
"""

import pytest
from django.test import Client

from alongside.accounts import actions
from alongside.accounts.models import Profile, User, Visibility
from tests.accounts.builders import connect, html, profile_handles, set_profile

DETAILS: dict[str, object] = {
    "display_name": "River Tamsin",
    "pronouns": "xe/xem",
    "bio": "Eighteen months sober and grateful",
    "location": "Duluth",
    "languages": "Esperanto",
    "pathways": ["smart"],
}
SHOWN_AS: dict[str, str] = {
    **{name: value for name, value in DETAILS.items() if isinstance(value, str)},
    "pathways": "SMART Recovery",
    "timezone": "America/Los Angeles",
}

# (level, viewer) -> sees river's details?
MATRIX = [
    (Visibility.ONLY_ME, "river", True),
    (Visibility.ONLY_ME, "sam", False),
    (Visibility.ONLY_ME, "outsider", False),
    (Visibility.CONNECTIONS, "river", True),
    (Visibility.CONNECTIONS, "sam", True),
    (Visibility.CONNECTIONS, "outsider", False),
    (Visibility.MEMBERS, "river", True),
    (Visibility.MEMBERS, "sam", True),
    (Visibility.MEMBERS, "outsider", True),
]


@pytest.fixture
def river_with_details(people):
    connect(people.sam, people.river)
    return people


def show_only(user: User, field: str, level: str) -> None:
    """Fill in every detail, showing `field` at `level` and everything else to no one."""
    visibility: dict[str, str] = dict.fromkeys(Profile.VISIBLE_FIELDS, Visibility.ONLY_ME)
    visibility[field] = level
    actions.update_profile(
        user=user, profile_fields=DETAILS, visibility=visibility, timezone_name=user.timezone
    )


@pytest.mark.parametrize("field", Profile.VISIBLE_FIELDS)
@pytest.mark.parametrize(("level", "viewer", "sees"), MATRIX)
def test_each_profile_detail_shows_only_to_whom_its_owner_chose(
    river_with_details, client_for, field, level, viewer, sees
):
    people = river_with_details
    show_only(people.river, field, level)
    page = html(client_for(getattr(people, viewer)).get("/people/river/"))
    assert (SHOWN_AS[field] in page) is sees
    if viewer != "river":  # the owner sees every detail; others see none of the hidden ones
        assert [f for f in SHOWN_AS if f != field and SHOWN_AS[f] in page] == []


@pytest.mark.parametrize("level", Visibility.values)
def test_visitors_and_the_blocked_person_see_no_detail_at_any_level(
    river_with_details, client_for, level
):
    people = river_with_details
    set_profile(people.river, visibility=level, **DETAILS)
    for client in (Client(), client_for(people.drew)):
        for url in ("/people/river/", "/people/", "/people/?q=river", "/people/?q=Tamsin", "/"):
            page = html(client.get(url, follow=True))
            for value in SHOWN_AS.values():
                assert value not in page, (url, value)


def test_the_owner_sees_who_can_see_each_detail(people, client_for):
    visibility: dict[str, str] = dict.fromkeys(Profile.VISIBLE_FIELDS, Visibility.MEMBERS)
    visibility.update(bio=Visibility.ONLY_ME, location=Visibility.CONNECTIONS)
    actions.update_profile(
        user=people.river, profile_fields=DETAILS, visibility=visibility, timezone_name="UTC"
    )
    page = html(client_for(people.river).get("/people/river/"))
    assert 'Eighteen months sober and grateful <span class="badge">Only you</span>' in page
    assert 'Duluth <span class="badge">Your connections</span>' in page
    assert 'Esperanto <span class="badge">All members</span>' in page
    assert "Only you" not in html(client_for(people.sam).get("/people/river/"))


@pytest.mark.parametrize(("level", "viewer", "sees"), [m for m in MATRIX if m[1] != "river"])
def test_the_display_name_in_lists_follows_its_visibility(
    river_with_details, client_for, level, viewer, sees
):
    people = river_with_details
    show_only(people.river, "display_name", level)
    client = client_for(getattr(people, viewer))
    pages = ["/people/?q=river", "/me/connections/", "/"] if viewer == "sam" else ["/people/"]
    for url in pages:
        assert ("River Tamsin" in html(client.get(url))) is sees, url


def test_a_pending_request_does_not_open_connections_only_details(people, client_for):
    set_profile(people.river, visibility=Visibility.CONNECTIONS, **DETAILS)
    actions.request_connection(requester=people.outsider, addressee=people.river)
    assert "Duluth" not in html(client_for(people.outsider).get("/people/river/"))


def test_removing_a_connection_closes_connections_only_details_again(
    river_with_details, client_for
):
    people = river_with_details
    set_profile(people.river, visibility=Visibility.CONNECTIONS, **DETAILS)
    sam = client_for(people.sam)
    assert "Duluth" in html(sam.get("/people/river/"))
    actions.remove_connection(user=people.river, other=people.sam)
    assert "Duluth" not in html(sam.get("/people/river/"))


# Email is never shown to another member


def member_pages(handle: str) -> list[str]:
    return [
        f"/people/{handle}/",
        f"/people/{handle}/block/",
        f"/people/?q={handle}",
        "/people/",
        "/me/connections/",
        "/",
    ]


@pytest.mark.parametrize("level", Visibility.values)
def test_rivers_email_never_appears_on_another_members_pages(river_with_details, client_for, level):
    people = river_with_details
    set_profile(people.river, visibility=level, **DETAILS)
    actions.request_connection(requester=people.river, addressee=people.jordan)
    for viewer in (people.sam, people.outsider, people.jordan, people.casey, people.morgan):
        client = client_for(viewer)
        for url in member_pages("river"):
            assert "river@example.org" not in html(client.get(url)), (viewer, url)


def test_searching_for_an_email_finds_no_one(people, client_for):
    for query in ("river@example.org", "@example.org", "example"):
        response = client_for(people.outsider).get("/people/", {"q": query})
        assert profile_handles(response) == []


def test_the_blocked_person_sees_nothing_of_river_anywhere(people, client_for):
    set_profile(people.river, visibility=Visibility.MEMBERS, **DETAILS)
    drew = client_for(people.drew)
    for url in ("/people/", "/people/?q=riv", "/me/connections/", "/", "/settings/blocked/"):
        page = html(drew.get(url))
        assert "river" not in profile_handles(drew.get(url))
        assert "Tamsin" not in page


def test_river_no_longer_sees_the_person_she_blocked(people, client_for):
    set_profile(people.drew, visibility=Visibility.MEMBERS, display_name="Drew Quill")
    river = client_for(people.river)
    for url in ("/people/", "/people/?q=drew", "/me/connections/", "/"):
        assert "drew" not in profile_handles(river.get(url))
        assert "Drew Quill" not in html(river.get(url))
