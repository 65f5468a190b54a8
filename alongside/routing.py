"""Websocket routes, served by the ASGI process under /ws/."""

from django.urls import path

from alongside.core.consumers import MemberConsumer

websocket_urlpatterns = [
    path("ws/member/", MemberConsumer.as_asgi()),
]
