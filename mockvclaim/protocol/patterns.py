"""`regex` conditions of scenario rules, matched in time linear in the input.

RE2 (google-re2) never backtracks, so no pattern can hold the event loop for long, whatever
it is matched against. A pattern RE2 cannot run (backreferences, lookaround) is refused
when its rule loads. Only where google-re2 is not installed do patterns run on Python's
backtracking `re`: then a repeat inside a repeat, the shape of every exponential pattern,
is refused, input is cut to FALLBACK_INPUT_CHARS, and `check` warns that the pattern is
not bounded (docs/interface.md §12).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

try:
    import re2
except ImportError:  # no wheel for this platform: the fallback below
    re2 = None

FALLBACK_INPUT_CHARS = 256  # characters of a value a backtracking pattern looks at


class PatternError(ValueError):
    """A pattern that cannot be used; the message says why."""


@dataclass(frozen=True)
class Pattern:
    text: str
    bounded: bool  # matched by RE2: linear time whatever the input
    _search: Callable[[str], Any]

    def search(self, value: str) -> bool:
        return self._search(value) is not None


def compile_pattern(text: str) -> Pattern:
    """The pattern on RE2 (on the fallback without it), or PatternError."""
    linear = re2
    if linear is not None:
        options = linear.Options()
        options.log_errors = False  # the refusal below says it; RE2 would also print it
        try:
            compiled = linear.compile(text, options=options)
        except linear.error as problem:
            _python(text)  # a pattern neither engine takes is reported as plain bad syntax
            reason = problem.args[0] if problem.args else problem
            if isinstance(reason, bytes):
                reason = reason.decode("utf-8", errors="replace")
            raise PatternError(
                f"RE2, which matches in bounded time, cannot run this pattern ({reason}); "
                "backreferences and lookaround are not supported"
            ) from None
        return Pattern(text, bounded=True, _search=compiled.search)
    compiled_py = _python(text)
    if _repeat_inside_repeat(text):
        raise PatternError(
            "a repeated group that itself repeats, such as (a+)+, can take exponential time; "
            "install google-re2 or rewrite the pattern"
        )
    return Pattern(
        text,
        bounded=False,
        _search=lambda value: compiled_py.search(value[:FALLBACK_INPUT_CHARS]),
    )


def _python(text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as problem:
        raise PatternError(str(problem)) from None


def _repeat_inside_repeat(text: str) -> bool:
    """Whether a repeat of more than one occurrence contains another: `(a+)+`, `(a*b?)*`.
    Reads the parse tree of the standard library's own parser."""
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT}

    def children(op: Any, av: Any) -> list[Any]:
        if op in repeats:
            return [av[2]]
        if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP, sre.ASSERT, sre.ASSERT_NOT):
            return [av[-1]]
        if op == sre.BRANCH:
            return list(av[1])
        if op == sre.GROUPREF_EXISTS:
            return [branch for branch in av[1:] if branch is not None]
        return []

    def walk(items: Any, inside: bool) -> bool:
        for op, av in items:
            many = op in repeats and av[1] > 1
            if inside and many:
                return True
            if any(walk(child, inside or many) for child in children(op, av)):
                return True
        return False

    try:
        return walk(sre_parse.parse(text), inside=False)
    except Exception:  # an internal format this code does not know: treat as unbounded
        return True
