from django.urls import path

from alongside.meetings import views, views_finder

app_name = "meetings"
urlpatterns = [
    path("meetings/", views_finder.finder_page, name="finder"),
    path("meetings/feed.json", views_finder.feed_json, name="feed"),
    path("groups/<slug:slug>/meetings/new/", views.schedule_meeting, name="schedule"),
    path("meetings/mine/", views.mine, name="mine"),
    path("meetings/calendar/", views.calendar_subscription, name="calendar_subscription"),
    path("meetings/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("meetings/attendance/<int:attendance_id>/proof/", views.proof, name="proof"),
    path("meetings/verify/<str:token>/", views.verify, name="verify"),
    path("meetings/<slug:slug>.ics", views.meeting_ics, name="ics"),
    path("meetings/<slug:slug>/", views.detail, name="detail"),
    path("meetings/<slug:slug>/edit/", views.edit, name="edit"),
    path("meetings/<slug:slug>/rsvp/", views.rsvp, name="rsvp"),
    path("meetings/<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("meetings/<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("meetings/<slug:slug>/attendance/<str:day>/", views.attendance, name="attendance"),
]
