"""Who is calling: the gateway's user_key check, then VClaim's cons-id, timestamp and
signature checks, in that order (docs/vclaim-api.md §1.2-§1.6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mockvclaim.config import Consumer
from mockvclaim.protocol import crypto, messages
from mockvclaim.protocol.errors import GatewayError, VClaimError
from mockvclaim.protocol.services import VCLAIM, Service


def authenticate(
    headers: Mapping[str, str],
    consumers: Iterable[Consumer],
    *,
    now: float,
    skew: int,
    service: Service = VCLAIM,
    strict: bool = False,
) -> tuple[Consumer, str]:
    """Return the consumer and the request's X-timestamp, or raise what BPJS would answer.

    `headers` must look names up case-insensitively (aiohttp's CIMultiDict does).
    """
    known = tuple(consumers)
    user_key = headers.get("user_key")
    # 3scale answers these before VClaim sees the request: plain text, HTTP 403.
    if not user_key and service.user_key_optional and not strict:
        # Old Aplicares clients send none (docs/antrean-aplicares.md §2.2).
        by_key = list(known)
    elif not user_key:
        raise GatewayError(403, messages.GATEWAY_AUTH_MISSING.template)
    elif service is VCLAIM:
        by_key = [c for c in known if c.user_key == user_key]
    else:
        by_key = [c for c in known if user_key in accepted_user_keys(c, service)]
    if not by_key:
        raise GatewayError(403, messages.GATEWAY_AUTH_FAILED.template)

    # Code "201" and HTTP 200 for these are a choice: docs/vclaim-api.md §8 has the texts only.
    cons_id = headers.get("X-cons-id", "")
    consumer = next((c for c in by_key if c.cons_id == cons_id), None)
    if consumer is None:
        raise VClaimError(messages.NOT_REGISTERED.template)

    timestamp = headers.get("X-timestamp", "")
    signature = headers.get("X-signature", "")
    # The real server folds a stale clock into the signature error (SISRUTE catalogue:
    # "...atau jam server melenceng"), so every failure here has the same answer.
    # Any real timestamp has at most 10 digits for centuries; int() refuses 4,301 or more.
    well_formed = timestamp.isdecimal() and timestamp.isascii() and len(timestamp) <= 20
    if not well_formed or abs(now - int(timestamp)) > skew:
        raise VClaimError(messages.SIGNATURE_INVALID.template)
    if not crypto.signature_matches(consumer.cons_id, consumer.secret, timestamp, signature):
        raise VClaimError(messages.SIGNATURE_INVALID.template)
    return consumer, timestamp


def accepted_user_keys(consumer: Consumer, service: Service) -> frozenset[str]:
    """The user_keys valid for `consumer` on `service` (docs/antrean-aplicares.md §2.2): its
    own key for the service when the consumers file gives one, and VClaim's where the real
    service falls back to it or no own key is set."""
    own = consumer.user_keys.get(service.name)
    if own is None:
        return frozenset({consumer.user_key})
    return frozenset({own, consumer.user_key} if service.vclaim_key_valid else {own})
