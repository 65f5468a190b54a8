"""What members type into mentoring pages: empty, overlong and script input, invalid choices
and datetimes, and the main flows end to end through the views."""

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages

from alongside.mentoring import actions
from alongside.mentoring.forms import SUGGESTED_COMMITMENT, SUGGESTED_REQUEST
from alongside.mentoring.models import (
    CheckInCall,
    EndingFeedback,
    Goal,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
)
from tests.conftest import make_member
from tests.mentoring.viewkit import (
    ESCAPED,
    SCRIPT,
    build_world,
    future,
    mentor_from,
    page_text,
    request_to,
)


@pytest.fixture
def world(people):
    return build_world(people)


def assert_escaped(page: str) -> None:
    assert ESCAPED in page
    assert SCRIPT not in page


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def agreement_data(**changes):
    return {
        "cadence": "fortnightly",
        "channels": ["messages", "phone"],
        "contact_hours": "Weekday evenings",
        "boundaries": "No calls at work",
        "crisis_plan": "Call 988 first",
        **changes,
    }


def profile_data(**changes):
    return {
        "about": "Ten years in, happy to listen.",
        "pathways": ["12-step"],
        "languages": ["en"],
        "capacity": "3",
        "accepting": "on",
        "contact_start": "09:00",
        "contact_end": "21:00",
        **changes,
    }


# Empty and overlong text: a 400 with a clear message, nothing saved


@pytest.mark.parametrize(
    ("field", "limit"), [("message", 1200), ("commitment", 600)], ids=["message", "commitment"]
)
@pytest.mark.parametrize("kind", ["empty", "blank", "overlong"])
def test_a_bad_request_is_refused_with_a_message(world, client_for, field, limit, kind):
    value, expected = {
        "empty": ("", "This field is required."),
        "blank": ("  \n ", "This field is required."),
        "overlong": ("x" * (limit + 1), f"at most {limit} characters (it has {limit + 1})"),
    }[kind]
    data = {"message": "Please?", "commitment": "I will show up", field: value}
    response = client_for(world.people.jordan).post("/mentors/sam/", data)
    assert response.status_code == 400
    assert expected in page_text(response)
    assert not MentorshipRequest.objects.filter(mentee=world.people.jordan).exists()


def test_a_request_with_script_is_kept_as_text_and_shown_escaped(world, client_for):
    jordan = client_for(world.people.jordan)
    response = jordan.post("/mentors/sam/", {"message": SCRIPT, "commitment": SCRIPT + " too"})
    assert response.status_code == 302
    request = MentorshipRequest.objects.get(mentee=world.people.jordan)
    assert request.message == SCRIPT and request.commitment == SCRIPT + " too"
    for client in (jordan, client_for(world.sam)):
        page = page_text(client.get(f"/mentoring/requests/{request.pk}/"))
        assert page.count(ESCAPED) == 2
        assert SCRIPT not in page


def test_a_bad_response_is_refused_and_the_request_stays_open(world, client_for):
    request = request_to(world.people.jordan, world.sam)
    sam = client_for(world.sam)
    url = f"/mentoring/requests/{request.pk}/"
    response = sam.post(url, {"decision": "accept", "response": "x" * 601})
    assert response.status_code == 400
    assert "at most 600 characters (it has 601)" in page_text(response)
    response = sam.post(url, {"decision": "maybe", "response": "Hmm"})
    assert response.status_code == 400
    assert "Select a valid choice" in page_text(response)
    response = sam.post(url, {"response": "Hmm"})
    assert response.status_code == 400
    assert "This field is required." in page_text(response)
    request.refresh_from_db()
    assert request.status == MentorshipRequest.Status.OPEN and request.response == ""
    assert not Mentorship.objects.filter(mentee=world.people.jordan).exists()


