from django.urls import path

from alongside.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("about/privacy/", views.privacy, name="privacy"),
]
