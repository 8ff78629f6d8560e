"""What `mockvclaim check` and the banner warn about in rules that load: values read other
than YAML would, and rules that can never act because an earlier one always wins."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mockvclaim.protocol.scenarios import ANY_OPERATION, Rule


def warnings(rules: Sequence[Rule]) -> list[str]:
    found = [warning for rule in rules for warning in rule.warnings]
    return found + unreachable(rules)


def unreachable(rules: Sequence[Rule]) -> list[str]:
    """A rule is shadowed by an earlier one of its stage that answers every time (no `times`)
    on the same operation (or every route) under a subset of its `when` conditions."""
    found = []
    for position, later in enumerate(rules):
        for earlier in rules[:position]:
            if _always_wins(earlier, later):
                found.append(
                    f"{later.source}: rule {later.id!r} never acts: rule {earlier.id!r} "
                    f"({earlier.source}) comes first and answers every request it would see"
                )
                break
    return found


def _always_wins(earlier: Rule, later: Rule) -> bool:
    if earlier.passes_through or earlier.times is not None or earlier.stage != later.stage:
        return False
    if earlier.operation not in (ANY_OPERATION, later.operation):
        return False
    mine = _conditions(earlier)
    theirs = _conditions(later)
    return all(theirs.get(key) == spec for key, spec in mine.items())


def _conditions(rule: Rule) -> dict[str, str]:
    """`when` as comparable text; keys fold case as lookups do."""
    when = rule.definition.get("when", {})
    return {key.lower(): json.dumps(spec, sort_keys=True) for key, spec in when.items()}