def test_an_empty_response_is_fine_and_a_script_response_is_shown_escaped(world, client_for):
    quiet = request_to(world.people.jordan, world.sam)
    url = f"/mentoring/requests/{quiet.pk}/"
    assert client_for(world.sam).post(url, {"decision": "decline"}).status_code == 302
    quiet.refresh_from_db()
    assert quiet.status == MentorshipRequest.Status.DECLINED and quiet.response == ""

    loud = request_to(world.people.outsider, world.sam)
    url = f"/mentoring/requests/{loud.pk}/"
    response = client_for(world.sam).post(url, {"decision": "decline", "response": SCRIPT})
    assert response.status_code == 302
    loud.refresh_from_db()
    assert loud.response == SCRIPT
    assert_escaped(page_text(client_for(world.people.outsider).get(url)))


@pytest.mark.parametrize(
    ("field", "limit"),
    [("contact_hours", 200), ("boundaries", 1200), ("crisis_plan", 600)],
)
@pytest.mark.parametrize("kind", ["empty", "overlong"])
def test_a_bad_agreement_is_refused_and_nothing_changes(world, client_for, field, limit, kind):
    m = world.mentorship
    actions.confirm_agreement(user=world.people.river, mentorship=m)
    before = Mentorship.objects.filter(pk=m.pk).values().get()
    value = "" if kind == "empty" else "y" * (limit + 1)
    response = client_for(world.sam).post(
        f"/mentoring/{m.pk}/agreement/", agreement_data(**{field: value})
    )
    assert response.status_code == 400
    expected = (
        "This field is required."
        if kind == "empty"
        else f"at most {limit} characters (it has {limit + 1})"
    )
    assert expected in page_text(response)
    assert Mentorship.objects.filter(pk=m.pk).values().get() == before


def test_bad_agreement_choices_are_refused(world, client_for):
    m = world.mentorship
    before = Mentorship.objects.filter(pk=m.pk).values().get()
    sam = client_for(world.sam)
    url = f"/mentoring/{m.pk}/agreement/"
    for changes in ({"cadence": "hourly"}, {"channels": ["fax"]}, {"channels": []}):
        response = sam.post(url, agreement_data(**changes))
        assert response.status_code == 400, changes
        text = page_text(response)
        assert "Select a valid choice" in text or "This field is required." in text, changes
    assert Mentorship.objects.filter(pk=m.pk).values().get() == before


def test_an_agreement_with_script_is_shown_escaped(world, client_for):
    m = world.mentorship
    data = agreement_data(contact_hours=SCRIPT, boundaries=SCRIPT, crisis_plan=SCRIPT)
    assert client_for(world.sam).post(f"/mentoring/{m.pk}/agreement/", data).status_code == 302
    m.refresh_from_db()
    assert (m.contact_hours, m.boundaries, m.crisis_plan) == (SCRIPT, SCRIPT, SCRIPT)
    page = page_text(client_for(world.people.river).get(f"/mentoring/{m.pk}/"))
    assert page.count(ESCAPED) == 3 and SCRIPT not in page
    # The edit form shows it escaped too.
    assert_escaped(page_text(client_for(world.people.river).get(f"/mentoring/{m.pk}/agreement/")))


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("check-ins/", {"when": "__future__"}),
        ("goals/", {"title": "Keep going"}),
    ],
    ids=["schedule", "goal"],
)
def test_writing_to_an_ended_mentorship_says_it_has_ended(world, client_for, path, data):
    m = world.mentorship
    actions.end_mentorship(user=world.sam, mentorship=m)
    data = {k: future() if v == "__future__" else v for k, v in data.items()}
    response = client_for(world.people.river).post(f"/mentoring/{m.pk}/{path}", data)
    assert response.status_code == 400
    assert "This mentorship has ended." in page_text(response)


