from django.urls import path

from alongside.forum import views

app_name = "forum"
urlpatterns = [
    path("forum/", views.index, name="index"),
    path("forum/search/", views.search, name="search"),
    path("forum/<slug:slug>/", views.category, name="category"),
    path("strategies/", views.strategies, name="strategies"),
    path("strategies/<int:strategy_id>/vouch/", views.vouch, name="vouch"),
    path("strategies/<int:strategy_id>/hide/", views.hide_strategy, name="hide_strategy"),
    path("stories/", views.stories, name="stories"),
    path("stories/new/", views.story_form, name="new_story"),
    path("stories/<int:story_id>/", views.story, name="story"),
    path("stories/<int:story_id>/edit/", views.story_form, name="edit_story"),
    path("stories/<int:story_id>/share/", views.share_story, name="share_story"),
    path("stories/<int:story_id>/delete/", views.delete_story, name="delete_story"),
]
