from django.http import Http404

from alongside.accounts.models import User
from alongside.groups.access import group_access
from alongside.meetings.models import Attendance, Meeting


def may_see_meeting(user: User, meeting: Meeting) -> bool:
    if meeting.group is None:
        return True  # public meetings (the finder's imported ones)
    found = group_access(user, meeting.group)
    return found is not None and found.is_member


def may_run_meeting(user: User, meeting: Meeting) -> bool:
    if meeting.group is None:
        return False
    found = group_access(user, meeting.group)
    return found is not None and found.is_facilitator


def access_meeting_for_user(user: User, slug: str) -> Meeting:
    meeting = Meeting.objects.select_related("group").filter(slug=slug).first()
    if meeting is None or not may_see_meeting(user, meeting):
        raise Http404
    return meeting


def access_meeting_as_facilitator(user: User, slug: str) -> Meeting:
    meeting = access_meeting_for_user(user, slug)
    if not may_run_meeting(user, meeting):
        raise Http404
    return meeting


def access_attendance_for_owner(user: User, attendance_id: int) -> Attendance:
    attendance = (
        Attendance.objects.select_related("meeting", "confirmed_by")
        .filter(pk=attendance_id, user=user)
        .first()
    )
    if attendance is None:
        raise Http404
    return attendance
