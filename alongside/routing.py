"""Websocket routes, served by the ASGI process under /ws/."""

from django.urls import path

from alongside.core.consumers import MemberConsumer
from alongside.messaging.consumers import ConversationConsumer

websocket_urlpatterns = [
    path("ws/member/", MemberConsumer.as_asgi()),
    path("ws/messages/<int:conversation_id>/", ConversationConsumer.as_asgi()),
]
