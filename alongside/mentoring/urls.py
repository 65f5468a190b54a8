from django.urls import path

from alongside.mentoring.views import finder, mentorship, requests, staff

app_name = "mentoring"
urlpatterns = [
    path("mentors/", finder.finder, name="finder"),
    path("mentors/preferences/", finder.preferences, name="preferences"),
    path("mentors/become/", finder.become, name="become"),
    path("mentors/<str:handle>/", finder.ask, name="ask"),
    path("mentoring/", requests.index, name="index"),
    path("mentoring/profile/", requests.profile, name="profile"),
    path("mentoring/pause/", requests.pause, name="pause"),
    path("mentoring/wellbeing/", requests.wellbeing, name="wellbeing"),
    path("mentoring/requests/<int:request_id>/", requests.request_detail, name="request"),
    path("mentoring/requests/<int:request_id>/withdraw/", requests.withdraw, name="withdraw"),
    path("mentoring/staff/", staff.overview, name="staff"),
    path("mentoring/staff/cohort/", staff.cohort, name="cohort"),
    path("mentoring/staff/verify/<str:handle>/", staff.verify, name="verify"),
    path("mentoring/<int:mentorship_id>/", mentorship.mentorship, name="mentorship"),
    path("mentoring/<int:mentorship_id>/agreement/", mentorship.agreement, name="agreement"),
    path("mentoring/<int:mentorship_id>/agreement/confirm/", mentorship.confirm, name="confirm"),
    path("mentoring/<int:mentorship_id>/check-ins/", mentorship.schedule, name="schedule"),
    path(
        "mentoring/<int:mentorship_id>/check-ins/<int:check_in_id>/",
        mentorship.log,
        name="log",
    ),
    path("mentoring/<int:mentorship_id>/goals/", mentorship.add_goal, name="add_goal"),
    path("mentoring/<int:mentorship_id>/goals/<int:goal_id>/", mentorship.goal, name="goal"),
    path("mentoring/<int:mentorship_id>/trends/", mentorship.mentee_trends, name="trends"),
    path("mentoring/<int:mentorship_id>/end/", mentorship.end, name="end"),
    path("mentoring/<int:mentorship_id>/feedback/", mentorship.feedback, name="feedback"),
]
