"""The JSON Schemas in schemas/: well-formed; sep.insert accepts real bodies, rejects bad ones."""

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.services import VCLAIM
from tests.fixtures import sep_insert_requests as fx

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.json"))
ID_PREFIX = "https://mockvclaim.invalid/schemas/"
SEP_INSERT_ID = ID_PREFIX + "sep.insert.request.schema.json"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

Path_ = tuple[str, ...]
T_SEP: Path_ = ("request", "t_sep")
REMOVE = object()
"""Marker value for _with: delete the key instead of setting it."""

# The catalogue example exactly as the brief quotes it (docs/vclaim-api.md §3.1).
CATALOG_EXAMPLE_JSON = """
{"request":{"t_sep":{"noKartu":"0001105689835","tglSep":"2021-07-30","ppkPelayanan":"0301R011",
"jnsPelayanan":"1","klsRawat":{"klsRawatHak":"2","klsRawatNaik":"1","pembiayaan":"1",
"penanggungJawab":"Pribadi"},"noMR":"MR9835","rujukan":{"asalRujukan":"2",
"tglRujukan":"2021-07-23","noRujukan":"RJKMR9835001","ppkRujukan":"0301R011"},
"catatan":"testinsert RI","diagAwal":"E10","poli":{"tujuan":"","eksekutif":"0"},
"cob":{"cob":"0"},"katarak":{"katarak":"0"},"jaminan":{"lakaLantas":"0","noLP":"12345",
"penjamin":{"tglKejadian":"","keterangan":"","suplesi":{"suplesi":"0","noSepSuplesi":"",
"lokasiLaka":{"kdPropinsi":"","kdKabupaten":"","kdKecamatan":""}}}},"tujuanKunj":"0",
"flagProcedure":"","kdPenunjang":"","assesmentPel":"","skdp":{"noSurat":"0301R0110721K000021",
"kodeDPJP":"31574"},"dpjpLayan":"","noTelp":"081111111101","user":"Coba Ws"}}}
"""

BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "catalog_example": fx.catalog_example,
    "rawat_jalan_first_visit": fx.rawat_jalan_first_visit,
    "rawat_jalan_kontrol": fx.rawat_jalan_kontrol,
    "rawat_jalan_internal": fx.rawat_jalan_internal,
    "rawat_jalan_procedure": fx.rawat_jalan_procedure,
    "igd": fx.igd,
    "rawat_inap": fx.rawat_inap,
}


def _load(path: Path) -> dict[str, Any]:
    contents = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(contents, dict), f"{path.name}: a schema file holds one JSON object"
    return contents


@pytest.fixture(scope="module")
def registry() -> Registry[Any]:
    resources = [
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in map(_load, SCHEMA_FILES)
    ]
    return Registry().with_resources(resources).crawl()


@pytest.fixture(scope="module")
def sep_insert_schema(registry: Registry[Any]) -> dict[str, Any]:
    contents = registry.contents(SEP_INSERT_ID)
    assert isinstance(contents, dict)
    return contents


