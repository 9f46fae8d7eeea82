"""A place's position drawn on a shipped outline — Mexico's for a place in Mexico, else the world's —
as an inline SVG: no map tiles, so no request to another server and nothing to consent to. The
outlines are Natural Earth's (public domain; see README, "Entities with identifiers")."""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import pgettext

OUTLINES = Path(__file__).resolve().parent / "data" / "outlines.json"


@dataclass(frozen=True)
class Locator:
    outline: str  # "mexico" or "world"
    path: str
    width: int
    height: int
    x: float
    y: float
    coordinates: str


@functools.cache
def outlines() -> dict:
    return json.loads(OUTLINES.read_text())


# Mexico, as its Place is known: by its Wikidata item or GeoNames feature, or by the slug
# the demo and the desk give it.
MEXICO_WIKIDATA, MEXICO_GEONAMES, MEXICO_SLUG = "Q96", "3996063", "mexico"


def in_mexico(place) -> bool:
    """Whether the place is Mexico or lies in it, by its parents up to its country. Mexico's frame
    alone would take in Houston, San Diego, El Paso and Guatemala City."""
    seen = set()
    while place is not None and place.pk not in seen:  # A loop of parents, which the form refuses, still ends.
        seen.add(place.pk)
        if place.wikidata == MEXICO_WIKIDATA or place.geonames == MEXICO_GEONAMES:
            return True
        if place.kind == place.Kind.COUNTRY:
            return place.slug_en == MEXICO_SLUG
        place = place.parent
    return False


def locator_for(place) -> Locator:
    return locator(place.latitude, place.longitude, in_mexico=in_mexico(place))


def locator(latitude, longitude, *, in_mexico: bool) -> Locator:
    """The point on Mexico's outline for a place in Mexico that lies in its frame, else on the world's."""
    latitude, longitude = float(latitude), float(longitude)
    shapes = outlines()
    name = "mexico" if in_mexico and inside(shapes["mexico"], latitude, longitude) else "world"
    shape = shapes[name]
    return Locator(
        outline=name,
        path=shape["path"],
        width=shape["width"],
        height=shape["height"],
        # Kept inside the frame: a point beyond the world map's polar cut is drawn at its edge.
        x=round(min(max((longitude - shape["west"]) * shape["x_scale"], 0), shape["width"]), 1),
        y=round(min(max((shape["north"] - latitude) * shape["y_scale"], 0), shape["height"]), 1),
        coordinates=coordinates_text(latitude, longitude),
    )


def inside(shape: dict, latitude: float, longitude: float) -> bool:
    return shape["south"] <= latitude <= shape["north"] and shape["west"] <= longitude <= shape["east"]


def coordinates_text(latitude, longitude) -> str:
    """`19.4326° N, 99.1332° W`, the number in the page's language's way (`19,4326° N`)."""
    north = pgettext("compass", "N") if latitude >= 0 else pgettext("compass", "S")
    east = pgettext("compass", "E") if longitude >= 0 else pgettext("compass", "W")
    return f"{number_format(abs(latitude), 4)}° {north}, {number_format(abs(longitude), 4)}° {east}"
