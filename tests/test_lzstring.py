"""LZString EncodedURIComponent: golden vectors from JS lz-string 1.5.0, round trips, junk."""

from __future__ import annotations

import json
import os
import pathlib
import random
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from mockvclaim.protocol import lzstring
from mockvclaim.protocol.lzstring import (
    compress_python,
    compress_to_encoded_uri_component,
    decompress_from_encoded_uri_component,
)

VECTORS: dict[str, Any] = json.loads(
    (pathlib.Path(__file__).parent / "vectors" / "vclaim-crypto.json").read_text("utf-8")
)
RESPONSES: list[dict[str, str]] = VECTORS["responses"]
RESPONSE_IDS = [f"{v['name']}-{v['consId']}" for v in RESPONSES]

# Outputs of JavaScript lz-string 1.5.0 compressToEncodedURIComponent (Node 20) for inputs
# the golden file does not cover: lone surrogates, 16-bit literals, long runs, the
# "__proto__" phrase JavaScript cannot store, and 300 distinct characters (code widths 3-10).
JS_OUTPUTS = {
    "empty": ("", "Q"),
    "single": ("a", "IZA"),
    "lone-high-surrogate": ("\ud800", "gAbQ"),
    "lone-low-surrogate": ("\udfffx", "v-7A8g"),
    "emoji": ("😀", "rwbgA9o"),
    "latin1-and-bmp": ("é€\u0100\u00ff", "JeGoJACAD-Q"),
    "run-of-1000": ("a" * 1000, "IY18ZXTt-DFOS1b0c17Pd-wYUcSaWeRZVdTbXTEA"),
    "proto-50": (
        "__proto__" * 50,
        "PrAOCcHsBdJEIzvRt5imlnkJ+1XDJA-bE8rPC6q4uw0m+oxy1s2j5trphzi37cBPQbyHth0qbL5zJfBRJXi1YjViA",
    ),
    # docs/vclaim-api.md §6: JavaScript output; PyPI lzstring gives N4IgdiBcIIaABvAjEBfIA here.
    "emoji-in-json": ('{"n":"a😀b"}', "N4IgdiBcIIaLwbgAPYEYgL5A"),
    # docs/vclaim-api.md §2.2.
    "catalog-sep": (
        '{"sep":{"noSep":"0301R0010323V000039"}}',
        "N4IgzgpgDiBcoDsD2BlacQAYDMmCMASpvjgEzYBqxx2AnCAL4NA",
    ),
}
DISTINCT_300 = "".join(chr(0x4E00 + i) for i in range(300))
DISTINCT_300_JS = (
    "gBykA5RAcowHKCByigcoYHKHA5QEHKEg5QUHKGg5QMHKFg5QcHKDwcoAhygiHKBIcoMhygKHKCocoGhyg6HKAYcoJhy"
    "gWHKDYcoDhyguHKB4coHw5QARygQjlARHKBiOUAkcoFI5QGRygcjlAFHKBKOUBUcoGo5QDRygWjlAdHKB6OUAMcoEY5"
    "QExygZjlALHKBWOUBscoHY5QBxygTjlAXHKBuOUA8coF45QHxygPxygAJygIJygEJygMJygCJygKJygGJygOJygBJyg"
    "JJygFJygNJygDJygLJygHJygPJygApygIpygEpygMpygCpygKpygGpygOpygBpygJpygFpygNpygDpygLpygHpygPpyg"
    "AZygIZygEZygMZygCZygKZygGZygOZygBZygJZygFZygNZygDZygLZygHZygPZygA5ygI5ygE5ygM5ygC5ygK5ygG5y"
    "gO5ygB5ygJ5ygF5ygN5ygD5ygL5ygH5ygH85QABcoBAuUAQXKAYLlACFygFC5QBhcoBwuUAEXKASLlAFFygGi5QAxco"
    "BYuUAcXKAeLlAAlygES5QBJcoBkuUAKXKAVLlAGlygHS5QAZcoBMuUAWXKAbLlADlygFy5QB5coB8uUABXKAQrlAEVy"
    "gGK5QAlcoBSuUAZXKAcrlABVygEq5QBVcoBquUANXKAWrlAHVygHq5QANcoBGuUATXKAZrlAC1ygFa5QBtcoB2uUAHX"
    "KATrlAF1ygG65QA9coBeuUAfXKAfrlAANygEG5QBDcoBhuUAI3KAUblAGNygHG5QATcoBJuUAU3KAablADNygFm5QBz"
    "coB5uUAC3KARblAEtygGW5QArcoBVuUAa3KAdblABtygE25QBbcoBtuUAO3KAXblAHtygH25QAHcoBDuUAR3KAY7lA"
    "CdygFO5QBncoBzuUAF3KAS7lAFdygGu5QA3coBbuUAd3KAe7lAA9ygEe5QBPcoBnuUAL3KAV7lAG9ygHe5QAfcoBPuU"
    "AX3KAb7lAD9ygF+5QB-coA-3KAADygCA8oAQPKAMDygAg8oAoPKAGDygDg8oAEPKAJDygBQ8oA0PKADDygCw8oAcPKA"
    "PDygAI8oAiPKAEjygDI8oAKPKAKjygBo8oA6PKABjygCY8oAWPKANjygA48oAuPKAHjygD48oABPKAITygBE8oAxPKA"
    "CTygCk8oAZPKAOTygAU8oAlPKAFTygDU8kAA"
)
JS_OUTPUTS["distinct-300"] = (DISTINCT_300, DISTINCT_300_JS)