def test_nothing_is_written_to_an_ended_mentorship(world, client_for):
    m = world.mentorship
    actions.end_mentorship(user=world.sam, mentorship=m)
    river = client_for(world.people.river)
    assert river.post(f"/mentoring/{m.pk}/check-ins/", {"when": future()}).status_code == 400
    assert river.post(f"/mentoring/{m.pk}/goals/", {"title": "Go"}).status_code == 400
    assert river.post(f"/mentoring/{m.pk}/agreement/confirm/").status_code == 302
    assert m.check_ins.filter(status=CheckInCall.Status.SCHEDULED).count() == 0
    assert m.goals.count() == 1
    assert Mentorship.objects.get(pk=m.pk).mentee_confirmed_at is None


@pytest.mark.parametrize("kind", ["empty", "overlong"])
def test_a_bad_goal_is_refused(world, client_for, kind):
    m = world.mentorship
    value = "" if kind == "empty" else "g" * 201
    response = client_for(world.people.river).post(f"/mentoring/{m.pk}/goals/", {"title": value})
    assert response.status_code == 400
    expected = "at most 200 characters (it has 201)" if kind == "overlong" else "required"
    assert expected in page_text(response)
    assert list(m.goals.values_list("title", flat=True)) == ["Walk every morning"]


def test_a_goal_with_script_is_shown_escaped_to_both(world, client_for):
    m = world.mentorship
    assert (
        client_for(world.people.river)
        .post(f"/mentoring/{m.pk}/goals/", {"title": SCRIPT})
        .status_code
        == 302
    )
    assert m.goals.filter(title=SCRIPT).exists()
    for user in (world.people.river, world.sam):
        assert_escaped(page_text(client_for(user).get(f"/mentoring/{m.pk}/")))


def test_a_bad_log_is_refused_with_a_message_and_the_check_in_stays(world, client_for):
    """The log form answers with a redirect back and the reason as a message."""
    m, call = world.mentorship, world.check_in
    url = f"/mentoring/{m.pk}/check-ins/{call.pk}/"
    sam = client_for(world.sam)
    for data, expected in [
        ({"status": "done", "note": "n" * 2001}, "at most 2000 characters (it has 2001)"),
        ({"status": "maybe"}, "Select a valid choice"),
        ({"note": "Fine"}, "This field is required."),
        ({"status": "done", "how_it_went": "9"}, "Select a valid choice"),
    ]:
        response = sam.post(url, data, follow=True)
        assert response.redirect_chain == [(f"/mentoring/{m.pk}/#check-ins", 302)], data
        assert expected in page_text(response), data
    call.refresh_from_db()
    assert (call.status, call.note, call.logged_by) == (CheckInCall.Status.SCHEDULED, "", None)


def test_a_log_note_with_script_is_shown_escaped(world, client_for):
    m, call = world.mentorship, world.check_in
    url = f"/mentoring/{m.pk}/check-ins/{call.pk}/"
    response = client_for(world.sam).post(
        url, {"status": "done", "how_it_went": "3", "note": SCRIPT}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.how_it_went, call.note) == ("done", 3, SCRIPT)
    for user in (world.people.river, world.sam):
        assert_escaped(page_text(client_for(user).get(f"/mentoring/{m.pk}/")))


def test_a_bad_pause_is_refused_with_a_message(world, client_for):
    sam = client_for(world.sam)
    for data, expected in [
        ({"until": future(10)[:10], "note": "p" * 301}, "at most 300 characters (it has 301)"),
        ({"until": "someday"}, "Enter a valid date."),
        ({"until": "9999-12-31"}, "A break can be up to six months"),
        ({"until": "2001-01-01"}, "Choose a date from today on"),
        ({"note": "Back soon"}, "This field is required."),
    ]:
        response = sam.post("/mentoring/pause/", data)
        assert response.status_code == 400, data
        assert expected in page_text(response), data
    profile = MentorProfile.objects.get(user=world.sam)
    assert (profile.paused_until, profile.pause_note) == (None, "")


