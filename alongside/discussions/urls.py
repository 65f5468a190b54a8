from django.urls import path

from alongside.discussions import views

app_name = "discussions"
urlpatterns = [
    path("discussions/boards/<int:board_id>/new/", views.new_thread, name="new_thread"),
    path("discussions/threads/<int:thread_id>/", views.thread_page, name="thread"),
    path("discussions/threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("discussions/threads/<int:thread_id>/pin/", views.moderate, {"what": "pin"}, name="pin"),
    path(
        "discussions/threads/<int:thread_id>/lock/", views.moderate, {"what": "lock"}, name="lock"
    ),
    path(
        "discussions/threads/<int:thread_id>/follow/",
        views.toggle,
        {"what": "follow"},
        name="follow",
    ),
    path(
        "discussions/threads/<int:thread_id>/bookmark/",
        views.toggle,
        {"what": "bookmark"},
        name="bookmark",
    ),
    path("discussions/bookmarks/", views.bookmarks, name="bookmarks"),
    path("discussions/posts/<int:post_id>/edit/", views.edit, name="edit"),
    path("discussions/posts/<int:post_id>/delete/", views.delete, name="delete"),
    path("discussions/posts/<int:post_id>/react/", views.react, name="react"),
]
