"""Who may open which mentoring page: the two people in a mentorship or request, nobody else.
Forbidden looks exactly like missing (the same 404 as an id that doesn't exist), staff pages
look missing to everyone but staff, and visitors are sent to log in."""

from urllib.parse import quote

import pytest

from alongside.accounts.actions import block_member
from alongside.accounts.models import Block
from alongside.mentoring import actions
from alongside.mentoring.models import Goal, MentorProfile, Mentorship, MentorshipRequest
from alongside.recovery.actions import set_trend_sharing
from tests.mentoring.viewkit import (
    MENTORSHIP_URLS,
    MISSING,
    REQUEST_URLS,
    assert_looks_missing,
    build_world,
    fill,
    mentor_from,
    post_data,
    request_to,
    snapshot,
)


@pytest.fixture
def world(people):
    return build_world(people)


def mentorship_ids(world, mentorship=None):
    m = mentorship or world.mentorship
    return {"m": m.pk, "c": world.check_in.pk, "g": world.goal.pk}


def personal_urls(world):
    return [
        ("/mentors/", "get", None),
        ("/mentors/preferences/", "get", None),
        ("/mentors/preferences/", "post", {"pathway": "12-step", "languages": ["en"]}),
        ("/mentors/become/", "get", None),
        ("/mentors/sam/", "get", None),
        ("/mentors/sam/", "post", {"message": "Hello", "commitment": "I'll show up"}),
        ("/mentoring/", "get", None),
        ("/mentoring/profile/", "get", None),
        ("/mentoring/pause/", "post", {"until": "2030-01-01"}),
        ("/mentoring/wellbeing/", "get", None),
        ("/mentoring/staff/", "get", None),
        ("/mentoring/staff/cohort/", "get", None),
        ("/mentoring/staff/cohort/", "post", {"message": "Hi", "commitment": "Yes", "pairs": "[]"}),
        ("/mentoring/staff/verify/sam/", "post", {"verified": "on"}),
    ]


def every_url(world):
    ids = {**mentorship_ids(world), "r": world.request.pk}
    found = []
    for _name, template, gets, data in [*MENTORSHIP_URLS, *REQUEST_URLS]:
        url = fill(template, **ids)
        if gets:
            found.append((url, "get", None))
        if data is not None:
            found.append((url, "post", post_data(data)))
    return [*found, *personal_urls(world)]


# Visitors


def test_every_mentoring_url_sends_a_visitor_to_log_in(world, client):
    urls = every_url(world)
    assert len(urls) > 25
    before = snapshot(world)
    for url, method, data in urls:
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"] == f"/accounts/login/?next={quote(url)}", (method, url)
    assert snapshot(world) == before


# The owners


MENTEE = {
    "mentorship": (200, None),
    "agreement": (200, 302),
    "confirm": (None, 302),
    "schedule": (None, 302),
    "log": (None, 302),
    "add_goal": (None, 302),
    "goal": (None, 302),
    "trends": (404, None),
    "end": (200, 302),
    "feedback": (None, 302),
    "request": (200, 404),
    "withdraw": (None, 302),
}
MENTOR = {
    **MENTEE,
    "add_goal": (None, 404),
    "goal": (None, 404),
    "request": (200, 400),  # already answered: the form says so
    "withdraw": (None, 404),  # only the mentee withdraws
}


@pytest.mark.parametrize("who", ["river", "sam"])
@pytest.mark.parametrize("name", list(MENTEE))
def test_the_two_people_in_a_mentorship_reach_its_pages(world, client_for, who, name):
    user = getattr(world.people, who)
    expected = (MENTEE if who == "river" else MENTOR)[name]
    [(template, gets, data)] = [
        (t, g, d) for n, t, g, d in [*MENTORSHIP_URLS, *REQUEST_URLS] if n == name
    ]
    url = fill(template, **mentorship_ids(world), r=world.request.pk)
    client = client_for(user)
    get_status, post_status = expected
    if get_status is not None:
        assert gets
        assert client.get(url).status_code == get_status, url
    if post_status is not None:
        assert client.post(url, post_data(data)).status_code == post_status, url


