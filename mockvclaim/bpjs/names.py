"""Indonesian names and cities from Faker's id_ID lists, drawn as Faker draws them.

A seeded `Faker("id_ID")` picks one element of a list with `random.choice` on its own
`random.Random(seed)`; these functions make exactly those draws on a `random.Random` the
caller seeds, so the same seed gives the same names as Faker would, without importing Faker
or going through its provider proxy (docs/performance.md §5, §7). The lists are
data/names_id.json, generated from the pinned Faker (the file says its source).
"""

from __future__ import annotations

import json
import random
from importlib import resources
from typing import Literal

__all__ = ["Sex", "city", "first_name", "first_name_of", "last_name", "last_name_of"]

Sex = Literal["L", "P"]

_LISTS = json.loads(
    resources.files("mockvclaim.bpjs.data").joinpath("names_id.json").read_text("utf-8")
)
_FIRST_BY_SEX: dict[Sex, tuple[str, ...]] = {
    "L": tuple(_LISTS["first_names_male"]),
    "P": tuple(_LISTS["first_names_female"]),
}
_LAST_BY_SEX: dict[Sex, tuple[str, ...]] = {
    "L": tuple(_LISTS["last_names_male"]),
    "P": tuple(_LISTS["last_names_female"]),
}
# Faker's sex-blind lists are the male list, then the female one (tests/test_names_data.py).
_FIRST = _FIRST_BY_SEX["L"] + _FIRST_BY_SEX["P"]
_LAST = _LAST_BY_SEX["L"] + _LAST_BY_SEX["P"]
# Faker's city() first picks a format, then fills it: the format draw consumes bits too.
_CITY_FORMATS: tuple[str, ...] = tuple(_LISTS["city_formats"])
_CITIES: tuple[str, ...] = tuple(_LISTS["cities"])
if _CITY_FORMATS != ("{{city_name}}",):  # a Faker upgrade changed how id_ID cities are made
    raise ImportError(f"unexpected id_ID city formats {_CITY_FORMATS!r}")


def first_name(rng: random.Random) -> str:
    """Faker's `first_name()`: either sex's list."""
    return rng.choice(_FIRST)


def last_name(rng: random.Random) -> str:
    """Faker's `last_name()`."""
    return rng.choice(_LAST)


def first_name_of(rng: random.Random, sex: Sex) -> str:
    """Faker's `first_name_male()` / `first_name_female()`."""
    return rng.choice(_FIRST_BY_SEX[sex])


def last_name_of(rng: random.Random, sex: Sex) -> str:
    """Faker's `last_name_male()` / `last_name_female()`."""
    return rng.choice(_LAST_BY_SEX[sex])


def city(rng: random.Random) -> str:
    """Faker's `city()`."""
    rng.choice(_CITY_FORMATS)
    return rng.choice(_CITIES)
