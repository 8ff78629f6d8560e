"""Whether a state-changing control call may come from a browser page (docs/interface.md §12).

A page on any origin can send a POST to 127.0.0.1 (`mode: 'no-cors'` needs no permission),
and a page on a rebound DNS name can even read the answer. Browsers mark every such call:
they send `Origin` on every POST, PUT and DELETE, and `Sec-Fetch-Site`. So a call carrying
either must come from the mock's own origin under a host name that cannot be rebound,
and a body must be declared JSON (no HTML form can declare that). Clients that are not
browsers (curl, the pytest plugin, CI scripts) send neither header and are not affected.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_LOCAL_NAMES = ("localhost",)
_SAME_ORIGIN_FETCH = frozenset({"same-origin", "none"})


@dataclass(frozen=True)
class Refusal:
    status: int  # 415 for a body that is not declared JSON, else 403
    reason: str


def refusal(
    method: str,
    headers: Mapping[str, str],
    *,
    has_body: bool,
    allowed_hosts: Iterable[str],
) -> Refusal | None:
    """Why this control call is refused, or None. `headers` must be case-insensitive."""
    if method.upper() not in STATE_CHANGING:
        return None
    if has_body and not _is_json(headers.get("Content-Type", "")):
        return Refusal(415, "a control call with a body must send Content-Type: application/json")
    origin = headers.get("Origin")
    fetch_site = headers.get("Sec-Fetch-Site")
    if origin is None and fetch_site is None:
        return None  # not a browser
    if fetch_site is not None and fetch_site.lower() not in _SAME_ORIGIN_FETCH:
        return Refusal(
            403,
            f"refused a {fetch_site[:20]} browser request: the control API takes same-origin calls",
        )
    host = headers.get("Host", "")
    if not _host_is_trusted(host, allowed_hosts):
        return Refusal(
            403,
            f"refused a browser request for host {host[:100]!r}: only IP addresses, localhost "
            "and MOCKVCLAIM_ALLOWED_HOSTS are trusted (DNS rebinding)",
        )
    if origin is not None and _authority(origin) != host.lower():
        return Refusal(403, f"refused a cross-origin browser request from {origin[:100]!r}")
    return None


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _authority(origin: str) -> str | None:
    """`host:port` of an Origin as a Host header spells it (`null` origins have none)."""
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = 80 if parts.scheme == "http" else 443
    name = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return name if port in (None, default) else f"{name}:{port}"


def _host_is_trusted(host: str, allowed_hosts: Iterable[str]) -> bool:
    try:
        name = urlsplit(f"//{host}").hostname or ""
    except ValueError:
        return False
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name in {allowed.lower() for allowed in allowed_hosts}
    return True