def test_a_mentor_and_mentee_both_see_the_mentorship_after_it_ends(world, client_for):
    actions.end_mentorship(user=world.people.river, mentorship=world.mentorship)
    for user in (world.people.river, world.sam):
        response = client_for(user).get(f"/mentoring/{world.mentorship.pk}/")
        assert response.status_code == 200
        assert "Private feedback" in response.content.decode()
    # The agreement can no longer be changed: that page is gone.
    assert client_for(world.sam).get(
        f"/mentoring/{world.mentorship.pk}/agreement/"
    ).status_code == (404)


def test_the_mentorship_page_links_both_to_their_conversation_while_it_is_active(world, client_for):
    m = world.mentorship
    sides = [(client_for(world.people.river), "sam"), (client_for(world.sam), "river")]
    for client, other in sides:
        page = client.get(f"/mentoring/{m.pk}/").content.decode()
        assert "Your private conversation" in page
        assert f'href="/messages/with/{other}/"' in page and f"Message {other}" in page
        # The link leads to a first message that is not a message request.
        start = client.get(f"/messages/with/{other}/")
        assert start.status_code == 200
        assert "message request" not in start.content.decode()
    actions.end_mentorship(user=world.people.river, mentorship=m)
    for client, other in sides:
        page = client.get(f"/mentoring/{m.pk}/").content.decode()
        assert "/messages/with/" not in page and f"Message {other}" not in page


def test_the_old_message_exchange_is_gone(world, client_for):
    url = f"/mentoring/{world.mentorship.pk}/messages/"
    for user in (world.people.river, world.sam):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Hello"}).status_code == 404


# Everybody else: another member (in their own mentorship), an outsider, the person river
# blocked, staff, a facilitator


@pytest.mark.parametrize("who", ["morgan", "outsider", "drew", "casey", "jordan"])
def test_nobody_else_can_tell_a_mentorship_exists(world, client_for, who):
    client = client_for(getattr(world.people, who))
    set_trend_sharing(user=world.people.river, with_mentor=True)
    before = snapshot(world)
    ids = mentorship_ids(world)
    missing = {**ids, "m": MISSING}
    for _name, template, gets, data in MENTORSHIP_URLS:
        url, nothing = fill(template, **ids), fill(template, **missing)
        if gets:
            assert_looks_missing(client, "get", url, nothing)
        if data is not None:
            assert_looks_missing(client, "post", url, nothing, post_data(data))
    assert snapshot(world) == before


@pytest.mark.parametrize("who", ["morgan", "outsider", "drew", "casey", "jordan", "river"])
def test_nobody_else_can_tell_a_request_exists(world, client_for, who):
    """outsider's open request to ash: river (in another mentorship) can't see it either."""
    request = world.open_request
    user = getattr(world.people, who)
    if user == world.people.outsider:
        request = world.request  # river's, to sam
    client = client_for(user)
    before = snapshot(world)
    for _name, template, gets, data in REQUEST_URLS:
        url, nothing = fill(template, r=request.pk), fill(template, r=MISSING)
        if gets:
            assert_looks_missing(client, "get", url, nothing)
        assert_looks_missing(client, "post", url, nothing, post_data(data))
    assert snapshot(world) == before


def test_ids_from_someone_elses_mentorship_look_missing_inside_your_own(world, client_for):
    """river's own mentorship id with morgan's check-in or goal id: the same 404 as no id."""
    ids = mentorship_ids(world)
    before = snapshot(world)
    for user in (world.people.river, world.sam):
        client = client_for(user)
        assert_looks_missing(
            client,
            "post",
            fill("/mentoring/{m}/check-ins/{c}/", **{**ids, "c": world.other_check_in.pk}),
            fill("/mentoring/{m}/check-ins/{c}/", **{**ids, "c": MISSING}),
            {"status": "done"},
        )
        assert_looks_missing(
            client,
            "post",
            fill("/mentoring/{m}/goals/{g}/", **{**ids, "g": world.other_goal.pk}),
            fill("/mentoring/{m}/goals/{g}/", **{**ids, "g": MISSING}),
            {"done": "1"},
        )
    assert snapshot(world) == before
    assert Goal.objects.get(pk=world.other_goal.pk).done_at is None


