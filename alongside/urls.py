from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("alongside.core.urls")),
    path("", include("alongside.support.urls")),
    path("", include("alongside.resources.urls")),
    path("", include("alongside.accounts.urls_people")),
    path("accounts/", include("alongside.accounts.urls")),
    path("", include("alongside.notifications.urls")),
    path("", include("alongside.recovery.urls")),
    path("", include("alongside.discussions.urls")),
    path("", include("alongside.groups.urls")),
    path("", include("alongside.forum.urls")),
    path("", include("alongside.meetings.urls")),
    path("", include("alongside.mentoring.urls")),
    path("", include("alongside.organizations.urls")),
    path("", include("alongside.messaging.urls")),
    path("", include("alongside.moderation.urls")),
    path("settings/", include("alongside.accounts.urls_settings")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
