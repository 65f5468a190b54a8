"""Who may see a group and its content, and what the pages cost."""

import itertools
import re

import pytest
from django.test import Client

from alongside.accounts.actions import block_member
from alongside.accounts.models import Role
from alongside.discussions.actions import reply, start_thread
from alongside.groups import actions
from alongside.groups.models import Group, Membership
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow

VISIBILITY = ["listed", "unlisted", "private"]
POLICY = ["open", "ask", "invite"]
VIEWERS = ["facilitator", "member", "outsider", "outsider_with_key", "invited", "blocked"]


def same_page(a: str, b: str) -> bool:
    """Equal but for per-request tokens (CSRF, CSP nonce)."""
    strip = lambda html: re.sub(r'(nonce|value)="[^"]*"', "", html)  # noqa: E731
    return strip(a) == strip(b)


def new_group(lead, visibility="listed", policy="ask", name="Parents in recovery") -> Group:
    return actions.create_group(
        user=lead, tags=["parents"], name=name, description="About us.", guidelines="Be kind.",
        language="en", timezone="America/Los_Angeles", visibility=visibility,
        join_policy=policy, size_limit=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("visibility", "policy", "viewer"), list(itertools.product(VISIBILITY, POLICY, VIEWERS))
)
def test_the_access_matrix(people, client_for, visibility, policy, viewer):
    lead = people.jordan  # a facilitator in the people fixture
    group = new_group(lead, visibility, policy)
    start_thread(user=lead, board=group.board, title="Secret thread title", body="Inside only")
    who = {"facilitator": lead, "member": people.sam, "invited": people.casey}.get(
        viewer, people.river
    )
    if viewer == "member":
        Membership.objects.create(group=group, user=people.sam)
    if viewer == "invited":
        actions.invite(user=lead, group=group, invitee=people.casey)
    if viewer == "blocked":
        block_member(blocker=lead, blocked=people.river)
    key = f"?key={group.join_key}" if viewer == "outsider_with_key" else ""
    response = client_for(who).get(f"/groups/{group.slug}/{key}")
    missing = client_for(who).get("/groups/no-such-group/")

    visible = viewer in ("facilitator", "member", "invited", "outsider_with_key") or (
        viewer == "outsider" and visibility != "private"
    )
    if visible:
        assert response.status_code == 200
        inside = "Secret thread title" in response.text
        assert inside == (viewer in ("facilitator", "member"))
    else:
        assert response.status_code == 404
        assert same_page(response.text, missing.text)  # forbidden looks exactly like missing
    listed = [
        g.slug
        for g in __import__("alongside.groups.selectors", fromlist=["x"]).directory(who).items
    ]
    in_directory = viewer in ("facilitator", "member") or (
        visibility == "listed" and viewer != "blocked"
    )
    assert (group.slug in listed) == in_directory
    assert Client().get(f"/groups/{group.slug}/").status_code == 302


@pytest.mark.parametrize("field", ["name", "description", "guidelines", "tag_names"])
@pytest.mark.parametrize("value", ["", "x" * 5000, "<script>alert(1)</script>"])
def test_group_form_fields_refuse_bad_input_and_escape_script(people, client_for, field, value):
    jordan = make_member("lead", Role.FACILITATOR)
    data = {
        "name": "Parents", "description": "About us.", "guidelines": "", "tag_names": "",
        "language": "en", "timezone": "America/Los_Angeles", "visibility": "listed",
        "join_policy": "open", "size_limit": "",
    }  # fmt: skip
    data[field] = value
    client = client_for(jordan)
    response = client.post("/groups/new/", data)
    if (
        (value == "" and field in ("name", "description"))
        or (len(value) > 300 and field != "guidelines")
        or len(value) > 4000
    ):
        assert response.status_code == 400 and not Group.objects.exists()
    else:
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "<script>alert(1)</script>" not in page


def test_directory_and_group_pages_cost_the_same_with_more_groups_members_and_threads(
    people, client_for
):
    lead = make_member("lead", Role.FACILITATOR)
    group = new_group(lead, "listed", "open")
    Membership.objects.create(group=group, user=people.river)
    thread = start_thread(user=lead, board=group.board, title="Welcome", body="Hi")
    client = client_for(people.river)

    rounds = itertools.count()

    def grow() -> None:
        start = next(rounds) * 8
        for n in range(start, start + 8):
            other = new_group(lead, "listed", "open", name=f"Group {n}")
            Membership.objects.create(group=other, user=people.river)
            member = make_member(f"member{n}")
            Membership.objects.create(group=group, user=member)
            start_thread(user=member, board=group.board, title=f"Thread {n}", body="b")
            reply(user=member, thread=thread, body="hello")

    for url in ["/groups/", f"/groups/{group.slug}/", f"/groups/{group.slug}/manage/"]:
        assert_queries_do_not_grow(client_for(lead) if "manage" in url else client, url, grow)


def test_a_group_called_new_still_gets_its_own_page(people, client_for):
    group = new_group(people.jordan, name="New")
    assert group.slug == "new-2"
    assert client_for(people.jordan).get(f"/groups/{group.slug}/").status_code == 200