def test_a_pause_note_with_script_is_saved_as_text(world, client_for):
    response = client_for(world.sam).post(
        "/mentoring/pause/", {"until": future(10)[:10], "note": SCRIPT}
    )
    assert response.status_code == 302
    assert MentorProfile.objects.get(user=world.sam).pause_note == SCRIPT
    page = page_text(client_for(world.people.river).get(f"/mentoring/{world.mentorship.pk}/"))
    assert SCRIPT not in page
    assert "taking a short break" in page


def test_a_pause_note_is_shown_to_the_mentees_escaped(world, client_for):
    client_for(world.sam).post("/mentoring/pause/", {"until": future(10)[:10], "note": SCRIPT})
    page = page_text(client_for(world.people.river).get(f"/mentoring/{world.mentorship.pk}/"))
    assert_escaped(page)


def test_bad_feedback_is_refused_with_a_message(world, client_for):
    m = world.mentorship
    river = client_for(world.people.river)
    url = f"/mentoring/{m.pk}/feedback/"
    response = river.post(url, {"helpful": "yes", "note": "Thanks"}, follow=True)
    assert "Feedback is for when a mentorship has ended." in page_text(response)
    actions.end_mentorship(user=world.sam, mentorship=m)
    for data, expected in [
        ({"helpful": "yes", "note": "f" * 1201}, "at most 1200 characters (it has 1201)"),
        ({"helpful": "sort of"}, "Select a valid choice"),
    ]:
        response = river.post(url, data, follow=True)
        assert response.redirect_chain == [(f"/mentoring/{m.pk}/", 302)], data
        assert expected in page_text(response), data
    assert not EndingFeedback.objects.exists()


def test_feedback_with_script_is_kept_private_as_text(world, client_for):
    m = world.mentorship
    actions.end_mentorship(user=world.sam, mentorship=m)
    response = client_for(world.people.river).post(
        f"/mentoring/{m.pk}/feedback/", {"helpful": "no", "note": SCRIPT}, follow=True
    )
    assert "Thank you. Your feedback stays private." in page_text(response)
    feedback = EndingFeedback.objects.get()
    assert (feedback.author, feedback.helpful, feedback.note) == (world.people.river, False, SCRIPT)
    for user in (world.people.river, world.sam):
        page = page_text(client_for(user).get(f"/mentoring/{m.pk}/"))
        assert SCRIPT not in page and ESCAPED not in page  # never shown, not even to its author


def test_a_bad_mentor_profile_is_refused_and_nothing_changes(world, client_for):
    before = MentorProfile.objects.filter(user=world.sam).values().get()
    sam = client_for(world.sam)
    for changes, expected in [
        ({"about": "a" * 601}, "at most 600 characters (it has 601)"),
        ({"languages": ["xx"]}, "Select a valid choice. xx is not one of the available choices."),
        ({"capacity": "99"}, "Select a valid choice. 99 is not one of the available choices."),
        ({"capacity": "0"}, "Select a valid choice"),
        ({"pathways": ["astrology"]}, "Select a valid choice"),
        ({"availability": ["mon-midnight"]}, "Select a valid choice"),
        ({"gender": "robot"}, "Select a valid choice"),
        ({"contact_start": "25:00"}, "Enter a valid time."),
        ({"contact_start": "21:00"}, "Contact hours need a start and an end that differ."),
    ]:
        response = sam.post("/mentoring/profile/", profile_data(**changes))
        assert response.status_code == 400, changes
        assert expected in page_text(response), changes
    assert MentorProfile.objects.filter(user=world.sam).values().get() == before


def test_a_mentor_about_with_script_is_shown_escaped_wherever_it_appears(world, client_for):
    response = client_for(world.sam).post("/mentoring/profile/", profile_data(about=SCRIPT))
    assert response.status_code == 302
    assert MentorProfile.objects.get(user=world.sam).about == SCRIPT
    jordan = client_for(world.people.jordan)
    for url in ("/mentors/", "/mentors/sam/", "/people/sam/"):
        response = jordan.get(url)
        assert response.status_code == 200, url
        assert_escaped(page_text(response))
    assert_escaped(page_text(client_for(world.sam).get("/mentoring/profile/")))


