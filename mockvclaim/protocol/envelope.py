"""The `{"metaData": {...}, "response": ...}` envelope every VClaim answer travels in."""

from __future__ import annotations

import json
from typing import Any

from mockvclaim.protocol import crypto
from mockvclaim.protocol.operations import Operation, ResponseMode
from mockvclaim.protocol.services import VCLAIM, Service


def failure(message: str, code: str = "201", service: Service = VCLAIM) -> dict[str, Any]:
    # Never an encrypted blob in an error (docs/vclaim-api.md §2.4).
    if service is not VCLAIM:  # docs/antrean-aplicares.md §1.3
        return service.document(code, message, None, with_response=service.failure_has_response)
    return {"metaData": {"code": code, "message": message}, "response": None}


def meta_of(document: dict[str, Any]) -> Any:
    """The envelope's metadata, whichever service spelt its key."""
    return document["metaData"] if "metaData" in document else document.get("metadata")


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
    if operation.service is not VCLAIM:
        return _sister_success(operation, payload, response)
    return {
        "metaData": {"code": "200", "message": operation.success.template},
        "response": response,
    }


def _sister_success(operation: Operation, payload: object, response: object) -> dict[str, Any]:
    """docs/antrean-aplicares.md §1.3: the service's spelling and code; `totalitems` beside
    the code on Aplicares lists; no `response` key on metadata-only writes."""
    service = operation.service
    with_response = operation.response_mode is not ResponseMode.ABSENT
    document: dict[str, Any] = service.document(
        operation.success_code, operation.success.template, response, with_response=with_response
    )
    if operation.counts_items and isinstance(payload, dict):
        document[service.meta_key]["totalitems"] = len(payload.get("list", ()))
    return document


# Built once: json.dumps with arguments builds an encoder per call.
_COMPACT = json.JSONEncoder(separators=(",", ":"))


def dumps(document: object) -> bytes:
    """Compact ASCII JSON: `\\uXXXX` for anything else, which every client decodes."""
    return _COMPACT.encode(document).encode("ascii")
