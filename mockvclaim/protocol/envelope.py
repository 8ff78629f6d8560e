"""The `{"metaData": {...}, "response": ...}` envelope every VClaim answer travels in."""

from __future__ import annotations

import json
from typing import Any

from mockvclaim.protocol import crypto
from mockvclaim.protocol.operations import Operation, ResponseMode


def failure(message: str, code: str = "201") -> dict[str, Any]:
    # Never an encrypted blob in an error (docs/vclaim-api.md §2.4).
    return {"metaData": {"code": code, "message": message}, "response": None}


def success(
    operation: Operation, payload: object, *, cons_id: str, secret: str, timestamp: str
) -> dict[str, Any]:
    """The success envelope, `response` encrypted with the request's timestamp where the
    real endpoint encrypts (docs/vclaim-api.md §2.2, §2.3)."""
    response: object
    if operation.response_mode is ResponseMode.NULL or payload is None:
        response = None
    elif operation.response_mode is ResponseMode.PLAIN:
        response = payload
    else:
        response = crypto.encrypt_payload(payload, cons_id, secret, timestamp)
    return {
        "metaData": {"code": "200", "message": operation.success.template},
        "response": response,
    }


def dumps(document: object) -> bytes:
    """Compact ASCII JSON: `\\uXXXX` for anything else, which every client decodes."""
    return json.dumps(document, separators=(",", ":")).encode("ascii")
