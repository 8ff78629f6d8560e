"""`mockvclaim openapi [--postman] [--server URL]`: print the generated documents."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import Any, TextIO

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


def collection_for(base_url: str, consumer: Consumer) -> dict[str, Any]:
    """Only the demo secret goes into a collection; a configured one stays a placeholder."""
    secret = consumer.secret if consumer.secret == DEMO_SECRET else SECRET_PLACEHOLDER
    return postman_collection(base_url, consumer.cons_id, secret, consumer.user_key)


def add_openapi_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "openapi",
        help="print the OpenAPI 3.1 document (or, with --postman, a Postman collection)",
        description="Print the served VClaim operations as OpenAPI 3.1 JSON, generated from the "
        "operation table and the request schemas; with --postman, as a Postman v2.1 "
        "collection whose pre-request script signs every request.",
    )
    parser.add_argument(
        "--postman", action="store_true", help="a Postman collection instead of OpenAPI"
    )
    parser.add_argument(
        "--server",
        help="base URL the documents point at (default: the local mock, MOCKVCLAIM_HOST/PORT)",
    )


def openapi_command(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO) -> int:
    base_url = args.server or local_base_url(environ)
    document = (
        collection_for(base_url, single_consumer(environ))
        if args.postman
        else openapi_document(base_url)
    )
    print(json.dumps(document, indent=2, ensure_ascii=False), file=out)
    return 0
