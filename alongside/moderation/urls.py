from django.urls import path

from alongside.moderation import views

app_name = "moderation"
urlpatterns = [
    path("guidelines/", views.guidelines, name="guidelines"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/items/<int:item_id>/", views.item, name="item"),
    path("moderation/items/<int:item_id>/act/", views.act, name="act"),
    path("moderation/items/<int:item_id>/dismiss/", views.dismiss, name="dismiss"),
    path("moderation/items/<int:item_id>/keep/", views.decide, {"verdict": "keep"}, name="keep"),
    path(
        "moderation/items/<int:item_id>/reverse/",
        views.decide,
        {"verdict": "reverse"},
        name="reverse",
    ),
    path("moderation/log/", views.log, name="log"),
    path("moderation/report/<str:target_type>/<int:target_id>/", views.report, name="report"),
    path("moderation/reports/", views.my_reports, name="my_reports"),
    path("moderation/notices/", views.notices, name="notices"),
    path("moderation/notices/<int:action_id>/", views.notice, name="notice"),
    path("moderation/appeal/<str:token>/", views.appeal_by_link, name="appeal_by_link"),
]