@pytest.fixture(scope="module")
def validator(registry: Registry[Any], sep_insert_schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(sep_insert_schema, registry=registry)


def with_value(body: dict[str, Any], path: Path_, value: object) -> dict[str, Any]:
    """Return a deep copy of body with the value at path replaced (or removed, for REMOVE)."""
    out = copy.deepcopy(body)
    node = out
    for key in path[:-1]:
        node = node[key]
    if value is REMOVE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def _field_path(error: ValidationError) -> Path_:
    """Return the instance path of the field an error is about.

    A ``required`` error sits on the parent object; append the name of the missing member.
    """
    path = tuple(str(part) for part in error.absolute_path)
    required, instance = error.validator_value, error.instance
    if error.validator == "required" and isinstance(required, list) and isinstance(instance, dict):
        return (*path, *(name for name in required if name not in instance))
    return path


def _title_at(schema: dict[str, Any], path: Path_) -> str:
    """Return the title a message would use for the field at path."""
    node = schema
    for key in path:
        node = node["properties"][key]
    title = node["title"]
    assert isinstance(title, str)
    return title


def _properties(schema: dict[str, Any], path: Path_ = ()) -> Iterator[tuple[Path_, dict[str, Any]]]:
    for name, sub in schema.get("properties", {}).items():
        yield (*path, name), sub
        yield from _properties(sub, (*path, name))


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _errors(validator: Draft202012Validator, body: object) -> list[ValidationError]:
    return list(validator.iter_errors(body))


# ---------------------------------------------------------------------------------------------
# Every schema file


def test_schema_dir_holds_the_sep_insert_schemas() -> None:
    names = {path.name for path in SCHEMA_FILES}
    assert {"defs.schema.json", "sep.insert.request.schema.json"} <= names


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_schema_file_is_a_valid_draft_2020_12_schema(path: Path) -> None:
    schema = _load(path)
    assert schema.get("$schema") == DRAFT_2020_12
    # Relative refs ("defs.schema.json#/$defs/...") resolve against $id: it must match the file.
    assert schema.get("$id") == ID_PREFIX + path.name
    Draft202012Validator.check_schema(schema)


def test_schema_ids_are_unique() -> None:
    ids = [_load(path).get("$id") for path in SCHEMA_FILES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_schema_file_every_ref_resolves(path: Path, registry: Registry[Any]) -> None:
    schema = _load(path)
    resolver = registry.resolver(base_uri=schema["$id"])
    for ref in _refs(schema):
        resolved = resolver.lookup(ref)
        assert isinstance(resolved.contents, dict), ref


# ---------------------------------------------------------------------------------------------
# Bodies that must pass


def test_catalog_example_fixture_is_the_catalogue_text() -> None:
    assert fx.catalog_example() == json.loads(CATALOG_EXAMPLE_JSON)


@pytest.mark.parametrize("name", BUILDERS)
def test_sep_insert_accepts_fixture(name: str, validator: Draft202012Validator) -> None:
    errors = _errors(validator, BUILDERS[name]())
    assert [error.message for error in errors] == []


@pytest.mark.parametrize("name", BUILDERS)
def test_fixture_builder_returns_a_fresh_dict(name: str) -> None:
    first = BUILDERS[name]()
    first["request"]["t_sep"]["jaminan"]["penjamin"]["suplesi"]["lokasiLaka"]["kdPropinsi"] = "99"
    first["request"]["t_sep"]["klsRawat"]["klsRawatHak"] = "9"
    second = BUILDERS[name]()
    assert second["request"]["t_sep"]["jaminan"]["penjamin"]["suplesi"]["lokasiLaka"] == {
        "kdPropinsi": "",
        "kdKabupaten": "",
        "kdKecamatan": "",
    }
    assert second["request"]["t_sep"]["klsRawat"]["klsRawatHak"] != "9"


# Each row of docs/vclaim-api.md §3.3: fixed column values, the document letter at position 12 of
# rujukan.noRujukan ("" = empty number), the same for skdp.noSurat, and whether dpjpLayan is set.
ROWS = {
    "rawat_jalan_first_visit": (
        {"jnsPelayanan": "2", "asalRujukan": "1", "tujuan": "INT", "kunj": ("0", "", "", "")},
        "P",
        "",
        True,
    ),
    "rawat_jalan_kontrol": (
        {"jnsPelayanan": "2", "asalRujukan": "2", "tujuan": "INT", "kunj": ("2", "", "", "5")},
        "V",
        "K",
        True,
    ),
    "rawat_jalan_internal": (
        {"jnsPelayanan": "2", "asalRujukan": "1", "tujuan": "BED", "kunj": ("0", "", "", "4")},
        "P",
        None,
        True,
    ),
    "rawat_jalan_procedure": (
        {"jnsPelayanan": "2", "asalRujukan": "1", "tujuan": "INT", "kunj": ("1", "1", "2", "")},
        "P",
        None,
        True,
    ),
    "igd": (
        {"jnsPelayanan": "2", "asalRujukan": "2", "tujuan": "IGD", "kunj": ("0", "", "", "")},
        "",
        "",
        True,
    ),
    "rawat_inap": (
        {"jnsPelayanan": "1", "asalRujukan": "2", "tujuan": "", "kunj": ("0", "", "", "")},
        "V",
        "K",
        False,
    ),
}


def _letter(number: str) -> str:
    return number[12] if number else ""


@pytest.mark.parametrize("name", ROWS)
def test_fixture_builder_follows_its_reference_row(name: str) -> None:
    fixed, rujukan_letter, surat_letter, has_dpjp_layan = ROWS[name]
    t_sep = BUILDERS[name]()["request"]["t_sep"]
    kunj = (
        t_sep["tujuanKunj"],
        t_sep["flagProcedure"],
        t_sep["kdPenunjang"],
        t_sep["assesmentPel"],
    )
    assert t_sep["jnsPelayanan"] == fixed["jnsPelayanan"]
    assert t_sep["rujukan"]["asalRujukan"] == fixed["asalRujukan"]
    assert t_sep["poli"]["tujuan"] == fixed["tujuan"]
    assert kunj == fixed["kunj"]
    assert _letter(t_sep["rujukan"]["noRujukan"]) == rujukan_letter
    if surat_letter is None:
        assert "skdp" not in t_sep
    else:
        assert _letter(t_sep["skdp"]["noSurat"]) == surat_letter
    assert bool(t_sep["dpjpLayan"]) is has_dpjp_layan
    assert t_sep["tglSep"] == fx.TGL_SEP
    assert t_sep["ppkPelayanan"] == fx.PPK_PELAYANAN
    if name == "igd":
        assert t_sep["rujukan"]["tglRujukan"] == ""
        assert t_sep["rujukan"]["ppkRujukan"] == t_sep["ppkPelayanan"]


def _minimal() -> dict[str, Any]:
    t_sep = fx.catalog_example()["request"]["t_sep"]
    keep = {"noKartu", "tglSep", "ppkPelayanan", "jnsPelayanan", "noMR", "diagAwal", "user"}
    minimal = {key: value for key, value in t_sep.items() if key in keep}
    minimal["klsRawat"] = {"klsRawatHak": "2"}
    minimal["rujukan"] = {"asalRujukan": "2"}
    minimal["poli"] = {"tujuan": "", "eksekutif": "0"}
    return {"request": {"t_sep": minimal}}


def test_sep_insert_accepts_only_the_required_fields(validator: Draft202012Validator) -> None:
    assert _errors(validator, _minimal()) == []


def test_sep_insert_accepts_unknown_keys_everywhere(validator: Draft202012Validator) -> None:
    body = fx.catalog_example()
    body["extra"] = 1
    body["request"]["t_sep"]["unknown"] = {"x": [1, None]}
    body["request"]["t_sep"]["klsRawat"]["kelas"] = 3
    # A v1.1 leftover some PHP clients still send (docs/vclaim-api.md §1.5).
    body["request"]["t_sep"]["jaminan"]["penjamin"]["penjamin"] = "1"
    body["request"]["t_sep"]["jaminan"]["penjamin"]["suplesi"]["lokasiLaka"]["lokasi"] = "x"
    assert _errors(validator, body) == []


ACCEPTED_VARIANTS = [
    pytest.param((*T_SEP, "diagAwal"), "J069", id="diagAwal-undotted"),
    pytest.param((*T_SEP, "diagAwal"), "S72.00", id="diagAwal-two-decimals"),
    pytest.param((*T_SEP, "diagAwal"), "j06.9", id="diagAwal-lower-case"),
    pytest.param((*T_SEP, "klsRawat", "klsRawatNaik"), "8", id="klsRawatNaik-8"),
    pytest.param((*T_SEP, "klsRawat", "pembiayaan"), "3", id="pembiayaan-3"),
    pytest.param((*T_SEP, "kdPenunjang"), "12", id="kdPenunjang-12"),
    pytest.param((*T_SEP, "assesmentPel"), "5", id="assesmentPel-5"),
    pytest.param((*T_SEP, "flagProcedure"), "0", id="flagProcedure-0"),
    pytest.param((*T_SEP, "jaminan", "lakaLantas"), "3", id="lakaLantas-3"),
    pytest.param((*T_SEP, "poli", "tujuan"), "IGD", id="poli-IGD"),
    pytest.param((*T_SEP, "ppkPelayanan"), "03100202", id="ppk-puskesmas-digits"),
    pytest.param((*T_SEP, "rujukan", "ppkRujukan"), "", id="ppkRujukan-empty"),
    pytest.param((*T_SEP, "rujukan", "noRujukan"), "0050B1070223P000004", id="noRujukan-pcare"),
    pytest.param((*T_SEP, "rujukan", "noRujukan"), "R" * 30, id="noRujukan-30"),
    pytest.param((*T_SEP, "skdp", "noSurat"), "0301r0110721k000021", id="noSurat-lower-case"),
    pytest.param((*T_SEP, "skdp", "noSurat"), "", id="noSurat-empty"),
    pytest.param((*T_SEP, "skdp", "kodeDPJP"), "0", id="kodeDPJP-0"),
    pytest.param((*T_SEP, "catatan"), "x" * 200, id="catatan-200"),
    pytest.param(
        (*T_SEP, "catatan"),
        "Pasien mengeluh nyeri \u2014 \u00e9 \U0001f600",
        id="catatan-non-ascii",
    ),
    pytest.param((*T_SEP, "noMR"), "", id="noMR-empty"),
    pytest.param((*T_SEP, "noTelp"), "+62 811-1111-1101", id="noTelp-formatted"),
    pytest.param(
        (*T_SEP, "jaminan", "penjamin", "suplesi", "noSepSuplesi"),
        "0301R0110721V000039",
        id="noSepSuplesi-sep",
    ),
    pytest.param(
        (*T_SEP, "jaminan", "penjamin", "suplesi", "lokasiLaka", "kdPropinsi"),
        "03",
        id="kdPropinsi",
    ),
    pytest.param((*T_SEP, "jaminan", "penjamin", "tglKejadian"), "2021-07-29", id="tglKejadian"),
    pytest.param((*T_SEP, "cob"), REMOVE, id="without-cob"),
    pytest.param((*T_SEP, "skdp", "noSurat"), REMOVE, id="without-skdp-noSurat"),
    pytest.param((*T_SEP, "jaminan", "penjamin"), REMOVE, id="without-penjamin"),
]


@pytest.mark.parametrize(("path", "value"), ACCEPTED_VARIANTS)
def test_sep_insert_accepts_variant(
    path: Path_, value: object, validator: Draft202012Validator
) -> None:
    body = with_value(fx.catalog_example(), path, value)
    assert [error.message for error in _errors(validator, body)] == []


# ---------------------------------------------------------------------------------------------
# Bodies that must fail, each at the field that was broken


def _p(field: str, value: object, case: str) -> Any:
    path = (*T_SEP, *field.split("."))
    return pytest.param(path, value, id=f"{field}-{case}")


ENUM_CASES = [
    _p("jnsPelayanan", "3", "3"),
    _p("jnsPelayanan", "", "empty"),
    _p("jnsPelayanan", " 1", "padded"),
    _p("klsRawat.klsRawatHak", "4", "4"),
    _p("klsRawat.klsRawatHak", "", "empty"),
    _p("klsRawat.klsRawatNaik", "9", "9"),
    _p("klsRawat.klsRawatNaik", "0", "0"),
    _p("klsRawat.pembiayaan", "4", "4"),
    _p("rujukan.asalRujukan", "3", "3"),
    _p("rujukan.asalRujukan", "", "empty"),
    _p("poli.eksekutif", "2", "2"),
    _p("poli.eksekutif", "Tidak", "word"),
    _p("cob.cob", "2", "2"),
    _p("katarak.katarak", "", "empty"),
    _p("jaminan.lakaLantas", "4", "4"),
    _p("jaminan.penjamin.suplesi.suplesi", "2", "2"),
    _p("tujuanKunj", "3", "3"),
    _p("tujuanKunj", "", "empty"),
    _p("flagProcedure", "2", "2"),
    _p("kdPenunjang", "13", "13"),
    _p("kdPenunjang", "0", "0"),
    _p("kdPenunjang", "01", "leading-zero"),
    _p("assesmentPel", "6", "6"),
    _p("assesmentPel", "0", "0"),
]

TYPE_CASES = [
    _p("jnsPelayanan", 1, "number"),
    _p("noKartu", 1105689835, "number"),
    _p("tglSep", None, "null"),
    _p("klsRawat.klsRawatHak", 2, "number"),
    _p("poli.eksekutif", False, "bool"),
    _p("cob.cob", 0, "number"),
    _p("catatan", 123, "number"),
    _p("noTelp", 81111111101, "number"),
    _p("user", None, "null"),
    _p("klsRawat", "3", "v1.1-flat-string"),
    _p("rujukan", [], "list"),
    _p("jaminan.penjamin", "", "string"),
    pytest.param(("request",), "x", id="request-string"),
    pytest.param(T_SEP, None, id="t_sep-null"),
]

PATTERN_CASES = [
    _p("tglSep", "30-07-2021", "dd-MM-yyyy"),
    _p("tglSep", "2021/07/30", "slashes"),
    _p("tglSep", "2021-7-30", "short-month"),
    _p("tglSep", "2021-07-30 00:00:00", "with-time"),
    _p("tglSep", "2021-07-30\n", "trailing-newline"),
    _p("tglSep", "\u0662\u0660\u0662\u0661-\u0660\u0667-\u0663\u0660", "arabic-digits"),
    _p("tglSep", "", "empty"),
    _p("rujukan.tglRujukan", "23-07-2021", "dd-MM-yyyy"),
    _p("jaminan.penjamin.tglKejadian", "2021-07-3", "short-day"),
    _p("noKartu", "00011056898351", "14-digits"),
    _p("noKartu", "000110568983", "12-digits"),
    _p("noKartu", "000110568983A", "letter"),
    _p("noKartu", "0001 10568983", "space"),
    _p("noKartu", "0001105689835\n", "trailing-newline"),
    _p("noKartu", "", "empty"),
    _p("ppkPelayanan", "0301R01", "7-chars"),
    _p("ppkPelayanan", "0301R0111", "9-chars"),
    _p("ppkPelayanan", "0301-R01", "dash"),
    _p("rujukan.ppkRujukan", "0301R01", "7-chars"),
    _p("diagAwal", "E1", "too-short"),
    _p("diagAwal", "E10.", "bare-dot"),
    _p("diagAwal", "E10.123", "three-decimals"),
    _p("diagAwal", "10E", "digit-first"),
    _p("diagAwal", "E10 ", "trailing-space"),
    _p("diagAwal", "", "empty"),
    _p("poli.tujuan", "INTERN", "6-chars"),
    _p("poli.tujuan", "IN T", "space"),
    _p("skdp.noSurat", "0301R0110721K00002", "18-chars"),
    _p("skdp.noSurat", "0301R011072K1000021", "letter-misplaced"),
    _p("skdp.kodeDPJP", "dr31574", "letters"),
    _p("skdp.kodeDPJP", "12345678901", "11-digits"),
    _p("dpjpLayan", "31574a", "letter"),
    _p("jaminan.penjamin.suplesi.noSepSuplesi", "123", "short"),
    _p("jaminan.penjamin.suplesi.lokasiLaka.kdPropinsi", "DKI", "letters"),
    _p("jaminan.penjamin.suplesi.lokasiLaka.kdKecamatan", "01.02", "dot"),
]

LENGTH_CASES = [
    _p("catatan", "x" * 201, "201"),
    _p("jaminan.penjamin.keterangan", "x" * 201, "201"),
    _p("noMR", "M" * 31, "31"),
    _p("rujukan.noRujukan", "R" * 31, "31"),
    _p("noTelp", "0" * 31, "31"),
    _p("jaminan.noLP", "L" * 51, "51"),
    _p("klsRawat.penanggungJawab", "P" * 101, "101"),
    _p("user", "u" * 101, "101"),
]


REJECTED = [
    pytest.param(*case.values, keyword, id=f"{keyword}:{case.id}")
    for keyword, cases in [
        ("enum", ENUM_CASES),
        ("type", TYPE_CASES),
        ("pattern", PATTERN_CASES),
        ("maxLength", LENGTH_CASES),
    ]
    for case in cases
]


@pytest.mark.parametrize(("path", "value", "keyword"), REJECTED)
def test_sep_insert_rejects_bad_value_at_its_field(
    path: Path_,
    value: object,
    keyword: str,
    validator: Draft202012Validator,
    sep_insert_schema: dict[str, Any],
) -> None:
    body = with_value(fx.catalog_example(), path, value)
    errors = _errors(validator, body)
    assert errors, f"{'.'.join(path)}={value!r} was accepted"
    assert {_field_path(error) for error in errors} == {path}
    assert keyword in {error.validator for error in errors}
    assert {error.json_path for error in errors} == {"$." + ".".join(path)}
    assert _title_at(sep_insert_schema, path)


REQUIRED_FIELDS = [
    ("request",),
    T_SEP,
    *(
        (*T_SEP, *field.split("."))
        for field in (
            "noKartu",
            "tglSep",
            "ppkPelayanan",
            "jnsPelayanan",
            "klsRawat",
            "klsRawat.klsRawatHak",
            "noMR",
            "rujukan",
            "rujukan.asalRujukan",
            "diagAwal",
            "poli",
            "poli.tujuan",
            "poli.eksekutif",
            "user",
        )
    ),
]


@pytest.mark.parametrize("path", REQUIRED_FIELDS, ids=".".join)
def test_sep_insert_rejects_missing_required_field(
    path: Path_, validator: Draft202012Validator, sep_insert_schema: dict[str, Any]
) -> None:
    body = with_value(fx.catalog_example(), path, REMOVE)
    errors = _errors(validator, body)
    assert [error.validator for error in errors] == ["required"]
    assert _field_path(errors[0]) == path
    assert _title_at(sep_insert_schema, path)


@pytest.mark.parametrize("path", REQUIRED_FIELDS, ids=".".join)
def test_sep_insert_required_fields_match_the_decision(
    path: Path_, sep_insert_schema: dict[str, Any]
) -> None:
    node = sep_insert_schema
    for key in path[:-1]:
        node = node["properties"][key]
    assert path[-1] in node["required"]


def test_sep_insert_requires_nothing_else(sep_insert_schema: dict[str, Any]) -> None:
    required = {
        (*path, name)
        for path, sub in [((), sep_insert_schema), *_properties(sep_insert_schema)]
        for name in sub.get("required", [])
    }
    assert required == set(REQUIRED_FIELDS)


@pytest.mark.parametrize("body", [[], "request", None, 1], ids=repr)
def test_sep_insert_rejects_a_body_that_is_not_an_object(
    body: object, validator: Draft202012Validator
) -> None:
    errors = _errors(validator, body)
    assert [(error.validator, tuple(error.absolute_path)) for error in errors] == [("type", ())]


def test_sep_insert_reports_every_broken_field(validator: Draft202012Validator) -> None:
    body = with_value(fx.catalog_example(), (*T_SEP, "noKartu"), "123")
    body = with_value(body, (*T_SEP, "poli", "eksekutif"), "9")
    body = with_value(body, (*T_SEP, "user"), REMOVE)
    assert {_field_path(error) for error in _errors(validator, body)} == {
        (*T_SEP, "noKartu"),
        (*T_SEP, "poli", "eksekutif"),
        (*T_SEP, "user"),
    }


# ---------------------------------------------------------------------------------------------
# Titles for messages


BODY_OPERATIONS = sorted(op.op_id for op in OPERATIONS if op.has_body)
# Rujukan/Khusus/insert alone takes its object unwrapped (docs/vclaim-api.md §1.5).
# Rujukan Khusus, and every body of the sister services (docs/antrean-aplicares.md §1.3).
UNWRAPPED = {"rujukan.khusus_insert"} | {op.op_id for op in OPERATIONS if op.service is not VCLAIM}


def _titled_properties(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, Any]]:
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub.get("title")
        yield from _titled_properties(sub, f"{path}{name}.")
    items = schema.get("items")
    if isinstance(items, dict):
        yield f"{path}[]", items.get("title")
        yield from _titled_properties(items, f"{path}[].")


@pytest.mark.parametrize("op_id", BODY_OPERATIONS)
def test_every_body_has_a_schema_with_a_title_on_every_property(op_id: str) -> None:
    """Messages name a broken field by its title, so no property may lack one."""
    schema = _load(SCHEMA_DIR / f"{op_id}.request.schema.json")

    untitled = [
        where for where, title in _titled_properties(schema) if not (title and title.strip())
    ]

    assert untitled == []
    if op_id not in UNWRAPPED:
        assert schema["required"] == ["request"]


@pytest.mark.parametrize(
    ("field", "title"),
    [
        ("noKartu", "Nomor Kartu"),
        ("tglSep", "Tanggal SEP"),
        ("klsRawat.klsRawatHak", "Kelas Rawat Hak"),
        ("rujukan.tglRujukan", "Tanggal Rujukan"),
        ("diagAwal", "Diagnosa Awal"),
        ("poli.tujuan", "Poli Tujuan"),
    ],
)
def test_sep_insert_title(field: str, title: str, sep_insert_schema: dict[str, Any]) -> None:
    assert _title_at(sep_insert_schema, (*T_SEP, *field.split("."))) == title


def test_sep_insert_covers_every_field_of_the_reference(sep_insert_schema: dict[str, Any]) -> None:
    # docs/vclaim-api.md §3.1, one dotted name per table row.
    fields = [
        "noKartu",
        "tglSep",
        "ppkPelayanan",
        "jnsPelayanan",
        "klsRawat.klsRawatHak",
        "klsRawat.klsRawatNaik",
        "klsRawat.pembiayaan",
        "klsRawat.penanggungJawab",
        "noMR",
        "rujukan.asalRujukan",
        "rujukan.tglRujukan",
        "rujukan.noRujukan",
        "rujukan.ppkRujukan",
        "catatan",
        "diagAwal",
        "poli.tujuan",
        "poli.eksekutif",
        "cob.cob",
        "katarak.katarak",
        "jaminan.lakaLantas",
        "jaminan.noLP",
        "jaminan.penjamin.tglKejadian",
        "jaminan.penjamin.keterangan",
        "jaminan.penjamin.suplesi.suplesi",
        "jaminan.penjamin.suplesi.noSepSuplesi",
        "jaminan.penjamin.suplesi.lokasiLaka.kdPropinsi",
        "jaminan.penjamin.suplesi.lokasiLaka.kdKabupaten",
        "jaminan.penjamin.suplesi.lokasiLaka.kdKecamatan",
        "tujuanKunj",
        "flagProcedure",
        "kdPenunjang",
        "assesmentPel",
        "skdp.noSurat",
        "skdp.kodeDPJP",
        "dpjpLayan",
        "noTelp",
        "user",
    ]
    leaves = {
        ".".join(path[2:])
        for path, sub in _properties(sep_insert_schema)
        if "properties" not in sub and path[:2] == T_SEP
    }
    assert leaves == set(fields)
