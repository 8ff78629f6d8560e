"""mockvclaim/bpjs/data/names_id.json is Faker's id_ID name and city lists, as the pinned
Faker (a development dependency) ships them. The mock reads the JSON instead of importing
Faker at start, and draws from the lists as Faker draws (bpjs/names.py), so the same seed
gives the same people (tests/test_same_people.py; docs/performance.md §5).

    python -m tests.test_names_data     # rewrite the file after upgrading Faker
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NAMES_FILE = Path(__file__).resolve().parents[1] / "mockvclaim" / "bpjs" / "data" / "names_id.json"
SOURCE = (
    "Indonesian first names, surnames and cities: the id_ID person and address providers of "
    "the Faker package from PyPI (MIT; version in `version`), in Faker's order, which the "
    "seeded draws depend on. Regenerate with `python -m tests.test_names_data`."
)


def build() -> dict[str, Any]:
    from importlib.metadata import version

    from faker.providers.address.id_ID import Provider as Address
    from faker.providers.person.id_ID import Provider as Person

    return {
        "source": SOURCE,
        "version": version("faker"),
        "first_names_male": list(Person.first_names_male),
        "first_names_female": list(Person.first_names_female),
        "last_names_male": list(Person.last_names_male),
        "last_names_female": list(Person.last_names_female),
        "city_formats": list(Address.city_formats),
        "cities": list(Address.cities),
    }


def test_the_data_file_is_what_faker_ships() -> None:
    shipped = json.loads(NAMES_FILE.read_text("utf-8"))
    assert shipped == build(), "run: python -m tests.test_names_data"


def test_either_sexs_names_are_the_male_list_then_the_female_one() -> None:
    """What bpjs/names.py assumes of Faker's first_name() and last_name() lists."""
    from faker.providers.person.id_ID import Provider as Person

    assert Person.first_names == Person.first_names_male + Person.first_names_female
    assert Person.last_names == Person.last_names_male + Person.last_names_female


def render(document: dict[str, Any]) -> str:
    """One list per line, so an upgrade's diff shows which list changed."""
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in document.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    NAMES_FILE.write_text(render(build()), "utf-8")
