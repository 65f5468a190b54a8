from django.urls import path

from alongside.accounts.views import settings as views

app_name = "settings"
urlpatterns = [
    path("", views.overview, name="index"),
    path("profile/", views.profile, name="profile"),
    path("account/", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/<int:user_id>/unblock/", views.unblock, name="unblock"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
