from django.urls import path

from alongside.messaging.views import pages

app_name = "messaging"
urlpatterns = [
    path("messages/", pages.inbox, name="inbox"),
    path("messages/with/<str:handle>/", pages.start, name="start"),
    path("messages/<int:conversation_id>/", pages.conversation, name="conversation"),
    path("messages/<int:conversation_id>/send/", pages.send, name="send"),
    path("messages/<int:conversation_id>/updates/", pages.updates, name="updates"),
    path("messages/<int:conversation_id>/respond/", pages.respond, name="respond"),
    path("messages/<int:conversation_id>/delete/", pages.forget, name="forget"),
    path("messages/<int:conversation_id>/read-state/", pages.read_state, name="read_state"),
    path(
        "messages/<int:conversation_id>/m/<int:message_id>/",
        pages.message_fragment,
        name="message",
    ),
    path("messages/<int:conversation_id>/m/<int:message_id>/edit/", pages.edit, name="edit"),
    path("messages/<int:conversation_id>/m/<int:message_id>/delete/", pages.delete, name="delete"),
    path("groups/<slug:slug>/chat/", pages.group_chat, name="group_chat"),
]
