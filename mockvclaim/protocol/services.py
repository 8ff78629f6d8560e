"""The BPJS services the gateway carries and how each one's envelope looks: VClaim, and
beside it Antrean RS, Aplicares and i-Care (docs/antrean-aplicares.md §1).

An operation names its service (protocol/operations.py); routing, authentication and the
envelope read everything service-specific from here, so a new service is one entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Service:
    name: str  # the consumers file's key for its user_key (docs/antrean-aplicares.md §2)
    base_names: tuple[str, ...]  # the service names a base URL ends in, dev first
    meta_key: str  # "metaData" (VClaim, i-Care) or "metadata" (Antrean, Aplicares)
    numeric_code: bool  # `code` a JSON number, not a string
    failure_has_response: bool  # `"response": null` beside a refusal's metadata
    user_key_optional: bool = False  # lenient mode accepts a request without user_key
    vclaim_key_valid: bool = True  # the consumer's VClaim user_key works here too
    base_optional: bool = False  # the path may leave the service name out (VClaim only)

    def code(self, code: str) -> str | int:
        """`code` as this service writes it on the wire."""
        if self.numeric_code and code.lstrip("-").isdigit():
            return int(code)
        return code

    def document(
        self, code: str, message: str, response: Any, *, with_response: bool
    ) -> dict[str, Any]:
        """The envelope: metadata, then `response` when the answer carries one."""
        document: dict[str, Any] = {self.meta_key: {"code": self.code(code), "message": message}}
        if with_response:
            document["response"] = response
        return document


# docs/vclaim-api.md §1.1, §2: string codes, camel `metaData`, `response` always present.
VCLAIM = Service(
    "vclaim",
    ("vclaim-rest-dev", "vclaim-rest"),
    "metaData",
    numeric_code=False,
    failure_has_response=True,
    base_optional=True,
)
# docs/antrean-aplicares.md §1.1-§1.3: lower-case `metadata`, numeric codes, refusals carry
# metadata only. Antrean has its own user_key; Aplicares and i-Care fall back to VClaim's.
ANTREAN = Service(
    "antrean",
    ("antreanrs_dev", "antreanrs"),
    "metadata",
    numeric_code=True,
    failure_has_response=False,
    vclaim_key_valid=False,
)
APLICARES = Service(
    "aplicares",
    ("aplicaresws",),
    "metadata",
    numeric_code=True,
    failure_has_response=False,
    user_key_optional=True,
)
ICARE = Service(
    "icare", ("ihs_dev", "wsihs"), "metaData", numeric_code=True, failure_has_response=True
)

SERVICES: tuple[Service, ...] = (VCLAIM, ANTREAN, APLICARES, ICARE)
BY_BASE_NAME: dict[str, Service] = {
    name: service for service in SERVICES for name in service.base_names
}
BY_NAME: dict[str, Service] = {service.name: service for service in SERVICES}


def split_path(path: str) -> tuple[Service, str]:
    """The service a request path addresses and the path below its service name, without
    empty segments. A path with no known service name is VClaim's (docs/vclaim-api.md §1.1)."""
    segments = [segment for segment in path.split("/") if segment]
    if segments:
        service = BY_BASE_NAME.get(segments[0].lower())
        if service is not None:
            return service, "/".join(segments[1:])
    return VCLAIM, "/".join(segments)
