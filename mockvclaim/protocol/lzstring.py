"""LZString EncodedURIComponent format on UTF-16 code units, exactly like JS lz-string 1.5.0.

Compression has a compiled fast path for ASCII text (_lzstring.c, every answer's case); this
module's pure-Python compressor is the reference and the fallback when the extension was not
built or MOCKVCLAIM_PURE_PYTHON is set (docs/performance.md §2).
"""

from __future__ import annotations

import base64
import itertools
import os
import sys
from collections.abc import Callable, Sequence

_Compress = Callable[[str], str]


def _compiled() -> _Compress | None:
    if os.environ.get("MOCKVCLAIM_PURE_PYTHON"):
        return None
    try:
        from mockvclaim.protocol import _lzstring  # type: ignore[attr-defined]
    except ImportError:
        return None
    compress: _Compress = _lzstring.compress_ascii
    return compress


_COMPILED = _compiled()

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$"

# JavaScript strings are UTF-16: astral characters count as two code units, and lone
# surrogates are legal. Native byte order lets memoryview.cast("H") read the units directly.
_NATIVE_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"

# The stream is built least-significant-bit first (cheap to append to a Python int), but
# LZString packs each byte's worth of output bits most-significant first: reverse every byte.
_REVERSED_BYTE = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))

# Standard base64 and LZString's URI alphabet differ only at index 63 ('/' versus '-').
_STD_TO_URI = str.maketrans("/", "-")

# Decoder: each alphabet character as its 6 bits, in stream order. JavaScript reads any
# other character (and '$', value 64) as zero bits, so the decoder does the same.
_SIX_BITS = {ch: f"{i:06b}" for i, ch in enumerate(_ALPHABET[:64])}
_ZERO_BITS = "000000"

# No code unit is this large, so this key never matches: it flushes the last phrase.
_END = 0x10000

# Whole bytes (a multiple of 8) so chunks concatenate; small enough to keep shifts cheap.
_CHUNK_BITS = 240
_CHUNK_BYTES = _CHUNK_BITS // 8
_CHUNK_MASK = (1 << _CHUNK_BITS) - 1

# JavaScript lz-string keeps its dictionary in a plain object, where assigning the key
# "__proto__" is silently ignored. That phrase never enters the dictionary (its number is
# still used up), so matching the JavaScript output means skipping it too.
_PROTO = "__proto__"
_PROTO_PREFIX = tuple(ord(ch) for ch in _PROTO[:-1])
_UNDERSCORE = ord("_")


def _code_units(text: str) -> Sequence[int]:
    if text.isascii():
        return text.encode("ascii")
    return memoryview(text.encode(_NATIVE_UTF16, "surrogatepass")).cast("H")


def _phrase_code(
    children: list[dict[int, int]], char_codes: dict[int, int], units: Sequence[int]
) -> int:
    """The dictionary code of a phrase, or -1 while it is not in the dictionary yet."""
    code = char_codes.get(units[0], -1)
    for unit in units[1:]:
        if code < 0:
            break
        code = children[code].get(unit, -1)
    return code


def compress_to_encoded_uri_component(text: str) -> str:
    """JavaScript ``LZString.compressToEncodedURIComponent(text)``, character for character."""
    if _COMPILED is not None and text.isascii() and _PROTO not in text:
        return _COMPILED(text)
    return compress_python(text)


def compiled_available() -> bool:
    return _COMPILED is not None


