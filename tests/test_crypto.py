"""VClaim wire crypto against the Node golden vectors and the reference's catalog vectors."""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import hmac
import json
import pathlib
import sys
from typing import Any

import pytest
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

from mockvclaim.protocol import crypto, lzstring
from mockvclaim.protocol.crypto import DecryptError

VECTORS: dict[str, Any] = json.loads(
    (pathlib.Path(__file__).parent / "vectors" / "vclaim-crypto.json").read_text("utf-8")
)
SIGNATURES: list[dict[str, str]] = VECTORS["signatures"]
RESPONSES: list[dict[str, str]] = VECTORS["responses"]
RESPONSE_IDS = [f"{v['name']}-{v['consId']}" for v in RESPONSES]

# docs/vclaim-api.md §1.3 / §2.2: the catalog's example credentials.
CONS_ID, SECRET, TIMESTAMP = "1234", "pwd", "433223232"


def _aes_encrypt(data: bytes) -> str:
    key, iv = crypto.derive_key(CONS_ID, SECRET, TIMESTAMP)
    return base64.b64encode(AES.new(key, AES.MODE_CBC, iv).encrypt(data)).decode("ascii")


@pytest.mark.parametrize("vector", SIGNATURES, ids=[v["consId"] for v in SIGNATURES])
def test_sign_golden_vector_matches_node(vector: dict[str, str]) -> None:
    signature = crypto.sign(vector["consId"], vector["secret"], vector["timestamp"])

    assert signature == vector["signature"]


@pytest.mark.parametrize("vector", SIGNATURES, ids=[v["consId"] for v in SIGNATURES])
def test_signature_matches_golden_vector_true(vector: dict[str, str]) -> None:
    assert crypto.signature_matches(
        vector["consId"], vector["secret"], vector["timestamp"], vector["signature"]
    )


def test_hmac_catalog_aaa_bbb_vector_matches() -> None:
    # The catalog's own check of the primitive sign() is built on (docs/vclaim-api.md §1.3):
    # message aaa, key bbb.
    digest = hmac.new(b"bbb", b"aaa", hashlib.sha256).digest()

    assert base64.b64encode(digest).decode() == "20BKS3PWnD3XU4JbSSZvVlGi2WWnDa8Sv9uHJ+wsELA="


def test_sign_catalog_example_matches() -> None:
    assert crypto.sign(CONS_ID, SECRET, TIMESTAMP) == (
        "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk="
    )


@pytest.mark.parametrize(
    "signature",
    [
        "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk",  # '=' missing
        "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk=\n",
        "fXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk=",
        "",
        "éXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk=",
        "😀",
        "\ud800\udfff",
        "\x00",
    ],
    ids=["no-padding", "newline", "one-char-off", "empty", "latin1", "emoji", "surrogates", "nul"],
)
def test_signature_matches_wrong_or_junk_signature_false(signature: str) -> None:
    assert not crypto.signature_matches(CONS_ID, SECRET, TIMESTAMP, signature)


def test_signature_matches_wrong_secret_false() -> None:
    good = crypto.sign(CONS_ID, SECRET, TIMESTAMP)

    assert not crypto.signature_matches(CONS_ID, "pwd2", TIMESTAMP, good)
    assert not crypto.signature_matches(CONS_ID, SECRET, "433223233", good)
    assert not crypto.signature_matches("1235", SECRET, TIMESTAMP, good)


