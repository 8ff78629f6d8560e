"""Values a generated request starts with, so a click gives a real answer from the mock.

Path parameters by the catalogue's name; `{{today}}` is set by the collection's pre-request
script (Jakarta's date). Card and facility are the catalogue's own example values
(docs/vclaim-api.md §3.1).
"""

from __future__ import annotations

from typing import Any

TODAY = "{{today}}"
CATALOGUE_CARD = "0001105689835"
CATALOGUE_PPK = "0301R011"

PATH_EXAMPLES: dict[str, str] = {
    "noKartu": CATALOGUE_CARD,
    "nomor": CATALOGUE_CARD,
    "ppkRujukan": CATALOGUE_PPK,
    "jnsPelayanan": "2",
    "jenisPelayanan": "2",
    "jenisFaskes": "2",
    "jenisRujukan": "1",
    "jnsKontrol": "2",
    "filter": "2",
    "status": "1",
    "diagnosa": "A15",
    "poli": "INT",
    "kdPoli": "INT",
    "kodeSpesialis": "INT",
    "faskes": "0301R011",
    "procedure": "00.01",
    "namaDokter": "Widya",
    "namaObat": "amlodipin",
    "kodePropinsi": "31",
    "kodeKabupaten": "0136",
}
DATE_PARAMETER_PREFIXES = ("tgl", "tanggal")


def path_example(name: str) -> str:
    if name in PATH_EXAMPLES:
        return PATH_EXAMPLES[name]
    if name.lower().startswith(DATE_PARAMETER_PREFIXES):
        return TODAY
    return ""


def body_example(schema: Any) -> Any:
    """The schema's first `examples` entry, else every member it lists with an empty value:
    a form to fill in rather than a body that works."""
    if not isinstance(schema, dict):
        return ""
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if "properties" in schema:
        return {name: body_example(sub) for name, sub in schema["properties"].items()}
    if "items" in schema:
        return [body_example(schema["items"])]
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    return ""
