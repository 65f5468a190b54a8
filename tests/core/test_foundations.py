"""Events, audit log, pagination, health, the demo world and the CLI."""

import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from alongside.accounts.models import Connection, User
from alongside.core import events
from alongside.core.audit import log_action
from alongside.core.models import AuditLogEntry
from alongside.core.pagination import keyset_page


@pytest.mark.django_db(transaction=True)
def test_events_run_after_commit_and_not_after_rollback():
    heard: list[int] = []
    events.subscribe("test.happened")(lambda *, n: heard.append(n))

    with transaction.atomic():
        events.publish("test.happened", n=1)
        assert heard == []  # not before the commit
    assert heard == [1]

    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.happened", n=2)
        raise RuntimeError
    assert heard == [1]


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_does_not_stop_the_others(caplog):
    heard: list[str] = []

    @events.subscribe("test.fragile")
    def broken(**payload):
        raise ValueError("boom")

    events.subscribe("test.fragile")(lambda **payload: heard.append("ok"))
    events.publish("test.fragile")
    assert heard == ["ok"]
    assert "test.fragile" in caplog.text


@pytest.mark.django_db
def test_audit_log_names_actor_action_and_target(people):
    entry = log_action(actor=people.morgan, action="test.checked", target=people.river, note="x")
    assert entry.actor == people.morgan
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(people.river.pk))
    assert entry.data == {"note": "x"}


@pytest.mark.django_db
def test_keyset_pages_walk_every_row_once(people):
    seen: list[str] = []
    after = None
    while True:
        page = keyset_page(User.objects.all(), key="handle", after=after, limit=3)
        seen += [u.handle for u in page.items]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == sorted(User.objects.values_list("handle", flat=True))


@pytest.mark.django_db
def test_healthz_says_when_the_database_is_down():
    with mock.patch("alongside.core.views.connection.cursor", side_effect=Exception("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert b"couldn't find that page" in response.content
    assert b'href="/help/"' in response.content


@pytest.mark.django_db
def test_demo_world_loads_once_and_again_changes_nothing():
    call_command("demo")
    counts = (User.objects.count(), Connection.objects.count(), AuditLogEntry.objects.count())
    call_command("demo")
    assert (User.objects.count(), Connection.objects.count(), AuditLogEntry.objects.count()) == (
        counts
    )
    river = User.objects.get(handle="river")
    assert river.check_password("alongside-demo")
    for handle, role in [("sam", "mentor"), ("jordan", "facilitator"), ("morgan", "moderator"),
                         ("casey", "staff"), ("admin", "admin")]:  # fmt: skip
        assert User.objects.get(handle=handle).has_role(role)
    assert counts[0] >= 30


@pytest.mark.django_db
def test_demo_logins_work_on_the_login_page():
    call_command("demo")
    response = Client().post(
        "/accounts/login/", {"username": "river", "password": "alongside-demo"}
    )
    assert response.status_code == 302


def test_alongside_command_is_the_projects_manage_py():
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "help", "--commands"],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
    )
    commands = result.stdout.split()
    for name in ["migrate", "createsuperuser", "serve", "demo", "runserver"]:
        assert name in commands


@pytest.mark.django_db
def test_admin_lists_members_with_their_roles(people):
    call_command("demo")
    client = Client()
    client.force_login(User.objects.get(handle="admin"))
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert b"mentor" in response.content
    assert client.get(f"/admin/accounts/user/{people.sam.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_admin_is_closed_to_members(people, client_for):
    response = client_for(people.casey).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