def test_signature_matches_junk_timestamp_false_without_raising() -> None:
    assert not crypto.signature_matches(CONS_ID, SECRET, "\udcff433223232", "x")


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_derive_key_golden_vector_matches_node(vector: dict[str, str]) -> None:
    key, iv = crypto.derive_key(vector["consId"], vector["secret"], vector["timestamp"])

    assert key.hex() == vector["keyHex"]
    assert iv.hex() == vector["ivHex"]


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_encrypt_text_golden_vector_matches_node(vector: dict[str, str]) -> None:
    ciphertext = crypto.encrypt_text(
        vector["plaintext"], vector["consId"], vector["secret"], vector["timestamp"]
    )

    assert ciphertext == vector["ciphertext"]


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_decrypt_text_golden_vector_gives_plaintext(vector: dict[str, str]) -> None:
    plaintext = crypto.decrypt_text(
        vector["ciphertext"], vector["consId"], vector["secret"], vector["timestamp"]
    )

    assert plaintext == vector["plaintext"]


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_decrypt_text_wrong_timestamp_raises(vector: dict[str, str]) -> None:
    # The classic client bug: decrypting with another timestamp than the one it signed.
    with pytest.raises(DecryptError):
        crypto.decrypt_text(vector["ciphertext"], vector["consId"], vector["secret"], "1")


def test_derive_key_catalog_example_is_sha256_of_concatenation() -> None:
    key, iv = crypto.derive_key(CONS_ID, SECRET, TIMESTAMP)

    # printf '%s' 1234pwd433223232 | sha256sum
    assert key.hex() == "f75bf2014da65c8f1c39a47de848ba383d051f4e218fa70774fcd3fb216c5f9b"
    assert iv == key[:16]


def test_encrypt_payload_catalog_sep_vector_matches() -> None:
    payload = {"sep": {"noSep": "0301R0010323V000039"}}

    response = crypto.encrypt_payload(payload, CONS_ID, SECRET, TIMESTAMP)

    assert response == (
        "ov7vAhnvenVVaoP4hpgdWYUQ3HUHsBcVfFTuErNqnSPQoaIVMyIXjUuLELMwW0n1bxVrrU6Ul9fPH/obA/GJiQ=="
    )


def test_decrypt_text_catalog_sep_vector_gives_json() -> None:
    response = (
        "ov7vAhnvenVVaoP4hpgdWYUQ3HUHsBcVfFTuErNqnSPQoaIVMyIXjUuLELMwW0n1bxVrrU6Ul9fPH/obA/GJiQ=="
    )

    assert crypto.decrypt_text(response, CONS_ID, SECRET, TIMESTAMP) == (
        '{"sep":{"noSep":"0301R0010323V000039"}}'
    )


def test_encrypt_text_long_payload_one_line_of_standard_base64() -> None:
    plaintext = json.dumps([{"kode": f"A{i:02d}", "nama": "x" * i} for i in range(400)])

    ciphertext = crypto.encrypt_text(plaintext, CONS_ID, SECRET, TIMESTAMP)

    assert "\n" not in ciphertext
    assert base64.b64decode(ciphertext, validate=True)
    assert crypto.decrypt_text(ciphertext, CONS_ID, SECRET, TIMESTAMP) == plaintext


def test_encrypt_payload_emoji_round_trips_through_escapes() -> None:
    payload = {"catatan": "pasien 😀 𝄞", "nama": "李雷"}

    response = crypto.encrypt_payload(payload, CONS_ID, SECRET, TIMESTAMP)
    text = crypto.decrypt_text(response, CONS_ID, SECRET, TIMESTAMP)

    assert text.isascii()
    assert json.loads(text) == payload


@pytest.mark.parametrize(
    "ciphertext",
    ["", "!!!!", "not base64 at all", "b3Y3dkFobnZlblZWYW9QNA=", "AAAA", "é" * 8, "A" * 24 + "\n"],
    ids=["empty", "bangs", "spaces", "bad-padding-char", "short", "non-ascii", "newline"],
)
def test_decrypt_text_junk_raises(ciphertext: str) -> None:
    with pytest.raises(DecryptError):
        crypto.decrypt_text(ciphertext, CONS_ID, SECRET, TIMESTAMP)


def test_decrypt_text_wrong_secret_raises_with_message() -> None:
    response = crypto.encrypt_text("{}", CONS_ID, SECRET, TIMESTAMP)

    with pytest.raises(DecryptError, match=r"padding|LZString"):
        crypto.decrypt_text(response, CONS_ID, "wrong", TIMESTAMP)


