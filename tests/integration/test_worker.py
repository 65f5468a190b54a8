"""`alongside worker` as a real process against a real PostgreSQL: tasks run, fail, retry, finish.

The test makes its own scratch database on the PostgreSQL at TEST_POSTGRES_URL (the machine's
server by default), so it runs in both CI passes whatever DATABASE_URL the suite itself uses.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

ENQUEUE = """
from alongside.accounts.actions import register_member, confirm_email
from alongside.accounts.tokens import make_confirmation_token
from alongside.notifications.actions import update_settings
from alongside.notifications.models import Delivery
from django.core import mail
from django.db import transaction
from django.utils import translation

with transaction.atomic():
    river = register_member(handle="river", email="river@example.org", password="a-long-passphrase")
    sam = register_member(handle="sam", email="sam@example.org", password="a-long-passphrase")
confirm_email(token=make_confirmation_token(river))
update_settings(user=river, preferences={"connections": {"email": "instant", "push": False}})
from alongside.accounts.actions import request_connection
with transaction.atomic():
    request_connection(requester=sam, addressee=river, message="")
print(Delivery.objects.filter(channel="email").count())
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from alongside.notifications.models import Delivery
d = Delivery.objects.get(channel="email")
r = DBTaskResult.objects.get(task_path__endswith="deliver_notification")
print(d.status, d.attempts, r.status, len(r.worker_ids), bool(d.last_error))
"""

MAKE_DUE = """
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from alongside.notifications.models import Delivery
past = timezone.now() - timedelta(seconds=1)
DBTaskResult.objects.update(run_after=past)
Delivery.objects.update(deliver_after=past)
"""


@pytest.fixture
def database_url() -> Iterator[str]:
    name = f"alongside_worker_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        unavailable(f"no PostgreSQL at {SERVER}: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(database_url: str, *args: str, email_url: str = "", check: bool = True) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        "ALONGSIDE_TESTING": "",
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-secret-key-" + "x" * 40,
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "EMAIL_URL": email_url,
        "PYTHONUNBUFFERED": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def shell(database_url: str, code: str) -> str:
    return run(database_url, "shell", "-c", code).strip().splitlines()[-1]


def test_a_worker_process_retries_a_failed_email_then_delivers_it(database_url: str):
    run(database_url, "migrate", "--no-input", "-v0")
    assert shell(database_url, ENQUEUE) == "1"

    # The mail server is down: the delivery fails, goes back to the queue with a backoff, and
    # river's in-app notification is there all the same.
    down = "smtp://127.0.0.1:9"
    run(database_url, "worker", "--batch", "--no-startup-delay", "--no-scheduler", email_url=down)
    assert shell(database_url, STATE) == "pending 1 READY 1 True"
    in_app = (
        "from alongside.notifications.models import Notification as N; print(N.objects.count())"
    )
    assert shell(database_url, in_app) == "1"

    # Not due yet: a second worker leaves it alone.
    run(database_url, "worker", "--batch", "--no-startup-delay", "--no-scheduler")
    assert shell(database_url, STATE) == "pending 1 READY 1 True"

    # Once due, a worker with a working mail backend (the console) sends it, discreetly.
    shell(database_url, MAKE_DUE)
    output = run(database_url, "worker", "--batch", "--no-startup-delay", "--no-scheduler")
    assert shell(database_url, STATE) == "sent 2 SUCCESSFUL 2 False"
    assert "Subject: You have a new connection request on Alongside" in output
    assert "sam" not in output.split("Subject:", 1)[1].split("-------", 1)[0]


def test_the_scheduler_enqueues_each_periodic_job_once_per_slot(database_url: str):
    run(database_url, "migrate", "--no-input", "-v0")
    # Some jobs run every minute and slots start on the minute: begin early in a minute so
    # both runs below fall in the same slots on a slow machine too.
    into_minute = time.time() % 60
    if into_minute > 20:
        time.sleep(61 - into_minute)
    first = run(database_url, "scheduler", "--once")
    second = run(database_url, "scheduler", "--once")
    assert "Enqueued alongside.notifications.tasks.release_due_deliveries" in first
    assert "Enqueued" not in second
    count = "from django_tasks_db.models import DBTaskResult as R; print(R.objects.count())"
    jobs = first.count("Enqueued")
    assert shell(database_url, count) == str(jobs)
    run(database_url, "worker", "--batch", "--no-startup-delay", "--no-scheduler")
    done = (
        "from django_tasks_db.models import DBTaskResult as R; "
        "print(R.objects.successful().count())"
    )
    assert shell(database_url, done) == str(jobs)
