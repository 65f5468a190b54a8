from django.urls import path

from alongside.support import views

app_name = "support"
urlpatterns = [
    path("help/", views.help_now, name="help"),
    path("support-now/", views.support_now, name="now"),
    path("support-now/on-call/", views.on_call, name="on_call"),
    path("support-now/roster/", views.roster, name="roster"),
    path("support-now/roster/<str:handle>/approve/", views.approve, name="approve"),
    path("support-now/<int:request_id>/", views.request_detail, name="request"),
    path("support-now/<int:request_id>/here/", views.here, name="here"),
    path("support-now/<int:request_id>/close/", views.close, name="close"),
    # The crisis queue became part of the one moderation queue (/moderation/).
    path("moderation/crisis/", views.crisis_queue, name="crisis_queue"),
    path("moderation/crisis/<int:flag_id>/reviewed/", views.review, name="review"),
]
