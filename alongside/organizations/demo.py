"""Demo alumni program: Cedar Ridge Recovery with casey as alumni coordinator, two cohorts
(October and November 2026) of the demo members, an invite, news, an event, two members who
asked to be checked on and one outreach note. The month of activity comes from the other apps'
demo data (check-ins, meetings, mentorships, support requests)."""

from datetime import date, timedelta

from django.utils import timezone

from alongside.accounts.models import Role, User
from alongside.groups.models import Group
from alongside.meetings.models import Meeting
from alongside.organizations import actions
from alongside.organizations.access import StaffAccess
from alongside.organizations.models import (
    Announcement,
    CheckOnMe,
    Cohort,
    CohortMembership,
    HelpLine,
    Organization,
    OrganizationStaff,
)

OCTOBER = ["river", "quinn", "kai", "priya", "dev", "hana", "ben", "tess", "max", "noor"]
NOVEMBER = ["alex", "jules", "nico", "sky", "tomas", "rosa", "luz", "gabe", "ivy", "eli", "lee"]
ALUMNI_GROUP = "Cedar Ridge Alumni 2025"


def load() -> str:
    if Organization.objects.filter(slug="cedar-ridge").exists():
        return "0 organisations"
    users = {u.handle: u for u in User.objects.filter(handle__in=[*OCTOBER, *NOVEMBER, "casey"])}
    casey = users.get("casey")
    if casey is None:
        return "0 organisations (no demo members)"
    org = Organization.objects.create(
        name="Cedar Ridge Recovery",
        slug="cedar-ridge",
        contact_email="alumni@cedar-ridge.example.org",
        contact_phone="503-555-0142",
        timezone="America/Los_Angeles",
    )
    HelpLine.objects.create(
        organization=org, name="Cedar Ridge alumni line", phone="503-555-0142", hours="9am-9pm"
    )
    HelpLine.objects.create(
        organization=org,
        name="Multnomah County Crisis Line",
        phone="503-988-4888",
        hours="24/7",
        position=1,
    )
    staff = OrganizationStaff.objects.create(
        organization=org, user=casey, role=OrganizationStaff.Role.COORDINATOR
    )
    if not casey.has_role(Role.STAFF):
        from alongside.accounts.actions import grant_role

        grant_role(actor=None, user=casey, role=Role.STAFF)
    found = StaffAccess(org, staff)
    alumni = Group.objects.filter(name=ALUMNI_GROUP).first()
    cohorts = {}
    for name, slug, month, handles in (
        ("October 2026", "october-2026", date(2026, 10, 1), OCTOBER),
        ("November 2026", "november-2026", date(2026, 11, 1), NOVEMBER),
    ):
        cohort = Cohort.objects.create(
            organization=org, name=name, slug=slug, discharge_month=month
        )
        if alumni is not None:
            cohort.groups.add(alumni)
        cohorts[slug] = cohort
        for handle in handles:
            if handle in users:
                CohortMembership.objects.create(organization=org, cohort=cohort, user=users[handle])
    now = timezone.now()
    actions.create_invite(
        found=found,
        cohort=cohorts["november-2026"],
        groups=[alumni] if alumni else [],
        expires_at=now + timedelta(days=30),
        max_uses=None,
        label="November discharge group",
    )
    actions.publish_announcement(
        found=found,
        cohort=None,
        kind=Announcement.Kind.NEWS,
        title="Welcome to the Cedar Ridge alumni network",
        body="This is your place to stay in touch after treatment. Find your cohort's group, "
        "a mentor, and meetings near you. Our alumni line is open 9am-9pm.",
    )
    actions.publish_announcement(
        found=found,
        cohort=cohorts["november-2026"],
        kind=Announcement.Kind.NEWS,
        title="Your first holidays after treatment",
        body="The holidays can be a lot. Plan your days, keep your phone numbers close, and "
        "come to the alumni circle on Tuesdays.",
    )
    circle = Meeting.objects.filter(name="Alumni check-in circle").first()
    if circle is not None:
        actions.publish_announcement(
            found=found,
            cohort=None,
            kind=Announcement.Kind.EVENT,
            title="Alumni check-in circle, every week",
            body="An hour online with people who get it. Say hello, or just listen.",
            meeting=circle,
        )
    actions.publish_announcement(
        found=found,
        cohort=None,
        kind=Announcement.Kind.EVENT,
        title="Winter alumni gathering",
        body="Soup, music and good company at the Cedar Ridge campus. Bring a friend in recovery.",
        starts_at=now + timedelta(days=12),
        location="Cedar Ridge Recovery, main hall",
    )
    memberships = {
        m.user.handle: m
        for m in CohortMembership.objects.filter(organization=org).select_related(
            "user", "organization"
        )
    }
    if "river" in memberships:
        actions.set_check_on_me(
            membership=memberships["river"],
            quiet_days=5,
            when_quiet=True,
            when_craving=True,
            when_unanswered=True,
        )
    if "quinn" in memberships:
        consent = actions.set_check_on_me(
            membership=memberships["quinn"],
            quiet_days=7,
            when_quiet=True,
            when_craving=False,
            when_unanswered=False,
        )
        if consent is not None:
            # quinn asked ten days ago and hasn't checked in since: on casey's list.
            CheckOnMe.objects.filter(pk=consent.pk).update(created_at=now - timedelta(days=10))
            actions.record_outreach(
                found=found,
                consent=consent,
                body="Sent quinn a message after a quiet week. They're doing okay and will "
                "come to the Tuesday circle.",
            )
    return f"1 organisation, {len(memberships)} alumni in 2 cohorts"