def test_decrypt_text_valid_aes_invalid_lz_raises() -> None:
    with pytest.raises(DecryptError, match="LZString"):
        crypto.decrypt_text(_aes_encrypt(pad(b"zzzz", 16)), CONS_ID, SECRET, TIMESTAMP)


def test_decrypt_text_valid_aes_empty_lz_raises() -> None:
    with pytest.raises(DecryptError, match="LZString"):
        crypto.decrypt_text(_aes_encrypt(pad(b"", 16)), CONS_ID, SECRET, TIMESTAMP)


def test_decrypt_text_valid_aes_non_ascii_raises() -> None:
    with pytest.raises(DecryptError, match="LZString"):
        crypto.decrypt_text(_aes_encrypt(pad("ééé".encode(), 16)), CONS_ID, SECRET, TIMESTAMP)


def test_decrypt_error_is_value_error() -> None:
    assert issubclass(DecryptError, ValueError)


def test_to_wire_json_emoji_escaped_as_surrogate_pair() -> None:
    assert crypto.to_wire_json({"m": "a😀b"}) == '{"m":"a\\ud83d\\ude00b"}'


def test_to_wire_json_non_ascii_escaped_and_compact() -> None:
    text = crypto.to_wire_json({"nama": "Ñoño", "list": [1, None, True], "kosong": {}})

    assert text == '{"nama":"\\u00d1o\\u00f1o","list":[1,null,true],"kosong":{}}'


def test_to_wire_json_key_order_kept() -> None:
    assert crypto.to_wire_json({"b": 1, "a": {"z": 2, "y": 3}}) == '{"b":1,"a":{"z":2,"y":3}}'


def test_to_wire_json_nan_raises() -> None:
    with pytest.raises(ValueError, match="JSON"):
        crypto.to_wire_json({"x": float("nan")})


def test_encrypt_payload_same_as_encrypt_text_of_wire_json() -> None:
    payload = {"peserta": {"nama": "Ștefan 🏥", "noKartu": "0002802875185"}}

    assert crypto.encrypt_payload(payload, CONS_ID, SECRET, TIMESTAMP) == crypto.encrypt_text(
        crypto.to_wire_json(payload), CONS_ID, SECRET, TIMESTAMP
    )


def _fresh_context_answer(plaintext: str) -> str:
    """What a new AES context (pycryptodome, as Python clients use) makes of one answer."""
    compressed = lzstring.compress_to_encoded_uri_component(plaintext).encode("ascii")
    return _aes_encrypt(pad(compressed, 16))


def test_encrypt_text_answers_in_one_second_each_as_from_a_fresh_context() -> None:
    # One cipher serves every answer of a (consumer, timestamp): its chain must not leak
    # from one answer into the next, whatever their lengths.
    plaintexts = ["", "a", "x" * 15, "y" * 16, "z" * 17, '{"nama":"SITI"}' * 40, "b" * 400]
    for plaintext in plaintexts * 3:
        answer = crypto.encrypt_text(plaintext, CONS_ID, SECRET, TIMESTAMP)

        assert answer == _fresh_context_answer(plaintext)
        assert crypto.decrypt_text(answer, CONS_ID, SECRET, TIMESTAMP) == plaintext


def test_encrypt_text_from_threads_each_answer_as_from_a_fresh_context() -> None:
    # Servers in several threads (the pytest plugin's) share the per-second cipher.
    plaintexts = [f'{{"noKartu":"{n:013d}"}}' * (n % 7 + 1) for n in range(300)]

    def answers(offset: int) -> list[bool]:
        chosen = plaintexts[offset:] + plaintexts[:offset]
        return [
            crypto.encrypt_text(text, CONS_ID, SECRET, TIMESTAMP) == _fresh_context_answer(text)
            for text in chosen
        ]

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between any two bytecodes
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = [ok for batch in pool.map(answers, (0, 75, 150, 225)) for ok in batch]
    finally:
        sys.setswitchinterval(switching)

    assert len(results) == 1200
    assert all(results)