# A block between the two people: the mentorship row is still there, but it's gone for both


@pytest.mark.parametrize("direction", ["mentee blocks mentor", "mentor blocks mentee"])
def test_a_block_between_the_two_hides_the_mentorship_from_both(world, client_for, direction):
    river, sam = world.people.river, world.sam
    blocker, blocked = (river, sam) if direction.startswith("mentee") else (sam, river)
    Block.objects.create(blocker=blocker, blocked=blocked)  # no handler: the row stays active
    set_trend_sharing(user=river, with_mentor=True)
    assert Mentorship.objects.get(pk=world.mentorship.pk).is_active
    before = snapshot(world)
    ids = mentorship_ids(world)
    for user in (river, sam):
        client = client_for(user)
        for _name, template, gets, data in MENTORSHIP_URLS:
            url, nothing = fill(template, **ids), fill(template, **{**ids, "m": MISSING})
            if gets:
                assert_looks_missing(client, "get", url, nothing)
            if data is not None:
                assert_looks_missing(client, "post", url, nothing, post_data(data))
        for _name, template, gets, data in REQUEST_URLS:
            url, nothing = fill(template, r=world.request.pk), fill(template, r=MISSING)
            if gets:
                assert_looks_missing(client, "get", url, nothing)
            assert_looks_missing(client, "post", url, nothing, post_data(data))
        page = client.get("/mentoring/").content.decode()
        assert f"/mentoring/{world.mentorship.pk}/" not in page
    assert snapshot(world) == before