# Characters for random strings: ASCII, Latin-1, BMP (CJK), astral, and lone surrogates.
POOLS = [
    [chr(i) for i in range(32, 127)],
    list("AB"),
    [chr(i) for i in range(256)],
    [*"李雷韩梅ÑöŞ☺€", "😀", "🏥", "𝄞", "\U0010ffff", "\U00010000"],
    ["\ud800", "\udbff", "\udfff", "a", "__proto__", "_"],
]


def _code_units(text: str) -> bytes:
    # Surrogate pairs written as two str characters come back combined: compare as UTF-16.
    return text.encode("utf-16-le", "surrogatepass")


def _random_strings(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    strings = []
    for _ in range(count):
        pool = rng.choice(POOLS)
        length = rng.choice([0, 1, 2, 3, 7, 40, 300, 2000])
        strings.append("".join(rng.choice(pool) for _ in range(length)))
    return strings


@pytest.fixture(params=["chosen", "python"])
def compress(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Both compressors: the one the server uses (compiled when built) and the fallback."""
    if request.param == "python":
        return compress_python
    if not lzstring.compiled_available() and os.environ.get("CI"):
        pytest.fail("the compiled LZString was not built (no C compiler?)")
    return compress_to_encoded_uri_component


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_compress_golden_vector_matches_js(
    vector: dict[str, str], compress: Callable[[str], str]
) -> None:
    assert compress(vector["plaintext"]) == vector["lz"]


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_decompress_golden_vector_gives_plaintext(vector: dict[str, str]) -> None:
    assert decompress_from_encoded_uri_component(vector["lz"]) == vector["plaintext"]


@pytest.mark.parametrize(("text", "expected"), list(JS_OUTPUTS.values()), ids=list(JS_OUTPUTS))
def test_compress_tricky_input_matches_js(
    text: str, expected: str, compress: Callable[[str], str]
) -> None:
    assert compress(text) == expected


@pytest.mark.parametrize("seed", range(4))
def test_compiled_and_python_agree_on_random_ascii(seed: int) -> None:
    """The compiled path takes ASCII (every answer): it must equal the reference on any."""
    rng = random.Random(seed)
    alphabets = [[chr(i) for i in range(128)], list('{}":,0123456789'), list("ab")]
    for length in [0, 1, 2, 3, 5, 64, 255, 256, 257, 1000, 4096, 20_000]:
        text = "".join(rng.choice(rng.choice(alphabets)) for _ in range(length))
        assert compress_to_encoded_uri_component(text) == compress_python(text), length


def test_pure_python_setting_turns_the_compiled_path_off() -> None:
    env = {**os.environ, "MOCKVCLAIM_PURE_PYTHON": "1"}
    code = "from mockvclaim.protocol import lzstring; print(lzstring.compiled_available())"
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "False"


@pytest.mark.parametrize(("text", "compressed"), list(JS_OUTPUTS.values()), ids=list(JS_OUTPUTS))
def test_decompress_js_output_gives_input(text: str, compressed: str) -> None:
    assert decompress_from_encoded_uri_component(compressed) == text


def test_decompress_astral_input_gives_combined_characters() -> None:
    result = decompress_from_encoded_uri_component(compress_to_encoded_uri_component("a😀b𝄞"))

    assert result == "a😀b𝄞"
    assert result is not None
    assert len(result) == 4


def test_decompress_lone_surrogate_stays_lone() -> None:
    assert decompress_from_encoded_uri_component(compress_to_encoded_uri_component("\ud800")) == (
        "\ud800"
    )
    assert decompress_from_encoded_uri_component(
        compress_to_encoded_uri_component("x\udc00y\ud83d")
    ) == ("x\udc00y\ud83d")


def test_compress_mixed_cjk_emoji_10k_round_trips() -> None:
    rng = random.Random(10_000)
    # A ZWJ sequence too: several astral and BMP units that belong together.
    alphabet = [*"李雷韩梅病院医生看護AZ09 ", "😀", "🏥", "𝄞", "\U0001f9d1\u200d\u2695\ufe0f"]
    text = "".join(rng.choice(alphabet) for _ in range(10_000))

    compressed = compress_to_encoded_uri_component(text)

    assert compressed.isascii()
    assert decompress_from_encoded_uri_component(compressed) == text


@pytest.mark.parametrize("seed", range(4))
def test_compress_random_strings_round_trip(seed: int) -> None:
    for text in _random_strings(seed, 100):
        result = decompress_from_encoded_uri_component(compress_to_encoded_uri_component(text))
        assert result is not None
        assert _code_units(result) == _code_units(text)


@pytest.mark.parametrize(
    "distinct", [1, 2, 3, 4, 5, 6, 12, 13, 14, 29, 30, 31, 61, 62, 63, 125, 126, 127, 253, 254, 255]
)
@pytest.mark.parametrize("base", [0x41, 0x4E00], ids=["8-bit", "16-bit"])
def test_compress_dictionary_growth_boundaries_round_trip(distinct: int, base: int) -> None:
    # n distinct characters, then the same ones again as pairs: the dictionary (and the code
    # width) grows through every power of two up to 2**10 around these sizes.
    chars = [chr(base + i) for i in range(distinct)]
    pairs = zip(chars, chars[1:] + chars[:1], strict=True)
    text = "".join(chars) + "".join(a + b for a, b in pairs)
    text += text[::-1]

    assert decompress_from_encoded_uri_component(compress_to_encoded_uri_component(text)) == text


def test_compress_output_uses_uri_alphabet_only() -> None:
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-")
    for text in _random_strings(99, 50):
        assert set(compress_to_encoded_uri_component(text)) <= allowed


def test_decompress_empty_gives_empty() -> None:
    assert decompress_from_encoded_uri_component("") == ""


def test_decompress_end_marker_only_gives_empty() -> None:
    assert decompress_from_encoded_uri_component("Q") == ""


def test_decompress_truncated_input_gives_empty_like_js() -> None:
    # JavaScript returns "" once the input runs out before the end marker.
    assert decompress_from_encoded_uri_component("A") == ""
    assert decompress_from_encoded_uri_component(JS_OUTPUTS["catalog-sep"][1][:20]) == ""


def test_decompress_invalid_first_code_gives_none() -> None:
    # The first code 3 is no marker; JavaScript throws or returns junk on it.
    assert decompress_from_encoded_uri_component("zzzz") is None


def test_decompress_code_past_dictionary_gives_none() -> None:
    # JavaScript returns null on this input.
    assert decompress_from_encoded_uri_component("KO5oraZ") is None


def test_decompress_spaces_read_as_plus() -> None:
    text, compressed = JS_OUTPUTS["proto-50"]
    assert "+" in compressed

    assert decompress_from_encoded_uri_component(compressed.replace("+", " ")) == text


@pytest.mark.parametrize("vector", RESPONSES, ids=RESPONSE_IDS)
def test_decompress_trailing_pkcs7_bytes_ignored(vector: dict[str, str]) -> None:
    # Clients that decrypt without unpadding hand the padding bytes to LZString.
    lz = vector["lz"]
    count = 16 - len(lz.encode("ascii")) % 16

    assert decompress_from_encoded_uri_component(lz + chr(count) * count) == vector["plaintext"]


def test_decompress_full_padding_block_ignored() -> None:
    text, compressed = JS_OUTPUTS["catalog-sep"]

    assert decompress_from_encoded_uri_component(compressed + "\x10" * 16) == text


@pytest.mark.parametrize("seed", range(3))
def test_decompress_garbage_returns_none_or_str(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$ /=\r\x04é😀\ud800"
    for _ in range(300):
        garbage = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 80)))
        result = decompress_from_encoded_uri_component(garbage)
        assert result is None or isinstance(result, str)