def compress_python(text: str) -> str:
    """The pure-Python compressor: any text, the reference the compiled one is held to."""
    units = _code_units(text)
    # The dictionary as a trie: children[code] maps the next code unit to the code of the
    # longer phrase. Walking it costs one dict probe per input unit and builds no strings.
    children: list[dict[int, int]] = [{}, {}, {}]
    char_codes: dict[int, int] = {}
    # Characters seen but not written yet: the first time, they go out as literals.
    unwritten: dict[int, int] = {}
    dict_size = 3
    num_bits = 2
    enlarge_in = 2
    # Output bits, least significant first (values too go out low bit first, as in JS).
    # Full 240-bit chunks move to `chunks` so `acc` stays small and shifts stay cheap.
    chunks: list[int] = []
    acc = 0
    nbits = 0
    watch_proto = _PROTO in text
    proto_prefix = -1

    if units:
        w = char_codes[units[0]] = dict_size
        unwritten[dict_size] = units[0]
        children.append({})
        dict_size += 1
        node = children[w]
        for c in itertools.chain(itertools.islice(units, 1, None), (_END,)):
            if c in node:
                w = node[c]
                node = children[w]
                continue

            # Write the code of the longest known phrase, w.
            if w in unwritten:
                literal = unwritten.pop(w)
                if literal < 256:
                    # Marker 0 in num_bits bits, then 8 bits of the character.
                    acc |= literal << (nbits + num_bits)
                    nbits += num_bits + 8
                else:
                    # Marker 1 in num_bits bits, then the 16-bit code unit.
                    acc |= (1 | literal << num_bits) << nbits
                    nbits += num_bits + 16
                enlarge_in -= 1
                if enlarge_in == 0:
                    enlarge_in = 1 << num_bits
                    num_bits += 1
            else:
                acc |= w << nbits
                nbits += num_bits
            enlarge_in -= 1
            if enlarge_in == 0:
                enlarge_in = 1 << num_bits
                num_bits += 1
            if nbits >= _CHUNK_BITS:
                chunks.append(acc & _CHUNK_MASK)
                acc >>= _CHUNK_BITS
                nbits -= _CHUNK_BITS

            if c in char_codes:
                cw = char_codes[c]
            else:
                if c == _END:
                    break
                cw = char_codes[c] = dict_size
                unwritten[dict_size] = c
                children.append({})
                dict_size += 1
            if watch_proto and c == _UNDERSCORE:
                if proto_prefix < 0:
                    proto_prefix = _phrase_code(children, char_codes, _PROTO_PREFIX)
                if w == proto_prefix:
                    # Its number is used up, but the phrase is not stored (see _PROTO).
                    children.append({})
                    dict_size += 1
                    w = cw
                    node = children[w]
                    continue
            node[c] = dict_size
            children.append({})
            dict_size += 1
            w = cw
            node = children[w]

    # End-of-stream marker: the value 2.
    acc |= 2 << nbits
    nbits += num_bits
    # JavaScript always flushes one more output character, even when the bits end on a
    # 6-bit boundary; the padding bits are zero.
    nchars = (len(chunks) * _CHUNK_BITS + nbits) // 6 + 1
    tail_bytes = (nchars * 6 + 7) // 8 - len(chunks) * _CHUNK_BYTES
    raw = b"".join([chunk.to_bytes(_CHUNK_BYTES, "little") for chunk in chunks])
    raw += acc.to_bytes(tail_bytes, "little")
    return (
        base64.b64encode(raw.translate(_REVERSED_BYTE))
        .decode("ascii")[:nchars]
        .translate(_STD_TO_URI)
    )


def decompress_from_encoded_uri_component(data: str) -> str | None:
    """JavaScript ``LZString.decompressFromEncodedURIComponent(data)``.

    Returns None where JavaScript returns null (or throws, on a stream that starts with
    the invalid code 3), and '' for ''. Anything after the end marker is ignored, so
    PKCS#7 padding left by a client that does not unpad is harmless.
    """
    if not data:
        return ""
    # Form encoding may have turned '+' into ' '.
    data = data.replace(" ", "+")
    end = 6 * len(data)
    # Padding so every read, even one starting at the last real bit, has bits to read;
    # a read covers at most num_bits + 16 bits and num_bits stays far below 48.
    bits = "".join([_SIX_BITS.get(ch, _ZERO_BITS) for ch in data]) + "0" * 64

    # Values are stored least-significant bit first, hence the reversed slices.
    marker = int(bits[1::-1], 2)
    if marker == 2:
        return ""
    if marker == 3:
        return None
    pos = 2 + (8 if marker == 0 else 16)
    w = chr(int(bits[2:pos][::-1], 2))
    # Codes 0-2 are markers, never phrases.
    dictionary = ["", "", "", w]
    result = [w]
    num_bits = 3
    enlarge_in = 4

    while True:
        # JavaScript gives up with "" once every input character is used up.
        if pos >= end:
            return ""
        code = int(bits[pos : pos + num_bits][::-1], 2)
        pos += num_bits
        if code < 2:
            width = 8 if code == 0 else 16
            dictionary.append(chr(int(bits[pos : pos + width][::-1], 2)))
            pos += width
            code = len(dictionary) - 1
            enlarge_in -= 1
        elif code == 2:
            return _join_code_units(result)
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1

        if code < len(dictionary):
            entry = dictionary[code]
        elif code == len(dictionary):
            entry = w + w[0]
        else:
            return None
        result.append(entry)
        dictionary.append(w + entry[0])
        enlarge_in -= 1
        w = entry
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1


def _join_code_units(parts: list[str]) -> str:
    """Join decoded code units, recombining surrogate pairs into astral characters."""
    text = "".join(parts)
    if text.isascii():
        return text
    # A lone surrogate stays a lone surrogate instead of raising.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
