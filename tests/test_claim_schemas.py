"""The LPK and PRB request schemas against the catalogue's bodies and the binder's leniency
(that every property has a title is tests/test_schemas.py's job, for every operation)."""

from __future__ import annotations

import pytest

from mockvclaim import resources
from mockvclaim.protocol.errors import VClaimError
from mockvclaim.protocol.validation import SchemaRegistry


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry(resources.schemas_dir())


def test_the_catalogue_prb_example_is_valid(registry: SchemaRegistry) -> None:
    """PRB/insert as the catalogue prints it (docs/vclaim-api.md §A, catalog copy)."""
    body = {
        "request": {
            "t_prb": {
                "noSep": "1101R0070118V999006",
                "noKartu": "0009999979951",
                "alamat": "Jln. Medan Merdekah",
                "email": "email@gmail.com",
                "programPRB": "09",
                "kodeDPJP": "27590",
                "keterangan": "Kecapekan kerja",
                "saran": "Pasien harus olahraga bersama setiap minggu dan cuti.",
                "user": "1234567",
                "obat": [
                    {"kdObat": "00196120124", "signa1": "1", "signa2": "1", "jmlObat": "11"},
                    {"kdObat": "00011220018", "signa1": "1", "signa2": "1", "jmlObat": "10"},
                ],
            }
        }
    }

    assert registry.validate_request("prb.insert", body) == body


def test_keys_fold_to_the_schema_spelling(registry: SchemaRegistry) -> None:
    body = {"request": {"T_PRB": {"NOSRB": 1000001, "nosep": "0301R0111126V000001", "User": ""}}}

    checked = registry.validate_request("prb.delete", body)

    assert checked == {
        "request": {"t_prb": {"noSrb": "1000001", "noSep": "0301R0111126V000001", "user": ""}}
    }


def test_a_missing_array_member_is_named_by_its_title(registry: SchemaRegistry) -> None:
    body = {"request": {"t_lpk": {"noSep": "0301R0111126V000001"}}}
    delete_ok = registry.validate_request("lpk.delete", body)

    with pytest.raises(VClaimError) as error:
        registry.validate_request("lpk.insert", {"request": {"t_lpk": {"noSep": "x"}}})

    assert delete_ok == body
    assert "(request.t_lpk." in error.value.message
