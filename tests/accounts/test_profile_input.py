"""/settings/profile/ with good and bad input, and how what was saved shows to others."""

import pytest
from django.test import Client

from alongside.accounts.models import Profile, User, Visibility
from tests.accounts.builders import (
    ESCAPED_SCRIPT,
    SCRIPT,
    connect,
    html,
    profile_snapshot,
    set_profile,
    shows,
)

PROFILE = "/settings/profile/"
NOT_SAVED = "Please check the fields marked below. Nothing was saved yet."
TEXT_FIELDS = {"display_name": 60, "pronouns": 40, "bio": 500, "location": 80, "languages": 100}


def profile_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": "River T.",
        "pronouns": "she/her",
        "bio": "Two years in. Here to listen.",
        "location": "Portland",
        "languages": "English, Spanish",
        "pathways": ["smart", "secular"],
        "timezone": "America/Los_Angeles",
    }
    data.update({f"{name}_visibility": Visibility.MEMBERS for name in Profile.VISIBLE_FIELDS})
    data.update(changes)
    return data


def test_visitors_are_asked_to_log_in(people):
    assert Client().get(PROFILE)["Location"] == f"/accounts/login/?next={PROFILE}"
    Client().post(PROFILE, profile_form())
    assert Profile.objects.get(user=people.river).bio == ""


def test_the_form_shows_the_members_own_profile_and_choices(people, client_for):
    set_profile(people.river, visibility=Visibility.CONNECTIONS, bio="My story")
    response = client_for(people.river).get(PROFILE)
    assert response.status_code == 200
    assert "My story</textarea>" in html(response)
    assert '<option value="connections" selected>' in html(response)


def test_saving_the_profile_stores_every_field_and_its_visibility(people, client_for):
    data = profile_form(bio_visibility="me", location_visibility="connections")
    response = client_for(people.river).post(PROFILE, data, follow=True)
    assert response.redirect_chain == [(PROFILE, 302)]
    assert shows(response, "Your profile is saved.")
    profile = Profile.objects.get(user=people.river)
    assert profile.display_name == "River T."
    assert profile.pathways == ["smart", "secular"]
    assert profile.visibility["bio"] == "me"
    assert profile.visibility["location"] == "connections"
    assert profile.visibility["pronouns"] == "members"


def test_saving_changes_the_members_timezone(people, client_for):
    client_for(people.river).post(PROFILE, profile_form(timezone="Europe/Madrid"))
    assert User.objects.get(pk=people.river.pk).timezone == "Europe/Madrid"


def test_a_display_name_is_saved_with_tidy_spaces(people, client_for):
    client_for(people.river).post(PROFILE, profile_form(display_name="  River   T.  "))
    assert Profile.objects.get(user=people.river).display_name == "River T."


def test_a_member_can_only_edit_their_own_profile(people, client_for):
    before = profile_snapshot(people.sam)
    client_for(people.river).post(PROFILE, profile_form(bio="River's words"))
    assert profile_snapshot(people.sam) == before
    assert Profile.objects.get(user=people.river).bio == "River's words"


@pytest.mark.parametrize(("field", "limit"), TEXT_FIELDS.items())
def test_overlong_text_is_refused_clearly_and_nothing_is_saved(people, client_for, field, limit):
    before = profile_snapshot(people.river)
    data = profile_form(**{field: "x" * (limit + 1)})
    response = client_for(people.river).post(PROFILE, data)
    assert response.status_code == 400
    message = f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    assert shows(response, message)
    assert shows(response, NOT_SAVED)
    assert profile_snapshot(people.river) == before
    assert User.objects.get(pk=people.river.pk).timezone == people.river.timezone


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_empty_text_clears_an_optional_field(people, client_for, field):
    set_profile(people.river, **{field: "something"})
    response = client_for(people.river).post(PROFILE, profile_form(**{field: ""}))
    assert response.status_code == 302
    assert getattr(Profile.objects.get(user=people.river), field) == ""


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_script_text_is_stored_as_typed_and_shown_escaped_everywhere(people, client_for, field):
    client_for(people.river).post(PROFILE, profile_form(**{field: SCRIPT}))
    assert getattr(Profile.objects.get(user=people.river), field) == SCRIPT
    connect(people.sam, people.river)
    sam = client_for(people.sam)
    pages = ["/people/river/", "/people/?q=river", "/me/connections/", "/"]
    own = client_for(people.river)
    for response in [sam.get(page) for page in pages] + [
        own.get(PROFILE),
        own.get("/people/river/"),
    ]:
        assert "<script>alert" not in html(response)
    assert ESCAPED_SCRIPT in html(sam.get("/people/river/"))


BAD_CHOICES = [
    pytest.param(
        {"bio_visibility": "everyone"},
        "Select a valid choice. everyone is not one of the available choices.",
        id="level",
    ),
    pytest.param(
        {"bio_visibility": ""},
        "This field is required.",
        id="no-level",
    ),
    pytest.param(
        {"bio_visibility": SCRIPT},
        "Select a valid choice.",
        id="script-level",
    ),
    pytest.param({"timezone": ""}, "This field is required.", id="no-tz"),
    pytest.param({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice.", id="bad-tz"),
    pytest.param(
        {"pathways": ["prayer-only"]},
        "Select a valid choice. prayer-only is not one of the available choices.",
        id="pathway",
    ),
    pytest.param({"pathways": [SCRIPT]}, "Select a valid choice.", id="script-pathway"),
]


@pytest.mark.parametrize(
    "changes", [p.values[0] for p in BAD_CHOICES], ids=[p.id for p in BAD_CHOICES]
)
def test_bad_choices_are_refused_and_nothing_is_saved(people, client_for, changes):
    before = profile_snapshot(people.river)
    response = client_for(people.river).post(PROFILE, profile_form(**changes))
    assert response.status_code == 400
    assert shows(response, NOT_SAVED)
    assert "<script>alert" not in html(response)
    assert profile_snapshot(people.river) == before


@pytest.mark.parametrize(("changes", "message"), BAD_CHOICES)
def test_bad_choices_say_what_is_wrong_next_to_the_field(people, client_for, changes, message):
    response = client_for(people.river).post(PROFILE, profile_form(**changes))
    assert shows(response, message)


def test_one_bad_field_among_good_ones_saves_none_of_them(people, client_for):
    before = profile_snapshot(people.river)
    data = profile_form(bio="A fine bio", location="y" * 81, timezone="Europe/Madrid")
    assert client_for(people.river).post(PROFILE, data).status_code == 400
    assert profile_snapshot(people.river) == before
    assert User.objects.get(pk=people.river.pk).timezone != "Europe/Madrid"


def test_a_form_with_every_field_blank_is_refused_and_saves_nothing(people, client_for):
    set_profile(people.river, bio="Keep me")
    before = profile_snapshot(people.river)
    blank = {name: "" for name in profile_form() if name != "pathways"}
    response = client_for(people.river).post(PROFILE, blank)
    assert response.status_code == 400
    assert shows(response, "This field is required.")
    assert profile_snapshot(people.river) == before