def test_a_block_made_through_the_action_ends_the_mentorship_and_hides_it(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        block_member(blocker=world.sam, blocked=world.people.river)
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == Mentorship.Status.ENDED
    for user in (world.people.river, world.sam):
        client = client_for(user)
        assert_looks_missing(
            client, "get", f"/mentoring/{world.mentorship.pk}/", f"/mentoring/{MISSING}/"
        )
        assert_looks_missing(
            client,
            "post",
            f"/mentoring/{world.mentorship.pk}/feedback/",
            f"/mentoring/{MISSING}/feedback/",
            {"helpful": "no", "note": "x"},
        )
        assert (
            f"/mentoring/{world.mentorship.pk}/" not in client.get("/mentoring/").content.decode()
        )
    assert not world.mentorship.feedback.exists()


def test_a_block_hides_an_open_request_from_both_and_it_cannot_be_answered(world, client_for):
    ash, outsider = world.ash, world.people.outsider
    Block.objects.create(blocker=outsider, blocked=ash)
    request = world.open_request
    for user in (ash, outsider):
        client = client_for(user)
        for _name, template, gets, data in REQUEST_URLS:
            url, nothing = fill(template, r=request.pk), fill(template, r=MISSING)
            if gets:
                assert_looks_missing(client, "get", url, nothing)
            assert_looks_missing(client, "post", url, nothing, post_data(data))
    assert MentorshipRequest.objects.get(pk=request.pk).status == MentorshipRequest.Status.OPEN
    assert not Mentorship.objects.filter(mentor=ash, mentee=outsider).exists()


def test_the_home_section_leaves_out_a_mentorship_across_a_block(world, client_for):
    Block.objects.create(blocker=world.people.river, blocked=world.sam)
    for user in (world.people.river, world.sam):
        page = client_for(user).get("/").content.decode()
        assert f"/mentoring/{world.mentorship.pk}/" not in page


# Finding and asking a mentor


def test_a_mentors_page_is_for_members_who_may_see_them(world, client_for):
    river = world.people.river
    client = client_for(river)
    assert client.get("/mentors/sam/").status_code == 200
    assert client.get("/mentors/SAM/").status_code == 200  # handles in any letter case
    # Not a mentor, nobody at all, and a mentor river blocked: all the same 404.
    mentor_from(world.people.drew)
    for handle in ("jordan", "drew"):
        assert_looks_missing(client, "get", f"/mentors/{handle}/", "/mentors/nobody-here/")
        assert_looks_missing(
            client,
            "post",
            f"/mentors/{handle}/",
            "/mentors/nobody-here/",
            {"message": "Please", "commitment": "I will"},
        )
    # ...and the other side of a block: a mentor who blocked outsider.
    kai = mentor_from("kai")
    block_member(blocker=kai, blocked=world.people.outsider)
    outsider = client_for(world.people.outsider)
    assert_looks_missing(outsider, "get", "/mentors/kai/", "/mentors/nobody-here/")
    assert_looks_missing(
        outsider,
        "post",
        "/mentors/kai/",
        "/mentors/nobody-here/",
        {"message": "Please", "commitment": "I will"},
    )
    assert not MentorshipRequest.objects.filter(mentor__in=[kai, world.people.drew]).exists()
    assert "kai" not in outsider.get("/mentors/").content.decode()
    assert "drew" not in client.get("/mentors/").content.decode()


def test_mentor_only_pages_look_missing_to_members_who_are_not_mentors(world, client_for):
    river = client_for(world.people.river)
    assert_looks_missing(river, "get", "/mentoring/profile/", "/mentoring/nothing-here/")
    assert_looks_missing(river, "post", "/mentoring/profile/", "/mentoring/nothing-here/", {})
    assert_looks_missing(
        river, "post", "/mentoring/pause/", "/mentoring/nothing-here/", {"resume": "1"}
    )
    assert_looks_missing(river, "get", "/mentoring/wellbeing/", "/mentoring/nothing-here/")
    sam = client_for(world.sam)
    assert sam.get("/mentoring/profile/").status_code == 200
    assert sam.get("/mentoring/wellbeing/").status_code == 200
    assert sam.post("/mentoring/pause/", {"resume": "1"}).status_code == 302


def test_becoming_a_mentor_twice_goes_to_the_profile(world, client_for):
    response = client_for(world.sam).get("/mentors/become/")
    assert response.status_code == 302 and response["Location"] == "/mentoring/profile/"
    assert client_for(world.people.river).get("/mentors/become/").status_code == 200


def test_an_ineligible_member_cannot_become_a_mentor_through_the_form(world, client_for):
    response = client_for(world.people.outsider).post(
        "/mentors/become/",
        {
            "agreement": "on",
            "capacity": "2",
            "contact_start": "09:00",
            "contact_end": "21:00",
        },
    )
    assert response.status_code == 400  # not eligible: the page explains, no form
    assert "continuous recovery" in response.content.decode()
    assert not MentorProfile.objects.filter(user=world.people.outsider).exists()


# Staff pages


@pytest.mark.parametrize("who", ["river", "sam", "jordan", "morgan", "outsider", "drew"])
def test_staff_pages_look_missing_to_everyone_but_staff(world, client_for, who):
    client = client_for(getattr(world.people, who))
    nothing = "/mentoring/staff/nothing-here/"
    assert_looks_missing(client, "get", "/mentoring/staff/", nothing)
    assert_looks_missing(client, "get", "/mentoring/staff/cohort/", nothing)
    assert_looks_missing(client, "get", "/mentoring/staff/cohort/?joined_within=7", nothing)
    assert_looks_missing(
        client,
        "post",
        "/mentoring/staff/cohort/",
        nothing,
        {
            "message": "Hi",
            "commitment": "Yes",
            "pairs": f"[[{world.people.jordan.pk}, {world.ash.pk}]]",
        },
    )
    assert_looks_missing(
        client, "post", "/mentoring/staff/verify/sam/", nothing, {"verified": "on"}
    )
    assert MentorProfile.objects.get(user=world.sam).verified_at is None
    assert MentorshipRequest.objects.filter(introduced_by__isnull=False).count() == 0


def test_staff_pages_open_for_staff(world, client_for):
    casey = client_for(world.people.casey)
    assert casey.get("/mentoring/staff/").status_code == 200
    assert casey.get("/mentoring/staff/cohort/").status_code == 200
    assert casey.get("/mentoring/staff/cohort/?joined_within=7").status_code == 200
    response = casey.post("/mentoring/staff/verify/sam/", {"verified": "on"})
    assert response.status_code == 302 and response["Location"] == "/mentoring/staff/"
    assert MentorProfile.objects.get(user=world.sam).verified_by == world.people.casey
    casey.post("/mentoring/staff/verify/sam/", {})
    assert MentorProfile.objects.get(user=world.sam).verified_at is None
    # Someone who isn't a mentor can't be verified: 404, like any missing page.
    assert casey.post("/mentoring/staff/verify/jordan/", {"verified": "on"}).status_code == 404
    assert casey.post("/mentoring/staff/verify/nobody/", {"verified": "on"}).status_code == 404
    # The mentoring page links staff to their pages, and nobody else.
    assert "/mentoring/staff/" in casey.get("/mentoring/").content.decode()
    assert "/mentoring/staff/" not in client_for(world.sam).get("/mentoring/").content.decode()


# Goals are the mentee's


def test_only_the_mentee_changes_goals(world, client_for):
    m, goal = world.mentorship, world.goal
    sam = client_for(world.sam)
    nothing = f"/mentoring/{m.pk}/goals/{MISSING}/"
    assert_looks_missing(sam, "post", f"/mentoring/{m.pk}/goals/{goal.pk}/", nothing, {"done": "1"})
    assert_looks_missing(
        sam, "post", f"/mentoring/{m.pk}/goals/{goal.pk}/", nothing, {"delete": "1"}
    )
    assert sam.post(f"/mentoring/{m.pk}/goals/", {"title": "Mentor's idea"}).status_code == 404
    assert list(Goal.objects.filter(mentorship=m).values_list("pk", "title", "done_at")) == [
        (goal.pk, "Walk every morning", None)
    ]
    page = sam.get(f"/mentoring/{m.pk}/").content.decode()
    assert "Walk every morning" in page and f"/goals/{goal.pk}/" not in page

    river = client_for(world.people.river)
    assert river.post(f"/mentoring/{m.pk}/goals/{goal.pk}/", {"done": "1"}).status_code == 302
    assert Goal.objects.get(pk=goal.pk).done_at is not None
    assert river.post(f"/mentoring/{m.pk}/goals/{goal.pk}/", {}).status_code == 302
    assert Goal.objects.get(pk=goal.pk).done_at is None
    assert river.post(f"/mentoring/{m.pk}/goals/{goal.pk}/", {"delete": "1"}).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()


# The mentee's trends


def test_trends_are_for_the_mentor_only_while_the_mentee_consents(world, client_for):
    m, river = world.mentorship, world.people.river
    url, nothing = f"/mentoring/{m.pk}/trends/", f"/mentoring/{MISSING}/trends/"
    sam, mentee = client_for(world.sam), client_for(river)
    assert_looks_missing(sam, "get", url, nothing)  # no consent yet
    assert "trends (shared with you)" not in sam.get(f"/mentoring/{m.pk}/").content.decode()

    set_trend_sharing(user=river, with_mentor=True)
    response = sam.get(url)
    assert response.status_code == 200
    assert "river chose to share these charts" in response.content.decode()
    assert sam.get(url + "?days=bogus").status_code == 200
    assert "trends (shared with you)" in sam.get(f"/mentoring/{m.pk}/").content.decode()
    assert_looks_missing(mentee, "get", url, nothing)  # the mentee has their own page
    assert_looks_missing(client_for(world.ash), "get", url, nothing)  # another mentor

    set_trend_sharing(user=river, with_mentor=False)
    assert_looks_missing(sam, "get", url, nothing)

    set_trend_sharing(user=river, with_mentor=True)
    actions.end_mentorship(user=river, mentorship=m)
    assert_looks_missing(sam, "get", url, nothing)


# Methods


POST_ONLY = ["confirm", "schedule", "log", "add_goal", "goal", "feedback", "withdraw"]


def test_post_only_urls_refuse_get(world, client_for):
    ids = {**mentorship_ids(world), "r": world.request.pk}
    templates = {n: t for n, t, _g, _d in [*MENTORSHIP_URLS, *REQUEST_URLS]}
    for user in (world.people.river, world.sam):
        client = client_for(user)
        for name in POST_ONLY:
            assert client.get(fill(templates[name], **ids)).status_code == 405, name
        assert client.get("/mentoring/pause/").status_code == 405
    assert client_for(world.people.casey).get("/mentoring/staff/verify/sam/").status_code == 405


def test_form_pages_take_only_get_and_post(world, client_for):
    ids = {**mentorship_ids(world), "r": world.request.pk}
    river, sam = client_for(world.people.river), client_for(world.sam)
    for client, url in [
        (river, "/mentors/preferences/"),
        (river, "/mentors/become/"),
        (river, "/mentors/sam/"),
        (river, fill("/mentoring/requests/{r}/", **ids)),
        (river, fill("/mentoring/{m}/agreement/", **ids)),
        (river, fill("/mentoring/{m}/end/", **ids)),
        (sam, "/mentoring/profile/"),
        (sam, "/mentoring/wellbeing/"),
        (client_for(world.people.casey), "/mentoring/staff/cohort/"),
    ]:
        assert client.put(url).status_code == 405, url
        assert client.delete(url).status_code == 405, url
    assert Mentorship.objects.get(pk=world.mentorship.pk).is_active


def test_read_only_pages_refuse_post(world, client_for):
    set_trend_sharing(user=world.people.river, with_mentor=True)
    sam = client_for(world.sam)
    for url in (
        "/mentors/",
        "/mentoring/",
        f"/mentoring/{world.mentorship.pk}/",
        f"/mentoring/{world.mentorship.pk}/trends/",
    ):
        assert sam.post(url).status_code == 405, url
    assert client_for(world.people.casey).post("/mentoring/staff/").status_code == 405


# Requests: the mentee asks, only the mentor answers


def test_only_the_mentor_answers_and_only_the_mentee_withdraws(world, client_for):
    request = world.open_request  # outsider -> ash
    outsider, ash = client_for(world.people.outsider), client_for(world.ash)
    url = f"/mentoring/requests/{request.pk}/"
    assert outsider.post(url, {"decision": "accept"}).status_code == 404
    assert ash.post(f"{url}withdraw/").status_code == 404
    assert MentorshipRequest.objects.get(pk=request.pk).status == MentorshipRequest.Status.OPEN
    page = outsider.get(url).content.decode()
    assert "Withdraw this request" in page and 'name="decision"' not in page
    assert 'name="decision"' in ash.get(url).content.decode()
    assert outsider.post(f"{url}withdraw/").status_code == 302
    assert MentorshipRequest.objects.get(pk=request.pk).status == MentorshipRequest.Status.WITHDRAWN


def test_a_second_request_to_the_same_mentor_is_refused_kindly(world, client_for):
    request_to(world.people.jordan, world.ash)
    response = client_for(world.people.jordan).post(
        "/mentors/ash/", {"message": "Again", "commitment": "Still"}
    )
    assert response.status_code == 400
    assert "still waiting for an answer" in response.content.decode()
    assert MentorshipRequest.objects.filter(mentee=world.people.jordan).count() == 1
