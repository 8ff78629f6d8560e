"""Text of a request body that is not UTF-8: what a Java SIMRS sending ISO-8859-1 meant.

Lenient mode reads such a body as windows-1252, the superset of ISO-8859-1 that the WHATWG
Encoding Standard gives both labels, and as ISO-8859-1 proper when one of the five bytes
windows-1252 leaves undefined appears (docs/vclaim-api.md §1.5).
"""

from __future__ import annotations

WINDOWS_1252 = "windows-1252"
ISO_8859_1 = "iso-8859-1"


def decode_single_byte(raw: bytes) -> tuple[str, str]:
    """The text of `raw` and the encoding it was read as; never fails."""
    try:
        return raw.decode("cp1252"), WINDOWS_1252
    except UnicodeDecodeError:
        return raw.decode("latin-1"), ISO_8859_1
