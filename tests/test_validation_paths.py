"""The compiled accept path and jsonschema give the same verdict on every body: valid ones,
near-valid mutations and random JSON, for every request schema."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mockvclaim import resources
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.validation import SchemaRegistry
from tests.fixtures import sep_insert_requests as bodies
from tests.test_fuzz_envelopes import WORLD_BODY, mutate, random_json
from tests.test_schemas import with_value

REGISTRY = SchemaRegistry.of_folder(resources.schemas_dir())
WITH_SCHEMA = [op.op_id for op in OPERATIONS if REGISTRY.has_request_schema(op.op_id)]
VALID_INSERTS = [bodies.rawat_jalan_first_visit(), bodies.rawat_inap(), bodies.igd()]
CASES = 150


def _jsonschema_accepts(name: str, document: Any) -> bool:
    return not any(True for _ in REGISTRY.validator(name).iter_errors(document))


def _documents(op_id: str) -> list[Any]:
    rng = random.Random(f"verdict:{op_id}")
    seeds: list[Any] = [WORLD_BODY, *VALID_INSERTS]
    made: list[Any] = list(seeds)
    for _ in range(CASES):
        made.append(mutate(mutate(rng.choice(seeds), rng), rng))
        made.append(random_json(rng))
    return made


def test_the_fixtures_include_bodies_both_paths_accept() -> None:
    name = "sep.insert.request"
    for body in VALID_INSERTS:
        canonical = REGISTRY.canonical(name, body)
        assert REGISTRY.fast_verdict(name, canonical)
        assert _jsonschema_accepts(name, canonical)


@pytest.mark.parametrize("op_id", WITH_SCHEMA)
def test_compiled_and_jsonschema_verdicts_agree(op_id: str) -> None:
    name = f"{op_id}.request"
    verdicts = set()
    for document in _documents(op_id):
        canonical = REGISTRY.canonical(name, document)
        reference = _jsonschema_accepts(name, canonical)
        verdicts.add(reference)
        assert REGISTRY.fast_verdict(name, canonical) == reference, canonical
    assert False in verdicts  # refusals were tried, not only acceptances


def _string_leaves(document: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """(path, text) of every string in a body of objects (an SEP insert has no arrays)."""
    if isinstance(document, dict):
        return [
            leaf for key, item in document.items() for leaf in _string_leaves(item, (*path, key))
        ]
    return [(path, document)] if isinstance(document, str) else []


def test_a_final_newline_gets_the_same_verdict_on_both_paths() -> None:
    """The compiled path reads the schemas' '$(?!\\n)' as Rust's '$' (the end of the text):
    a value with a newline after it is refused there as jsonschema refuses it."""
    name = "sep.insert.request"
    refused = 0
    for body in VALID_INSERTS:
        canonical = REGISTRY.canonical(name, body)
        for path, value in _string_leaves(canonical):
            for changed in (value + "\n", "\n" + value, value + "\n\n"):
                document = with_value(canonical, path, changed)
                reference = _jsonschema_accepts(name, document)
                assert REGISTRY.fast_verdict(name, document) == reference, (path, changed)
                refused += not reference
    assert refused > 30  # the patterned fields: card, dates, codes


def test_a_card_number_with_a_final_newline_gets_the_format_message() -> None:
    body = bodies.rawat_jalan_first_visit()
    path = ("request", "t_sep", "noKartu")
    sent = with_value(body, path, body["request"]["t_sep"]["noKartu"] + "\n")

    with pytest.raises(VClaimError) as refused:
        REGISTRY.validate_request("sep.insert", sent)

    assert refused.value.message == messages.FIELD_FORMAT.format(
        title="Nomor Kartu", field="request.t_sep.noKartu"
    )
