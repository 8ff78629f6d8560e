"""OpenAPI 3.1 of the served VClaim surface, from the operation table (routes, success
messages, response modes) and the JSON Schemas (request bodies, known answer shapes)."""

from __future__ import annotations

from typing import Any

from mockvclaim import __version__, resources
from mockvclaim.apidocs.examples import body_example, path_example
from mockvclaim.protocol import messages
from mockvclaim.protocol.operations import VCLAIM_OPERATIONS, Operation, ResponseMode
from mockvclaim.protocol.validation import SchemaRegistry

OPENAPI_VERSION = "3.1.0"
# The real development server (docs/vclaim-api.md §1.1), for trying the same requests there.
BPJS_DEVELOPMENT_URL = "https://apijkn-dev.bpjs-kesehatan.go.id/vclaim-rest-dev"
HEADER_SCHEMES = {
    "consId": ("X-cons-id", "The consumer id BPJS gave the hospital."),
    "timestamp": ("X-timestamp", "Seconds since 1970-01-01 UTC, new for every request."),
    "signature": (
        "X-signature",
        "base64(HMAC-SHA256(key = secret, message = X-cons-id + '&' + X-timestamp)).",
    ),
    "userKey": ("user_key", "The gateway's key for this service."),
}
DESCRIPTION = """\
The BPJS Kesehatan VClaim 2.0 operations mockvclaim serves, generated from its operation table.

Every request carries four headers: `X-cons-id`, `X-timestamp` (seconds since 1970 UTC),
`X-signature` = base64(HMAC-SHA256(secret, "{X-cons-id}&{X-timestamp}")) and `user_key`.
Every answer is the envelope `{"metaData": {"code", "message"}, "response"}`: `code` "200" is
success, anything else a refusal with `response: null`. Where `response` is encrypted it is
base64(AES-256-CBC(LZString.compressToEncodedURIComponent(JSON))) with key
SHA256(cons-id + secret + X-timestamp of the request) and IV its first 16 bytes;
`x-decrypted` gives the decrypted shape where it is known. `mockvclaim decrypt` reads one.
"""


def _plain_schema(schema: Any) -> Any:
    """A schema as it sits inside the document: its file identity dropped."""
    if isinstance(schema, dict):
        return {k: v for k, v in schema.items() if k not in ("$id", "$schema")}
    return schema


def _known(schemas: SchemaRegistry, name: str) -> Any:
    try:
        return _plain_schema(schemas.validator(name).schema)
    except KeyError:
        return None


def _response_member(operation: Operation, decrypted: Any) -> dict[str, Any]:
    shape = decrypted if decrypted is not None else {}
    if operation.response_mode is ResponseMode.NULL:
        return {"type": "null"}
    if operation.response_mode is ResponseMode.PLAIN:
        return {"description": "Plain JSON, not encrypted; null on a refusal.", **shape}
    return {
        "type": ["string", "null"],
        "description": "Encrypted with the request's X-timestamp; null on a refusal.",
        "x-decrypted": shape,
    }


def _operation(operation: Operation, schemas: SchemaRegistry) -> dict[str, Any]:
    family = operation.op_id.split(".", 1)[0]
    envelope = {
        "type": "object",
        "required": ["metaData", "response"],
        "properties": {
            "metaData": {"$ref": "#/components/schemas/metaData"},
            "response": _response_member(operation, _known(schemas, f"{operation.op_id}.response")),
        },
    }
    document: dict[str, Any] = {
        "operationId": operation.op_id,
        "tags": [family],
        "summary": f"{operation.method} {operation.path}",
        "description": f"Success: metaData code 200, message `{operation.success.template}`; "
        f"response {operation.response_mode.value}.",
        "responses": {
            "200": {
                "description": "The VClaim envelope, for successes and refusals alike.",
                "content": {"application/json": {"schema": envelope}},
            },
            "403": {"$ref": "#/components/responses/gateway403"},
            "404": {"$ref": "#/components/responses/gateway404"},
        },
    }
    if operation.path_params:
        document["parameters"] = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "example": path_example(name),
            }
            for name in operation.path_params
        ]
    if operation.has_body:
        body = _known(schemas, f"{operation.op_id}.request") or {"type": "object"}
        document["requestBody"] = {
            "required": True,
            # Sent as JSON whatever the Content-Type says (docs/vclaim-api.md §1.5).
            "content": {"application/json": {"schema": body, "example": body_example(body)}},
        }
    return document


def openapi_document(server_url: str) -> dict[str, Any]:
    schemas = SchemaRegistry.of_folder(resources.schemas_dir())
    paths: dict[str, dict[str, Any]] = {}
    for operation in VCLAIM_OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method.lower()] = _operation(
            operation, schemas
        )
    families = sorted({operation.op_id.split(".", 1)[0] for operation in VCLAIM_OPERATIONS})
    gateway_text = {"text/plain": {"schema": {"type": "string"}}}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "VClaim 2.0 (mockvclaim)",
            "version": __version__,
            "description": DESCRIPTION,
        },
        "servers": [
            {"url": server_url, "description": "this mock"},
            {"url": BPJS_DEVELOPMENT_URL, "description": "BPJS development server"},
        ],
        "tags": [{"name": family} for family in families],
        "security": [{scheme: [] for scheme in HEADER_SCHEMES}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                scheme: {"type": "apiKey", "in": "header", "name": header, "description": text}
                for scheme, (header, text) in HEADER_SCHEMES.items()
            },
            "schemas": {
                "metaData": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                }
            },
            "responses": {
                "gateway403": {
                    "description": f"The gateway: `{messages.GATEWAY_AUTH_MISSING.template}` or "
                    f"`{messages.GATEWAY_AUTH_FAILED.template}` (user_key).",
                    "content": gateway_text,
                },
                "gateway404": {
                    "description": f"The gateway: `{messages.GATEWAY_NO_MAPPING.template}`.",
                    "content": gateway_text,
                },
            },
        },
    }
