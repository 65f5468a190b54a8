from django.urls import path

from alongside.recovery import views

app_name = "recovery"
urlpatterns = [
    path("me/journey/", views.journey, name="journey"),
    path("me/journey/new/", views.journey_new, name="journey_new"),
    path("me/journey/<int:journey_id>/edit/", views.journey_edit, name="journey_edit"),
    path("me/journey/<int:journey_id>/delete/", views.journey_delete, name="journey_delete"),
    path("me/journey/<int:journey_id>/setback/", views.setback, name="setback"),
    path("me/check-in/", views.check_in, name="check_in"),
    path("me/recovery-capital/", views.recovery_capital, name="capital"),
    path("me/trends/", views.trends_page, name="trends"),
    path("me/trends/sharing/", views.trend_sharing, name="trend_sharing"),
    path("milestones/<int:milestone_id>/congratulate/", views.congratulate, name="congratulate"),
]
