"""Demo meeting finder: a small Portland-area feed (bundled, fictional meetings) imported as a
source, and the alumni group's online circle shown in the public finder."""

from pathlib import Path

from alongside.meetings.feed_import import sync
from alongside.meetings.finder_sync import sync_group_meeting
from alongside.meetings.models import FeedSource, Meeting

DEMO_FEED = Path(__file__).with_name("demo_feed.json")


def load() -> str:
    if FeedSource.objects.filter(slug="portland-demo").exists():
        return "0 meeting feeds"
    source = FeedSource.objects.create(
        name="Portland Area Intergroup (demo)",
        slug="portland-demo",
        location=str(DEMO_FEED),
        default_timezone="America/Los_Angeles",
        republish=True,
        enabled=False,  # the bundled file doesn't change
    )
    result = sync(source)
    for meeting in Meeting.objects.filter(name="Alumni check-in circle"):
        Meeting.objects.filter(pk=meeting.pk).update(in_finder=True)
        meeting.in_finder = True
        sync_group_meeting(meeting)
    return f"{result.added} finder meetings"