def test_becoming_a_mentor_with_bad_input_saves_nothing(people, client_for):
    from tests.mentoring.viewkit import eligible

    eligible(people.outsider)
    client = client_for(people.outsider)
    base = {**profile_data(), "agreement": "on"}
    for changes, expected in [
        ({"about": "a" * 601}, "at most 600 characters (it has 601)"),
        ({"languages": ["xx"]}, "xx is not one of the available choices."),
        ({"capacity": "99"}, "99 is not one of the available choices."),
        ({"agreement": ""}, "Please read and accept the mentor agreement."),
    ]:
        response = client.post("/mentors/become/", {**base, **changes})
        assert response.status_code == 400, changes
        assert expected in page_text(response), changes
    assert not MentorProfile.objects.filter(user=people.outsider).exists()
    people.outsider.refresh_from_db()
    assert not people.outsider.has_role("mentor")
    response = client.post("/mentors/become/", {**base, "about": SCRIPT})
    assert response.status_code == 302
    assert MentorProfile.objects.get(user=people.outsider).about == SCRIPT


def test_bad_preferences_are_refused(people, client_for):
    client = client_for(people.river)
    for data, expected in [
        ({"languages": ["xx"]}, "xx is not one of the available choices."),
        ({"pathway": "astrology"}, "Select a valid choice"),
        ({"gender_preference": "robot"}, "Select a valid choice"),
        ({"availability": ["someday"]}, "Select a valid choice"),
    ]:
        response = client.post("/mentors/preferences/", data)
        assert response.status_code == 400, data
        assert expected in page_text(response), data
    from alongside.mentoring.models import MenteePreferences

    assert not MenteePreferences.objects.exists()


def test_bad_wellbeing_answers_are_refused(world, client_for):
    from alongside.mentoring.models import WellbeingCheck

    sam = client_for(world.sam)
    answers = {"stress": "2", "sleep": "4", "own_recovery": "4", "capacity": "4"}
    for changes in ({"stress": "9"}, {"sleep": "zero"}, {"capacity": ""}):
        response = sam.post("/mentoring/wellbeing/", {**answers, **changes})
        assert response.status_code == 400, changes
    assert not WellbeingCheck.objects.exists()
    assert sam.post("/mentoring/wellbeing/", answers).status_code == 302


# Datetimes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tomorrow at six", "Enter a valid date/time."),
        ("2030-02-30T18:00", "Enter a valid date/time."),
        ("2030-01-05T25:00", "Enter a valid date/time."),
        ("", "This field is required."),
        ("9999-12-31T23:59", "Choose a time within the next year."),
        ("0001-01-01T00:00", "Choose a time that hasn't passed yet."),
        ("2001-01-01T10:00", "Choose a time that hasn't passed yet."),
    ],
)
def test_a_bad_check_in_time_is_refused_with_a_message(world, client_for, value, expected):
    m = world.mentorship
    response = client_for(world.people.river).post(f"/mentoring/{m.pk}/check-ins/", {"when": value})
    assert response.status_code == 400
    assert expected.replace("'", "&#x27;") in page_text(response)
    assert list(m.check_ins.values_list("pk", flat=True)) == [world.check_in.pk]


def test_an_extreme_year_in_an_eastern_time_zone_is_refused_not_crashed(world, client_for):
    river = world.people.river
    river.timezone = "Pacific/Kiritimati"  # UTC+14: year 1 local is before datetime.min in UTC
    river.save()
    m = world.mentorship
    client = client_for(river)
    for value in ("0001-01-01T00:00", "9999-12-31T23:59"):
        response = client.post(f"/mentoring/{m.pk}/check-ins/", {"when": value})
        assert response.status_code == 400, value
    river.timezone = "America/Los_Angeles"  # UTC-8: 9999-12-31 local is after datetime.max
    river.save()
    response = client_for(river).post(f"/mentoring/{m.pk}/check-ins/", {"when": "9999-12-31T23:59"})
    assert response.status_code == 400
    assert m.check_ins.count() == 1


