from django.urls import path

from alongside.groups import views

app_name = "groups"
urlpatterns = [
    path("groups/", views.directory, name="directory"),
    path("groups/new/", views.create, name="create"),
    path("groups/activity/", views.activity, name="activity"),
    path("groups/<slug:slug>/", views.detail, name="detail"),
    path("groups/<slug:slug>/edit/", views.edit, name="edit"),
    path("groups/<slug:slug>/join/", views.join, name="join"),
    path("groups/<slug:slug>/ask/", views.ask, name="ask"),
    path("groups/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("groups/<slug:slug>/decline/", views.decline_invitation, name="decline"),
    path("groups/<slug:slug>/leave/", views.leave, name="leave"),
    path("groups/<slug:slug>/manage/", views.manage, name="manage"),
]
