"""`mockvclaim openapi [--postman | --bruno DIR] [--server URL]`: the generated documents."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from mockvclaim.apidocs.bruno import FolderNotEmpty, write_bruno_collection
from mockvclaim.apidocs.openapi import openapi_document
from mockvclaim.apidocs.postman import postman_collection
from mockvclaim.config import DEFAULT_HOST, DEFAULT_PORT, DEMO_SECRET, Consumer, single_consumer

SECRET_PLACEHOLDER = "<your secret>"


def local_base_url(environ: Mapping[str, str]) -> str:
    host = environ.get("MOCKVCLAIM_HOST") or DEFAULT_HOST
    # A server bound to every interface is reached on loopback from the same machine.
    host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    port = environ.get("MOCKVCLAIM_PORT") or str(DEFAULT_PORT)
    return f"http://{host}:{port}/vclaim-rest-dev"


def shareable_secret(consumer: Consumer) -> str:
    """Only the demo secret goes into a collection; a configured one stays a placeholder."""
    return consumer.secret if consumer.secret == DEMO_SECRET else SECRET_PLACEHOLDER


def collection_for(base_url: str, consumer: Consumer) -> dict[str, Any]:
    return postman_collection(
        base_url, consumer.cons_id, shareable_secret(consumer), consumer.user_key
    )


def add_openapi_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "openapi",
        help="print the OpenAPI 3.1 document (or a Postman or Bruno collection)",
        description="Print the served VClaim operations as OpenAPI 3.1 JSON, generated from the "
        "operation table and the request schemas; with --postman, as a Postman v2.1 "
        "collection, with --bruno DIR as a Bruno collection; both sign every request in a "
        "pre-request script.",
    )
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--postman", action="store_true", help="a Postman collection instead of OpenAPI"
    )
    kind.add_argument(
        "--bruno", metavar="DIR", help="write a Bruno collection into DIR (new or empty)"
    )
    parser.add_argument(
        "--server",
        help="base URL the documents point at (default: the local mock, MOCKVCLAIM_HOST/PORT)",
    )


def openapi_command(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    base_url = args.server or local_base_url(environ)
    if args.bruno:
        consumer = single_consumer(environ)
        try:
            written = write_bruno_collection(
                Path(args.bruno),
                base_url,
                consumer.cons_id,
                shareable_secret(consumer),
                consumer.user_key,
            )
        except (FolderNotEmpty, OSError) as problem:
            print(f"mockvclaim openapi: {problem}", file=err)
            return 2
        print(f"wrote {len(written)} files of a Bruno collection to {args.bruno}", file=out)
        return 0
    document = (
        collection_for(base_url, single_consumer(environ))
        if args.postman
        else openapi_document(base_url)
    )
    print(json.dumps(document, indent=2, ensure_ascii=False), file=out)
    return 0
