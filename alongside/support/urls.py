from django.urls import path

from alongside.support import views

app_name = "support"
urlpatterns = [path("help/", views.help_now, name="help")]
