"""Two repairs of saved data: RRULE UNTIL in UTC (RFC 5545, since DTSTART has a TZID), and
no RSVPs left behind by people who already left a group (they kept reminders and feed entries).
"""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import Exists, OuterRef

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def until_in_utc(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.filter(repeat="weekly", repeat_until__isnull=False):
        zone = ZoneInfo(meeting.timezone)
        local = datetime.combine(meeting.repeat_until, time(23, 59, 59), tzinfo=zone)
        last = local.astimezone(UTC)
        rule = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[meeting.start_date.weekday()]}"
        meeting.rrule = f"{rule};UNTIL={last:%Y%m%dT%H%M%S}Z"
        meeting.save(update_fields=["rrule"])


def forget_former_members_replies(apps, schema_editor):
    RSVP = apps.get_model("meetings", "RSVP")
    Membership = apps.get_model("groups", "Membership")
    member = Membership.objects.filter(group=OuterRef("meeting__group"), user=OuterRef("user"))
    RSVP.objects.filter(meeting__group__isnull=False).exclude(Exists(member)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("meetings", "0002_check_video_link_and_dial_in"),
    ]

    operations = [
        migrations.RunPython(until_in_utc, migrations.RunPython.noop),
        migrations.RunPython(forget_former_members_replies, migrations.RunPython.noop),
    ]