# Flows


def test_river_asks_sam_with_the_suggested_words_and_sam_accepts(people, client_for):
    sam = mentor_from(people.sam)
    river = client_for(people.river)
    response = river.get("/mentors/")
    assert "/mentors/sam/" in page_text(response)
    response = river.get("/mentors/sam/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["message"].value() == SUGGESTED_REQUEST % {"mentor": "sam"}
    assert form["commitment"].value() == str(SUGGESTED_COMMITMENT)
    assert "Hi sam, I admire your strength" in page_text(response)

    response = river.post(
        "/mentors/sam/",
        {"message": form["message"].value() + " Thank you.", "commitment": "I'll be there."},
    )
    request = MentorshipRequest.objects.get(mentee=people.river)
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/requests/{request.pk}/"
    assert request.message.endswith("my sober mentor? Thank you.")
    # On the finder, sam now shows as asked.
    assert "Your request is waiting for an answer." in page_text(river.get("/mentors/"))

    mentor = client_for(sam)
    dashboard = page_text(mentor.get("/mentoring/"))
    assert f"/mentoring/requests/{request.pk}/" in dashboard
    response = mentor.post(
        f"/mentoring/requests/{request.pk}/",
        {"decision": "accept", "response": "Yes, I'd be glad to walk beside you."},
    )
    mentorship = Mentorship.objects.get(mentee=people.river, mentor=sam)
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{mentorship.pk}/"
    request.refresh_from_db()
    assert request.status == MentorshipRequest.Status.ACCEPTED
    assert "glad to walk beside you" in page_text(river.get(f"/mentoring/requests/{request.pk}/"))
    assert f"/mentoring/{mentorship.pk}/" in page_text(river.get("/mentoring/"))
    assert "re the mentee." in page_text(river.get(f"/mentoring/{mentorship.pk}/"))


def test_a_decline_shows_the_mentee_other_mentors(people, client_for):
    sam = mentor_from(people.sam)
    mentor_from("ash")
    request = request_to(people.river, sam)
    response = client_for(sam).post(
        f"/mentoring/requests/{request.pk}/", {"decision": "decline", "response": "Not now, sorry."}
    )
    assert response.status_code == 302 and response["Location"] == "/mentoring/"
    page = page_text(client_for(people.river).get(f"/mentoring/requests/{request.pk}/"))
    assert "Other mentors who could be a good fit" in page
    assert "/mentors/ash/" in page
    assert "Not now, sorry." in page
    assert not Mentorship.objects.exists()


def test_both_confirm_the_agreement_and_a_change_asks_again(world, client_for):
    m = world.mentorship
    river, sam = client_for(world.people.river), client_for(world.sam)
    assert "Confirm the agreement" in page_text(river.get(f"/mentoring/{m.pk}/"))
    response = river.post(f"/mentoring/{m.pk}/agreement/confirm/", follow=True)
    assert "You confirmed the agreement." in page_text(response)
    assert "You confirmed; waiting for sam." in page_text(response)
    response = sam.post(f"/mentoring/{m.pk}/agreement/confirm/", follow=True)
    assert "You both agreed." in page_text(response)
    m.refresh_from_db()
    assert m.agreed
    assert "You both confirmed this" in page_text(river.get(f"/mentoring/{m.pk}/"))

    response = sam.post(f"/mentoring/{m.pk}/agreement/", agreement_data())
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{m.pk}/#agreement"
    m.refresh_from_db()
    assert not m.agreed and m.mentor_confirmed_at and m.mentee_confirmed_at is None
    assert (m.cadence, m.channels) == ("fortnightly", ["messages", "phone"])
    assert "Confirm the agreement" in page_text(river.get(f"/mentoring/{m.pk}/"))


def test_a_check_in_time_is_read_in_the_members_own_time_zone(world, client_for, settings):
    settings.TIME_ZONE = "UTC"  # the site's zone must not be the one used
    river = world.people.river
    river.timezone = "America/Los_Angeles"
    river.save()
    m = world.mentorship
    year = datetime.now(UTC).year + 1  # January 5th next year: within the year ahead
    response = client_for(river).post(
        f"/mentoring/{m.pk}/check-ins/", {"when": f"{year}-01-05T18:00"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{m.pk}/#check-ins"
    call = m.check_ins.exclude(pk=world.check_in.pk).get()
    assert call.scheduled_for == datetime(year, 1, 6, 2, 0, tzinfo=UTC)

    sam = world.sam
    sam.timezone = "Asia/Tokyo"
    sam.save()
    response = client_for(sam).post(
        f"/mentoring/{m.pk}/check-ins/", {"when": f"{year}-01-05T18:00"}
    )
    assert response.status_code == 302
    assert m.check_ins.order_by("-pk").first().scheduled_for == datetime(
        year, 1, 5, 9, 0, tzinfo=UTC
    )


def test_the_2030_example_stores_utc(world, client_for, settings, monkeypatch):
    """2030-01-05T18:00 for a member in Los Angeles is 2030-01-06 02:00 UTC. (The action's
    clock is moved to mid-2029 so that date is inside the year ahead.)"""
    settings.TIME_ZONE = "UTC"
    clock = SimpleNamespace(now=lambda: datetime(2029, 6, 1, 12, 0, tzinfo=UTC))
    monkeypatch.setattr(actions, "timezone", clock)
    river = world.people.river
    river.timezone = "America/Los_Angeles"
    river.save()
    m = world.mentorship
    response = client_for(river).post(f"/mentoring/{m.pk}/check-ins/", {"when": "2030-01-05T18:00"})
    assert response.status_code == 302
    call = m.check_ins.exclude(pk=world.check_in.pk).get()
    assert call.scheduled_for == datetime(2030, 1, 6, 2, 0, tzinfo=UTC)
    page = page_text(client_for(river).get(f"/mentoring/{m.pk}/"))
    assert "Jan. 5, 2030, 6 p.m." in page  # shown back on the member's clock


def test_log_a_check_in(world, client_for):
    m, call = world.mentorship, world.check_in
    response = client_for(world.sam).post(
        f"/mentoring/{m.pk}/check-ins/{call.pk}/",
        {"status": "done", "how_it_went": "4", "note": "We talked about mornings."},
        follow=True,
    )
    assert "Logged. Thank you for showing up for each other." in page_text(response)
    call.refresh_from_db()
    assert (call.status, call.how_it_went, call.logged_by) == ("done", 4, world.sam)
    page = page_text(client_for(world.people.river).get(f"/mentoring/{m.pk}/"))
    assert "We talked about mornings." in page and "Really good" in page


def test_ending_leads_to_the_feedback_form(world, client_for):
    m = world.mentorship
    river = client_for(world.people.river)
    response = river.get(f"/mentoring/{m.pk}/end/")
    assert response.status_code == 200 and "End the mentorship" in page_text(response)
    response = river.post(f"/mentoring/{m.pk}/end/")
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{m.pk}/#feedback"
    m.refresh_from_db()
    assert m.status == Mentorship.Status.ENDED and m.ended_by == world.people.river
    assert CheckInCall.objects.get(pk=world.check_in.pk).status == CheckInCall.Status.CANCELLED
    page = page_text(river.get(f"/mentoring/{m.pk}/"))
    assert f'action="/mentoring/{m.pk}/feedback/"' in page
    # Ending again, or opening the end page again, just goes back.
    assert river.get(f"/mentoring/{m.pk}/end/").status_code == 302
    assert river.post(f"/mentoring/{m.pk}/end/").status_code == 302
    response = river.post(f"/mentoring/{m.pk}/feedback/", {"helpful": "yes", "note": "It helped."})
    assert response.status_code == 302
    assert EndingFeedback.objects.get().note == "It helped."
    assert "It helped." not in page_text(client_for(world.sam).get(f"/mentoring/{m.pk}/"))


def test_cohort_preview_and_send(people, client_for):
    from alongside.mentoring.models import MenteePreferences

    mentor_from(people.sam)
    mentor_from("ash")
    newcomers = [make_member("newcomer1"), make_member("newcomer2")]
    for member in newcomers:
        actions.save_preferences(
            user=member, pathway="12-step", languages=["en"], open_to_introductions=True
        )
    actions.save_preferences(user=people.river, languages=["en"], open_to_introductions=False)
    assert MenteePreferences.objects.filter(open_to_introductions=True).count() == 2

    casey = client_for(people.casey)
    response = casey.get("/mentoring/staff/cohort/")
    assert response.status_code == 200
    page = page_text(response)
    assert "2 suggested matches" in page
    assert "newcomer1" in page and "newcomer2" in page and "<td>river</td>" not in page
    pairs = response.context["intro"]["pairs"].value()
    assert {mentee for mentee, _mentor in json.loads(pairs)} == {m.pk for m in newcomers}

    # Bad introductions: a 400 with the message, nothing sent.
    for changes, expected in [
        ({"message": ""}, "This field is required."),
        ({"message": "m" * 1201}, "at most 1200 characters (it has 1201)"),
        ({"commitment": ""}, "This field is required."),
        ({"commitment": "c" * 601}, "at most 600 characters (it has 601)"),
    ]:
        data = {"message": "Hello", "commitment": "I will", "pairs": pairs, **changes}
        response = casey.post("/mentoring/staff/cohort/", data)
        assert response.status_code == 400, changes
        assert expected in page_text(response), changes
    assert not MentorshipRequest.objects.exists()

    response = casey.post(
        "/mentoring/staff/cohort/",
        {"message": SCRIPT, "commitment": "I'll show up", "pairs": pairs},
    )
    assert response.status_code == 302 and response["Location"] == "/mentoring/staff/"
    assert "2 introductions sent; 0 no longer fit" in page_text(casey.get("/mentoring/staff/"))
    sent = list(MentorshipRequest.objects.order_by("pk"))
    assert len(sent) == 2
    assert {r.mentee_id for r in sent} == {m.pk for m in newcomers}
    assert all(r.introduced_by == people.casey and r.message == SCRIPT for r in sent)
    mentor = client_for(sent[0].mentor)
    page = page_text(mentor.get(f"/mentoring/requests/{sent[0].pk}/"))
    assert "An introduction from the program" in page
    assert_escaped(page)
    # Sending the same pairs again: each no longer fits (a request is waiting) and is skipped.
    response = casey.post(
        "/mentoring/staff/cohort/",
        {"message": "Again", "commitment": "Again", "pairs": pairs},
        follow=True,
    )
    assert "0 introductions sent; 2 no longer fit" in page_text(response)
    assert MentorshipRequest.objects.count() == 2


def test_cohort_pairs_that_are_not_json_send_nothing(people, client_for):
    mentor_from(people.sam)
    actions.save_preferences(user=people.outsider, open_to_introductions=True)
    casey = client_for(people.casey)
    for pairs in ("not json", '{"a": 1}', "[[1]]", '[["x", "y"]]', f"[[{people.river.pk}, 1]]"):
        response = casey.post(
            "/mentoring/staff/cohort/",
            {"message": "Hello", "commitment": "I will", "pairs": pairs},
        )
        assert response.status_code in (302, 400), pairs
    assert not MentorshipRequest.objects.exists()
    assert casey.get("/mentoring/staff/cohort/?joined_within=bogus").status_code == 200
    assert Goal.objects.count() == 0
