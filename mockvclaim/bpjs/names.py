"""Indonesian names and cities from Faker's id_ID lists, drawn as Faker draws them.

A seeded `Faker("id_ID")` picks one element of a tuple with `random.choice` on its own
`random.Random(seed)`; these functions make exactly those draws on a `random.Random` the
caller seeds, so the same seed gives the same names as Faker would, without its provider
proxy, attribute look-ups and per-call re-seeding (docs/performance.md §7). The lists are
read from the pinned Faker's id_ID providers, which stay the single source of the names.
"""

from __future__ import annotations

import random
from typing import Literal

from faker.providers.address.id_ID import Provider as _Address
from faker.providers.person.id_ID import Provider as _Person

__all__ = ["Sex", "city", "first_name", "first_name_of", "last_name", "last_name_of"]

Sex = Literal["L", "P"]

_FIRST: tuple[str, ...] = tuple(_Person.first_names)
_LAST: tuple[str, ...] = tuple(_Person.last_names)
_FIRST_BY_SEX: dict[Sex, tuple[str, ...]] = {
    "L": tuple(_Person.first_names_male),
    "P": tuple(_Person.first_names_female),
}
_LAST_BY_SEX: dict[Sex, tuple[str, ...]] = {
    "L": tuple(_Person.last_names_male),
    "P": tuple(_Person.last_names_female),
}
# Faker's city() first picks a format, then fills it: the format draw consumes bits too.
_CITY_FORMATS: tuple[str, ...] = tuple(_Address.city_formats)
_CITIES: tuple[str, ...] = tuple(_Address.cities)
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
