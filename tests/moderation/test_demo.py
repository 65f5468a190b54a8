"""The demo world's moderation: open and reviewed reports, loaded once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from alongside.accounts.models import User
from alongside.moderation.models import ModAction, Report, ReviewItem


@pytest.mark.django_db
def test_demo_reports_open_and_resolved_and_idempotent(client):
    call_command("demo")
    counts = (ReviewItem.objects.count(), Report.objects.count(), ModAction.objects.count())
    call_command("demo")
    assert (ReviewItem.objects.count(), Report.objects.count(), ModAction.objects.count()) == (
        counts
    )
    reports = ReviewItem.objects.filter(kind=ReviewItem.Kind.REPORT)
    assert reports.filter(status="open").count() >= 2
    assert reports.filter(status="resolved", outcome="action").exists()
    assert reports.filter(status="resolved", outcome="no_action").exists()
    assert ModAction.objects.filter(kind="hide", moderator__handle="jordan").exists()
    assert ModAction.objects.filter(kind="warn", member__handle="ben").exists()
    client.force_login(User.objects.get(handle="morgan"))
    queue = client.get(reverse("moderation:queue"))
    assert queue.status_code == 200 and "Selling or offering substances" in queue.text
    assert "Hid it" in client.get(reverse("moderation:log")).text
