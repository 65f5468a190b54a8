"""The finder's map is off unless an operator names a tile server; then it comes with Leaflet
(served by the instance) and the tile server's origin, and nothing else, is allowed for images."""

import importlib
from pathlib import Path

import pytest
from django.test import Client

from alongside.meetings.feed_import import sync
from alongside.meetings.models import FeedSource

DEMO = Path(__file__).resolve().parents[2] / "alongside" / "meetings" / "demo_feed.json"
TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def demo_meetings(db):
    source = FeedSource.objects.create(
        name="Portland (test)",
        slug="pdx",
        location=str(DEMO),
        default_timezone="America/Los_Angeles",
    )
    sync(source)


def test_no_map_without_a_tile_server(demo_meetings):
    page = Client().get("/meetings/?near=97214&distance=5").content.decode()
    assert "data-meeting-map" not in page
    assert "leaflet" not in page


def test_a_map_of_the_results_with_a_tile_server(demo_meetings, settings):
    settings.MEETING_MAP_TILES = TILES
    settings.MEETING_MAP_ATTRIBUTION = "Map data © OpenStreetMap contributors"
    page = Client().get("/meetings/?near=97214&distance=5").content.decode()
    assert 'data-meeting-map data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in page
    assert page.count("data-map-point") >= 3
    # An unknown place or no results: no map.
    empty = Client().get("/meetings/?near=Nowhereville%2C+ZZ").content.decode()
    assert "data-meeting-map" not in empty


def test_the_tile_servers_origin_is_the_only_other_image_source(monkeypatch):
    import alongside.settings as site_settings

    monkeypatch.setenv("MEETING_MAP_TILES", TILES)
    try:
        reloaded = importlib.reload(site_settings)
        assert reloaded.SECURE_CSP["img-src"][-1] == "https://tiles.example.org"
        assert all(
            "example.org" not in str(v) for k, v in reloaded.SECURE_CSP.items() if k != "img-src"
        )
    finally:
        monkeypatch.delenv("MEETING_MAP_TILES")
        importlib.reload(site_settings)
