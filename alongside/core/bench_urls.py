"""The real URLs plus /bench/floor/: the base template, no database work (the floor)."""

from django.shortcuts import render
from django.urls import include, path


def floor(request):
    return render(request, "base.html", {})


urlpatterns = [path("bench/floor/", floor), path("", include("alongside.urls"))]
