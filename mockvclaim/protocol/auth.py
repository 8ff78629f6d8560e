"""Who is calling: the gateway's user_key check, then VClaim's cons-id, timestamp and
signature checks, in that order (docs/vclaim-api.md §1.2-§1.6).

The wire answer is BPJS's own and says little; the refusal also carries `reason`, for the
journal and the inspector only: what was wrong, and what the mock expected to sign (never
a secret, docs/interface.md §8).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mockvclaim.config import Consumer
from mockvclaim.protocol import crypto, messages
from mockvclaim.protocol.errors import GatewayError, VClaimError
from mockvclaim.protocol.services import VCLAIM, Service

# A PHP client without date_default_timezone_set('UTC') sends local WIB time: 7 h ahead
# (docs/vclaim-api.md §1.4).
WIB_OFFSET_SECONDS = 7 * 3600
MILLISECONDS_ABOVE = 10**11  # seconds since 1970 stay below this until the year 5138


class GatewayRefusal(GatewayError):
    """The gateway's 403, with why."""

    def __init__(self, status: int, body: str, reason: str) -> None:
        super().__init__(status, body)
        self.reason = reason


class SignatureRefusal(VClaimError):
    """VClaim's code 201 answer, with why."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def note_refusal(extra: dict[str, object], error: Exception) -> None:
    """Put why authentication refused into a journal entry's `extra` (nothing otherwise)."""
    if isinstance(error, GatewayRefusal | SignatureRefusal):
        extra["refused"] = error.reason


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
        raise GatewayRefusal(403, messages.GATEWAY_AUTH_MISSING.template, "no user_key header")
    elif service is VCLAIM:
        by_key = [c for c in known if c.user_key == user_key]
    else:
        by_key = [c for c in known if user_key in accepted_user_keys(c, service)]
    if not by_key:
        raise GatewayRefusal(
            403,
            messages.GATEWAY_AUTH_FAILED.template,
            "wrong user_key: it is no configured consumer's",
        )

    # Code "201" and HTTP 200 for these are a choice: docs/vclaim-api.md §8 has the texts only.
    cons_id = headers.get("X-cons-id", "")
    consumer = next((c for c in by_key if c.cons_id == cons_id), None)
    if consumer is None:
        raise SignatureRefusal(messages.NOT_REGISTERED.template, _cons_id_reason(cons_id, known))

    timestamp = headers.get("X-timestamp", "")
    signature = headers.get("X-signature", "")
    # The real server folds a stale clock into the signature error (SISRUTE catalogue:
    # "...atau jam server melenceng"), so every failure here has the same answer.
    # Any real timestamp has at most 10 digits for centuries; int() refuses 4,301 or more.
    well_formed = timestamp.isdecimal() and timestamp.isascii() and len(timestamp) <= 20
    if not well_formed or abs(now - int(timestamp)) > skew:
        raise SignatureRefusal(
            messages.SIGNATURE_INVALID.template, timestamp_reason(timestamp, now, skew)
        )
    if not crypto.signature_matches(consumer.cons_id, consumer.secret, timestamp, signature):
        signed = f"{consumer.cons_id}&{timestamp}"
        reason = (
            "no X-signature header"
            if not signature
            else f"signature mismatch for cons-id {consumer.cons_id}"
        )
        raise SignatureRefusal(
            messages.SIGNATURE_INVALID.template,
            f"{reason}: the mock expected base64(HMAC-SHA256(secret, {signed!r})) with this "
            "consumer's secret",
        )
    return consumer, timestamp


def _cons_id_reason(cons_id: str, known: tuple[Consumer, ...]) -> str:
    if not cons_id:
        return "no X-cons-id header"
    if any(c.cons_id == cons_id for c in known):
        return f"cons-id {cons_id} exists but this user_key belongs to another cons-id"
    return f"unknown cons-id {cons_id!r}"


def timestamp_reason(timestamp: str, now: float, skew: int) -> str:
    """What is wrong with an X-timestamp outside the window, with the likely mistake."""
    if not timestamp:
        return "no X-timestamp header"
    if not (timestamp.isascii() and timestamp.isdecimal()):
        return f"X-timestamp {timestamp[:40]!r} is not whole seconds since 1970-01-01 UTC"
    if len(timestamp) > 20:
        return f"X-timestamp has {len(timestamp)} digits: not whole seconds since 1970"
    off = int(timestamp) - now
    direction = "ahead of" if off > 0 else "behind"
    text = (
        f"timestamp off by {abs(off):.0f} s ({direction} the mock's clock; "
        f"--timestamp-skew allows {skew} s)"
    )
    if int(timestamp) > MILLISECONDS_ABOVE:
        return f"{text}: looks like milliseconds; send seconds (divide by 1000)"
    if abs(off - WIB_OFFSET_SECONDS) <= skew:
        return f"{text}: looks like local WIB time, +25200; send seconds since 1970 in UTC"
    return text


def accepted_user_keys(consumer: Consumer, service: Service) -> frozenset[str]:
    """The user_keys valid for `consumer` on `service` (docs/antrean-aplicares.md §2.2): its
    own key for the service when the consumers file gives one, and VClaim's where the real
    service falls back to it or no own key is set."""
    own = consumer.user_keys.get(service.name)
    if own is None:
        return frozenset({consumer.user_key})
    return frozenset({own, consumer.user_key} if service.vclaim_key_valid else {own})
