from django.urls import path

from alongside.organizations.views import member, staff

app_name = "organizations"
urlpatterns = [
    path("join/", member.enter_code, name="enter_code"),
    path("join/<str:code>/", member.join, name="join"),
    path("org/<slug:slug>/", staff.dashboard, name="dashboard"),
    path("org/<slug:slug>/engagement.csv", staff.export_csv, name="export"),
    path("org/<slug:slug>/invites/", staff.invites, name="invites"),
    path("org/<slug:slug>/invites/<int:invite_id>/revoke/", staff.revoke, name="revoke"),
    path("org/<slug:slug>/announcements/", staff.announcements, name="announcements"),
    path(
        "org/<slug:slug>/announcements/<int:announcement_id>/delete/",
        staff.delete_announcement,
        name="delete_announcement",
    ),
    path("org/<slug:slug>/outreach/", staff.outreach, name="outreach"),
    path("org/<slug:slug>/outreach/<str:handle>/", staff.outreach_member, name="outreach_member"),
    path("org/<slug:slug>/check-on-me/", member.check_on_me, name="check_on_me"),
]
