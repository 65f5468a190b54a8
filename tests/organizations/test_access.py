"""Every view of the alumni program against every kind of person: Cedar Ridge's coordinator
and supervisor, another organisation's staff, a moderator, members in and out of the cohort,
and a visitor. Forbidden looks exactly like missing (404)."""

from collections.abc import Callable

import pytest
from django.test import Client

from alongside.organizations.models import Announcement
from tests.organizations.conftest import Alumni

pytestmark = pytest.mark.django_db

STAFF_GET = ["dashboard", "export", "outreach", "outreach_river"]
COORDINATOR_GET = ["invites", "announcements"]
COORDINATOR_POST = ["revoke", "delete_announcement"]


def urls(alumni: Alumni) -> dict[str, str]:
    news = Announcement.objects.create(
        organization=alumni.cedar, title="Hello", body="Welcome", created_by=alumni.casey.staff.user
    )
    base = "/org/cedar-ridge"
    return {
        "dashboard": f"{base}/",
        "export": f"{base}/engagement.csv",
        "outreach": f"{base}/outreach/",
        "outreach_river": f"{base}/outreach/river/",
        "outreach_sam": f"{base}/outreach/sam/",  # in the cohort, never asked: nobody sees it
        "invites": f"{base}/invites/",
        "announcements": f"{base}/announcements/",
        "revoke": f"{base}/invites/{alumni.invite.pk}/revoke/",
        "delete_announcement": f"{base}/announcements/{news.pk}/delete/",
        "check_on_me": f"{base}/check-on-me/",
    }


def status(client: Client, name: str, url: str) -> int:
    if name in COORDINATOR_POST:
        return client.post(url).status_code
    return client.get(url).status_code


@pytest.fixture
def who(alumni: Alumni, client_for: Callable) -> Callable[[str], Client]:
    people = alumni.people
    users = {
        "casey": people.casey,
        "pat": alumni.pat.staff.user,
        "otto": alumni.otto.staff.user,
        "morgan": people.morgan,
        "river": people.river,
        "sam": people.sam,
        "outsider": people.outsider,
    }
    return lambda name: Client() if name == "visitor" else client_for(users[name])


def expected(person: str, view: str) -> int:
    if person == "visitor":
        return 302  # to the login page
    if view == "outreach_sam":
        return 404
    if view == "check_on_me":
        return 200 if person in {"river", "sam"} else 404
    if person == "casey":
        return 302 if view in COORDINATOR_POST else 200
    if person == "pat":
        return 200 if view in STAFF_GET else 404
    return 404


PEOPLE = ["casey", "pat", "otto", "morgan", "river", "sam", "outsider", "visitor"]
VIEWS = [*STAFF_GET, *COORDINATOR_GET, *COORDINATOR_POST, "outreach_sam", "check_on_me"]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("view", VIEWS)
def test_access_matrix(alumni: Alumni, who: Callable[[str], Client], person: str, view: str):
    url = urls(alumni)[view]
    got = status(who(person), view, url)
    assert got == expected(person, view), f"{person} {view} {url}: {got}"


def test_visitors_are_sent_to_log_in(alumni: Alumni):
    response = Client().get("/org/cedar-ridge/")
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_organisation_looks_like_a_forbidden_one(alumni: Alumni, client_for):
    casey = client_for(alumni.people.casey)
    assert casey.get("/org/no-such-place/").status_code == 404
    assert casey.get("/org/harbor-house/").status_code == 404


def test_otto_sees_only_harbor_house(alumni: Alumni, client_for):
    otto = client_for(alumni.otto.staff.user)
    assert otto.get("/org/harbor-house/").status_code == 200
    page = otto.get("/org/harbor-house/").content.decode()
    assert "November alumni" not in page and "Harbor alumni" in page
    assert "river" not in otto.get("/org/harbor-house/outreach/").content.decode()
    assert otto.get("/org/harbor-house/outreach/river/").status_code == 404


def test_staff_cannot_revoke_or_delete_another_organisations_things(alumni: Alumni, client_for):
    otto = client_for(alumni.otto.staff.user)
    news = Announcement.objects.create(organization=alumni.cedar, title="Hi", body="Hello")
    # otto may manage Harbor House, but Cedar Ridge's invite and news are not found there.
    assert otto.post(f"/org/harbor-house/invites/{alumni.invite.pk}/revoke/").status_code == 404
    assert otto.post(f"/org/harbor-house/announcements/{news.pk}/delete/").status_code == 404
    alumni.invite.refresh_from_db()
    assert alumni.invite.revoked_at is None
    assert Announcement.objects.filter(pk=news.pk).exists()


def test_a_deactivated_staff_member_has_no_access(alumni: Alumni, client_for):
    casey = alumni.people.casey
    client = client_for(casey)
    casey.is_active = False
    casey.save(update_fields=["is_active"])
    assert client.get("/org/cedar-ridge/").status_code in {302, 404}
