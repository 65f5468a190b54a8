from django.urls import path

from alongside.accounts.views import people

app_name = "people"
urlpatterns = [
    path("people/", people.directory, name="directory"),
    path("people/<str:handle>/", people.member_profile, name="profile"),
    path("people/<str:handle>/connect/", people.connect, name="connect"),
    path("people/<str:handle>/disconnect/", people.disconnect, name="disconnect"),
    path("people/<str:handle>/block/", people.confirm_block, name="block"),
    path("me/connections/", people.connections, name="connections"),
    path("me/connections/<int:connection_id>/respond/", people.respond_to_request, name="respond"),
    path("me/connections/<int:connection_id>/withdraw/", people.withdraw_request, name="withdraw"),
]
