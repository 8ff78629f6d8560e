"""VClaim 1.1 routes BPJS switched off around January 2022 (docs/vclaim-api.md §7, §5.0 last row).

The real gateway no longer maps them, so it answers what it answers for any unmapped path:
HTTP 404 `No Mapping Rule matched`, text/plain (docs/vclaim-api.md §1.6). The mock answers the same
(a SIMRS still calling them must meet in tests what it meets in production) and only
notes, in the request journal and the log, which 2.0 route replaced the one called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockvclaim.protocol.operations import normalize_path

SUNSET = "about January 2022"


@dataclass(frozen=True)
class RetiredRoute:
    method: str
    path: str  # the catalogue's spelling
    successor: str  # "METHOD path" of the 2.0 route that replaced it
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.escape(self.path.strip("/"))
        object.__setattr__(self, "pattern", re.compile(regex, re.IGNORECASE))

    @property
    def hint(self) -> str:
        """What the journal says about a call to this route."""
        return (
            f"VClaim 1.1 route {self.method} {self.path}, switched off by BPJS {SUNSET}; "
            f"the gateway answers 404 No Mapping Rule matched. Use {self.successor}."
        )


RETIRED: tuple[RetiredRoute, ...] = (
    RetiredRoute("POST", "/SEP/1.1/insert", "POST /SEP/2.0/insert"),
    RetiredRoute("PUT", "/SEP/1.1/Update", "PUT /SEP/2.0/update"),
    RetiredRoute("DELETE", "/SEP/Delete", "DELETE /SEP/2.0/delete"),
    RetiredRoute("PUT", "/Sep/updtglplg", "PUT /SEP/2.0/updtglplg"),
)


def find(method: str, path: str) -> RetiredRoute | None:
    """The retired route a request addresses (case-insensitive, `//`-tolerant), or None."""
    normalized = normalize_path(path)
    return next(
        (r for r in RETIRED if r.method == method.upper() and r.pattern.fullmatch(normalized)),
        None,
    )
