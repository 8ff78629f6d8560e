"""A Bruno collection of every served operation: a folder of `.bru` files, one folder per
family, signed by a collection-level pre-request script (docs/interface.md §11)."""

from __future__ import annotations

import json
from pathlib import Path

from mockvclaim import resources
from mockvclaim.apidocs.examples import body_example, path_example
from mockvclaim.apidocs.postman import WRITE_CONTENT_TYPE
from mockvclaim.protocol.operations import VCLAIM_OPERATIONS, Operation
from mockvclaim.protocol.validation import SchemaRegistry

COLLECTION_NAME = "VClaim 2.0 (mockvclaim)"

# Bruno's sandbox (the app and `bru run`) has crypto-js; collection variables are read with
# getCollectionVar, runtime ones set with setVar.
SIGNING_SCRIPT = """\
// VClaim signing: X-signature = base64(HMAC-SHA256(secret, consId + "&" + timestamp)).
const cryptoJs = require("crypto-js");
const consId = bru.getCollectionVar("consId");
const secret = bru.getCollectionVar("secret");
const timestamp = String(Math.floor(Date.now() / 1000)); // seconds since 1970, UTC
const signature = cryptoJs.enc.Base64.stringify(
  cryptoJs.HmacSHA256(consId + "&" + timestamp, secret)
);
req.setHeader("X-cons-id", consId);
req.setHeader("X-timestamp", timestamp);
req.setHeader("X-signature", signature);
req.setHeader("user_key", bru.getCollectionVar("userKey"));
// The answer is encrypted with this timestamp: `mockvclaim decrypt --timestamp` needs it.
bru.setVar("timestamp", timestamp);
// BPJS's "today" is Jakarta's (UTC+7), for the date parameters.
bru.setVar("today", new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10));
"""


class FolderNotEmpty(ValueError):
    """The target folder already holds files: a collection is written into an empty one."""


def _block(name: str, lines: list[str]) -> str:
    inner = "".join(f"  {line}\n" if line else "\n" for line in lines)
    return f"{name} {{\n{inner}}}\n"


def _request_file(operation: Operation, sequence: int, schemas: SchemaRegistry) -> str:
    path = "/".join(
        f":{segment[1:-1]}" if segment.startswith("{") and segment.endswith("}") else segment
        for segment in operation.path.strip("/").split("/")
    )
    blocks = [
        _block("meta", [f"name: {operation.op_id}", "type: http", f"seq: {sequence}"]),
        _block(
            operation.method.lower(),
            [
                f"url: {{{{baseUrl}}}}/{path}",
                f"body: {'json' if operation.has_body else 'none'}",
                "auth: none",
            ],
        ),
    ]
    if operation.path_params:
        params = [f"{name}: {path_example(name)}" for name in operation.path_params]
        blocks.append(_block("params:path", params))
    if operation.has_body:
        try:
            schema = schemas.validator(f"{operation.op_id}.request").schema
        except KeyError:
            schema = {}
        blocks.append(_block("headers", [f"Content-Type: {WRITE_CONTENT_TYPE}"]))
        example = json.dumps(body_example(schema), indent=2, ensure_ascii=False)
        blocks.append(_block("body:json", example.splitlines()))
    description = (
        f"`{operation.op_id}`: success message `{operation.success.template}`, "
        f"response {operation.response_mode.value}."
    )
    blocks.append(_block("docs", [description]))
    return "\n".join(blocks)


def write_bruno_collection(
    folder: Path, base_url: str, cons_id: str, secret: str, user_key: str
) -> list[Path]:
    """Write the collection into `folder` (new or empty); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise FolderNotEmpty(f"{folder} is not empty; write the collection into a new folder")
    schemas = SchemaRegistry.of_folder(resources.schemas_dir())
    files = {
        folder / "bruno.json": json.dumps(
            {"version": "1", "name": COLLECTION_NAME, "type": "collection"}, indent=2
        )
        + "\n",
        folder / "collection.bru": _block(
            "vars:pre-request",
            [
                f"baseUrl: {base_url}",
                f"consId: {cons_id}",
                f"secret: {secret}",
                f"userKey: {user_key}",
            ],
        )
        + "\n"
        + _block("script:pre-request", SIGNING_SCRIPT.splitlines()),
    }
    sequence: dict[str, int] = {}
    for operation in VCLAIM_OPERATIONS:
        family = operation.op_id.split(".", 1)[0]
        sequence[family] = sequence.get(family, 0) + 1
        path = folder / family / f"{operation.op_id}.bru"
        files[path] = _request_file(operation, sequence[family], schemas)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
