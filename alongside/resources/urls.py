from django.urls import path

from alongside.resources import views

app_name = "resources"
urlpatterns = [
    path("resources/", views.directory, name="directory"),
    path("resources/<slug:slug>/", views.detail, name="detail"),
]
