"""Demo mentoring: four mentors with different profiles (one on a break), active mentorships
with an agreement, messages, check-ins and goals, a request waiting for sam, and river's
preferences so /mentors/ explains its suggestions."""

from datetime import time, timedelta

from django.utils import timezone

from alongside.accounts.models import User
from alongside.mentoring import actions
from alongside.mentoring.models import CheckInCall, MentorProfile, Mentorship
from alongside.messaging import actions as messaging

EVENINGS = ["mon-evening", "tue-evening", "wed-evening", "thu-evening", "sat-morning"]
MENTORS = {
    "sam": {
        "about": "Six years in recovery through 12-step and medication. I listen more than I "
        "talk, and I'm good company for the first 90 days.",
        "pathways": ["12-step", "medication"],
        "experiences": ["alcohol", "medication", "setbacks"],
        "help_with": ["early-days", "cravings", "step-work", "meetings"],
        "languages": ["en"],
        "gender": "man",
        "availability": EVENINGS,
        "capacity": 3,
        "contact_start": time(8),
        "contact_end": time(20),
    },
    "marisol": {
        "about": "Madre, abuela y en recuperación desde hace más de dos años. Hablo español e "
        "inglés. Faith carried me; I walk with people of any faith or none.",
        "pathways": ["faith", "12-step"],
        "experiences": ["alcohol", "parenting", "grief"],
        "help_with": ["family", "routines", "early-days"],
        "languages": ["es", "en"],
        "gender": "woman",
        "availability": ["mon-morning", "wed-morning", "fri-morning", "sun-afternoon"],
        "capacity": 2,
    },
    "jordan": {
        "about": "Three years with SMART Recovery. Parent of two. Practical tools, honest talk.",
        "pathways": ["smart", "secular"],
        "experiences": ["stimulants", "parenting"],
        "help_with": ["cravings", "work", "social"],
        "languages": ["en"],
        "gender": "woman",
        "availability": ["tue-afternoon", "thu-afternoon", "sat-afternoon"],
        "capacity": 2,
    },
    "kai": {
        "about": "A year into harm reduction and glad to share what's working.",
        "pathways": ["harm-reduction"],
        "experiences": ["cannabis", "lgbtq"],
        "help_with": ["social", "routines"],
        "languages": ["en"],
        "availability": ["fri-evening", "sat-evening"],
        "capacity": 1,
    },
}
# mentor, mentee, days ago, agreed
MENTORSHIPS = [("sam", "dev", 60, True), ("sam", "jamie", 20, True), ("marisol", "rosa", 90, True)]


def load() -> str:
    if MentorProfile.objects.exists():
        return "0 mentors"
    users = {
        u.handle: u
        for u in User.objects.filter(
            handle__in=[*MENTORS, "dev", "jamie", "rosa", "alex", "river", "casey"]
        )
    }
    made = 0
    for handle, fields in MENTORS.items():
        if handle in users:
            actions.become_mentor(user=users[handle], agreement=True, **fields)
            made += 1
    if "kai" in users:
        today = timezone.localdate()
        actions.pause_mentoring(
            user=users["kai"], until=today + timedelta(days=21), note="Back after exams."
        )
    if "casey" in users and "sam" in users:
        actions.verify_mentor(actor=users["casey"], mentor=users["sam"])
    now = timezone.now()
    for mentor, mentee, days, agreed in MENTORSHIPS:
        if mentor not in users or mentee not in users:
            continue
        request = actions.send_request(
            mentee=users[mentee],
            mentor=users[mentor],
            message="I admire your strength in maintaining your recovery and believe I could "
            "benefit from your guidance. Would you consider being my sober mentor?",
            commitment="I'll show up for our check-ins and be honest with you.",
        )
        mentorship = actions.respond_to_request(
            mentor=users[mentor],
            request=request,
            accept=True,
            response="Yes, I'd be glad to walk beside you for a while.",
        )
        assert mentorship is not None
        Mentorship.objects.filter(pk=mentorship.pk).update(started_at=now - timedelta(days=days))
        if agreed:
            actions.confirm_agreement(user=users[mentor], mentorship=mentorship)
            actions.confirm_agreement(user=users[mentee], mentorship=mentorship)
        conversation = messaging.start_conversation(user=users[mentee], other=users[mentor])
        messaging.send_message(
            user=users[mentee], conversation=conversation, body="Thanks for Tuesday. It helped."
        )
        messaging.send_message(
            user=users[mentor],
            conversation=conversation,
            body="Glad to hear it. Same time next week? Call me before the party if you need to.",
        )
        actions.add_goal(
            user=users[mentee], mentorship=mentorship, title="Go to three meetings a week"
        )
        actions.add_goal(
            user=users[mentee], mentorship=mentorship, title="Sleep by 11 on work nights"
        )
        past = CheckInCall.objects.create(
            mentorship=mentorship, scheduled_for=now - timedelta(days=6)
        )
        actions.log_check_in(
            user=users[mentor],
            check_in=past,
            status=CheckInCall.Status.DONE,
            how_it_went=CheckInCall.Feeling.GOOD,
            note="Talked about the holidays and a plan for the office party.",
        )
        actions.schedule_check_in(
            user=users[mentee], mentorship=mentorship, when=now + timedelta(days=1, hours=2)
        )
    if "alex" in users and "sam" in users:
        actions.send_request(
            mentee=users["alex"],
            mentor=users["sam"],
            message="Hi sam, I'm three days in and scared. I think I could benefit from your "
            "guidance. Would you consider being my sober mentor?",
            commitment="I'll be honest with you and I'll keep coming to the Tuesday group.",
        )
    if "river" in users:
        actions.save_preferences(
            user=users["river"],
            pathway="12-step",
            languages=["en"],
            experiences=["alcohol"],
            help_with=["cravings", "meetings"],
            availability=["tue-evening", "thu-evening", "sat-morning"],
        )
    if "sam" in users:
        actions.record_wellbeing(mentor=users["sam"], stress=2, sleep=4, own_recovery=5, capacity=3)
    return f"{made} mentors"
