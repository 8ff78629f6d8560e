"""Scenario rules: when a request looks like this, answer that (or slow down, or break).

Files are checked against `schemas/scenario.schema.json`; rules are tried in order and the
first whose operation and every `when` condition match acts. Lookups use respx's names.
"""

from __future__ import annotations

import difflib
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from mockvclaim.protocol import messages, rule_checks
from mockvclaim.protocol.documents import (
    DocumentError,
    Location,
    Reinterpreted,
    ensure_bounded,
    load_document_as_written,
)
from mockvclaim.protocol.patterns import PatternError, compile_pattern
from mockvclaim.protocol.payload_answers import PayloadAnswer, PayloadError, payload_answer

AFTER_VALIDATION = "after_validation"
BEFORE_AUTH = "before_auth"
ANY_OPERATION = "*"
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
MAX_PROBLEM_CHARS = 300


class ScenarioError(ValueError):
    """Scenario files or rules that cannot be used: every problem found, one per line, each
    naming file, rule and field."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class RequestView:
    """What `when` conditions can look at. `headers` must be case-insensitive."""

    operation: str
    headers: Mapping[str, str]
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    cons_id: str | None
    body: Any
    # Test cards are a dozen rules on one key: each request looks it up once, not per rule.
    _looked_up: dict[str, tuple[bool, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    _as_text: dict[str, tuple[bool, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def authenticated(self, cons_id: str, body: Any) -> RequestView:
        """The same request once its caller is known and its body validated (what
        dataclasses.replace does, without walking the fields per request)."""
        return RequestView(
            self.operation, self.headers, self.path_params, self.query, cons_id, body
        )

    def lookup(self, key: str) -> tuple[bool, Any]:
        known = self._looked_up.get(key)
        if known is None:
            known = self._looked_up[key] = self._find(key)
        return known

    def lookup_text(self, key: str) -> tuple[bool, str]:
        """`lookup`, with the value as equality conditions compare it (`_text`)."""
        known = self._as_text.get(key)
        if known is None:
            found, value = self.lookup(key)
            known = self._as_text[key] = (found, _text(value))
        return known

    def _find(self, key: str) -> tuple[bool, Any]:
        source, _, name = key.partition(".")
        if key == "cons_id":
            return self.cons_id is not None, self.cons_id
        if source == "header" and name:
            return name in self.headers, self.headers.get(name)
        if source == "path" and name:
            return _get_insensitive(self.path_params, name)
        if source == "query" and name:
            return name in self.query, self.query.get(name)
        return self.body_value(key)

    def body_value(self, dotted: str) -> tuple[bool, Any]:
        """A dotted path into the body, keys case-insensitive, list items by index."""
        value = self.body
        for part in dotted.split("."):
            if isinstance(value, dict):
                found, value = _get_insensitive(value, part)
            elif isinstance(value, list) and _is_index(part) and int(part) < len(value):
                found, value = True, value[int(part)]
            else:
                found = False
            if not found:
                return False, None
        return True, value


def _is_index(part: str) -> bool:
    return part.isascii() and part.isdecimal() and len(part) < 10


def _get_insensitive(mapping: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    if name in mapping:
        return True, mapping[name]
    lowered = name.lower()
    for key, value in mapping.items():
        if key.lower() == lowered:
            return True, value
    return False, None


def _text(value: Any) -> str:
    """Compare scalars the way they read in JSON, so YAML 17 equals body "17"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


Test = Callable[[Any], bool]


def _compile_matcher(spec: Any) -> Test:
    if not isinstance(spec, dict):
        return lambda value: _text(value) == _text(spec)
    ((kind, expected),) = spec.items()
    if kind == "eq":
        return lambda value: _text(value) == _text(expected)
    if kind == "regex":
        pattern = compile_pattern(expected)
        return lambda value: value is not None and pattern.search(_text(value))
    if kind == "in":
        options = {_text(option) for option in expected}
        return lambda value: _text(value) in options
    if kind == "startswith":
        return lambda value: value is not None and _text(value).startswith(expected)
    return lambda value: value is not None and expected in _text(value)  # contains


def _equality(spec: Any) -> str | None:
    """The text an equality matcher (plain value or `eq`) compares with, else None."""
    if not isinstance(spec, dict):
        return _text(spec)
    ((kind, expected),) = spec.items()
    return _text(expected) if kind == "eq" else None


@dataclass(frozen=True)
class Condition:
    key: str
    test: Test
    equals: str | None = None  # set for equality: compared without calling `test`

    def holds(self, request: RequestView) -> bool:
        if self.equals is not None:
            found, text = request.lookup_text(self.key)
            return found and text == self.equals
        found, value = request.lookup(self.key)
        return found and self.test(value)


@dataclass(frozen=True)
class RawAnswer:
    status: int
    content_type: str
    body: str
    headers: Mapping[str, str]


@dataclass(frozen=True)
class EnvelopeAnswer:
    code: str
    message: str


@dataclass
class Rule:
    id: str
    operation: str
    source: str  # the file it came from, or "runtime"
    stage: str = AFTER_VALIDATION
    conditions: tuple[Condition, ...] = ()
    times: int | None = None
    delay: Any = None  # number, {min, max} or {median, sigma}, in milliseconds
    answer: RawAnswer | EnvelopeAnswer | PayloadAnswer | None = None
    fault: str | None = None
    dribble_ms: float = 1000.0
    hits: int = 0
    definition: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # values read other than YAML would (docs/interface.md §5)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    @property
    def passes_through(self) -> bool:
        """Only slows the answer (a delay, or dribble): matching goes on past it."""
        return self.answer is None and self.fault in (None, "dribble")

    def matches(self, request: RequestView) -> bool:
        if self.operation not in (ANY_OPERATION, request.operation):
            return False
        return all(condition.holds(request) for condition in self.conditions)

    def describe(self) -> dict[str, Any]:
        return {**self.definition, "source": self.source, "hits": self.hits}


def _message_text(respond: Mapping[str, Any]) -> str:
    if "message" in respond:
        return str(respond["message"])
    entry = messages.catalogue().get(respond["message_id"])
    if entry is None:
        raise LookupError(f"unknown message_id {respond['message_id']!r}")
    try:
        return entry.format(**respond.get("values", {}))
    except KeyError as missing:
        raise LookupError(
            f"message_id {respond['message_id']!r} needs values.{missing.args[0]}"
        ) from None


def _rule_from(definition: dict[str, Any], source: str) -> Rule:
    respond = definition.get("respond")
    answer: RawAnswer | EnvelopeAnswer | PayloadAnswer | None = None
    if respond is not None and ("payload" in respond or "payload_file" in respond):
        if definition.get("stage") == BEFORE_AUTH:
            raise PayloadError("a payload is encrypted for the caller: it cannot act before_auth")
        answer = payload_answer(respond, source)
    elif respond is not None and "http_status" in respond:
        answer = RawAnswer(
            status=respond["http_status"],
            content_type=respond.get("content_type", "text/plain"),
            body=respond.get("body", ""),
            headers=respond.get("headers", {}),
        )
    elif respond is not None:
        answer = EnvelopeAnswer(code=respond["code"], message=_message_text(respond))
    return Rule(
        id=definition["id"],
        operation=definition["operation"],
        source=source,
        stage=definition.get("stage", AFTER_VALIDATION),
        conditions=tuple(
            Condition(key, _compile_matcher(spec), _equality(spec))
            for key, spec in definition.get("when", {}).items()
        ),
        times=definition.get("times"),
        delay=definition.get("delay_ms"),
        answer=answer,
        fault=definition.get("fault"),
        dribble_ms=float(definition.get("dribble_ms", 1000.0)),
        definition=definition,
    )


def parse_rules(
    document: Any,
    source: str,
    validator: Draft202012Validator,
    operations: Iterable[str],
    written: Iterable[Reinterpreted] = (),
) -> list[Rule]:
    """Check one scenario document and build its rules, or raise ScenarioError with every
    problem found in it."""
    try:
        ensure_bounded(document)
    except DocumentError as unbounded:
        raise ScenarioError(f"{source}: {unbounded}") from None
    notes = _compare_as_written(document, written)
    problems: list[str] = []
    by_rule: dict[int, list[Any]] = {}
    elsewhere = []
    for error in validator.iter_errors(document):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            by_rule.setdefault(path[1], []).append(error)
        else:
            elsewhere.append(error)
    if elsewhere:
        error = _deepest(best_match(elsewhere))
        raise ScenarioError(_locate(source, document, list(error.absolute_path), error.message))
    known = set(operations) | {ANY_OPERATION}
    rules = []
    for index, definition in enumerate(document["rules"]):
        if index in by_rule:
            error = _deepest(best_match(by_rule[index]))
            problems.append(_locate(source, document, list(error.absolute_path), error.message))
            continue
        problem = _rule_problem(definition, known)
        if problem is not None:
            field_name, text = problem
            problems.append(_locate(source, document, ["rules", index, field_name], text))
            continue
        unusable = next(rule_checks.problems(definition), None)
        if unusable is not None:
            where, what = unusable
            problems.append(_locate(source, document, ["rules", index, *where], what))
            continue
        try:
            rule = _rule_from(definition, source)
        except PatternError as bad:
            problems.append(
                _locate(source, document, ["rules", index, "when"], f"bad regex: {bad}")
            )
            continue
        except LookupError as bad:
            problems.append(
                _locate(source, document, ["rules", index, "respond"], str(bad.args[0]))
            )
            continue
        except PayloadError as bad:
            problems.append(_locate(source, document, ["rules", index, "respond"], str(bad)))
            continue
        rule.warnings = tuple(
            _locate(source, document, list(where), text)
            for where, text in notes
            if where[1] == index
        )
        rules.append(rule)
    problems += _duplicates(rules)
    if problems:
        raise ScenarioError(*problems)
    return rules


def _deepest(error: ValidationError) -> ValidationError:
    """The most specific cause of a `oneOf`/`anyOf` failure: best_match stops at the
    alternatives when they fail in different ways, and "not valid under any of the given
    schemas" names no field; the deepest failing member does."""
    while error.context:
        error = max(error.context, key=lambda cause: len(cause.absolute_path))
    return error


def _rule_problem(definition: dict[str, Any], known: set[str]) -> tuple[str, str] | None:
    """(field, problem) for what the schema cannot see, else None."""
    operation = definition["operation"]
    if operation not in known:
        close = difflib.get_close_matches(operation, sorted(known - {ANY_OPERATION}), n=1)
        hint = f"did you mean {close[0]}?" if close else "is it spelled as in ENDPOINTS.md?"
        return "operation", f"unknown operation {operation!r}; {hint} ('*' is every route)"
    delay = definition.get("delay_ms")
    if isinstance(delay, dict) and "min" in delay and delay["min"] > delay["max"]:
        return "delay_ms", "min is above max"
    return None


def _compare_as_written(
    document: Any, written: Iterable[Reinterpreted]
) -> list[tuple[Location, str]]:
    """Put back the text typed for every unquoted `when` value YAML read as something else
    (a card number `0002000000017` is octal 268435471 to YAML 1.1); say so for each."""
    notes = []
    for value in written:
        where = value.where
        if len(where) < 4 or where[0] != "rules" or where[2] != "when":
            continue
        try:
            parent: Any = document
            for part in where[:-1]:
                parent = parent[part]
            if parent[where[-1]] != value.value:
                continue
            parent[where[-1]] = value.written
        except (KeyError, IndexError, TypeError):
            continue
        notes.append(
            (
                ("rules", where[1], *where[2:]),
                f"YAML reads the unquoted {value.written} as {value.value!r}; compared as "
                f'written, "{value.written}" (quote it to say so)',
            )
        )
    return notes


def _locate(source: str, document: Any, path: Sequence[Any], problem: str) -> str:
    """`file: rule 'id' (rules[2]), field respond.code: problem`."""
    # jsonschema quotes the whole offending value; a short message is enough to find it.
    if len(problem) > MAX_PROBLEM_CHARS:
        problem = problem[:MAX_PROBLEM_CHARS] + "..."
    where = source
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        index = path[1]
        definition = document["rules"][index]
        rule_id = definition.get("id") if isinstance(definition, dict) else None
        where += f": rule {rule_id!r} (rules[{index}])" if rule_id else f": rules[{index}]"
        rest = [str(part) for part in path[2:]]
        if rest:
            where += f", field {'.'.join(rest)}"
    elif path:
        where += f": field {'.'.join(str(part) for part in path)}"
    return f"{where}: {problem}"


def _duplicates(rules: Iterable[Rule]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for rule in rules:
        if rule.id in seen:
            problems.append(
                f"{rule.source}: rule {rule.id!r} is defined twice (also in {seen[rule.id]})"
            )
        seen[rule.id] = rule.source
    return problems


def _refuse_duplicates(rules: Iterable[Rule]) -> None:
    problems = _duplicates(rules)
    if problems:
        raise ScenarioError(*problems)


def read_document(path: Path) -> tuple[Any, list[Reinterpreted]]:
    try:
        return load_document_as_written(path)
    except DocumentError as problem:
        raise ScenarioError(f"cannot read: {problem}") from None


def scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their scenario files in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise ScenarioError(f"{path}: no such scenario file or folder")
    return found


def load_rules(
    paths: Iterable[Path], validator: Draft202012Validator, operations: Iterable[str]
) -> list[Rule]:
    """Every file's rules in order, or ScenarioError with every problem of every file."""
    known = list(operations)
    rules: list[Rule] = []
    problems: list[str] = []
    for path in scenario_files(paths):
        try:
            document, written = read_document(path)
            rules.extend(parse_rules(document, str(path), validator, known, written))
        except ScenarioError as error:
            problems += error.problems
    problems += _duplicates(rules)
    if problems:
        raise ScenarioError(*problems)
    return rules


@dataclass(frozen=True)
class _Candidates:
    """One stage and operation's rules, in order, indexed by the equality most of them test
    (the test cards' `noKartu`): a request tries only the rules that want its value, and those
    that do not test that key. A rule wanting another value cannot match, so the first rule
    that acts is the one a walk over every rule would find (docs/performance.md §7)."""

    everything: tuple[Rule, ...]
    key: str | None = None  # the lookup key indexed; None: every request tries everything
    by_value: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    without_value: tuple[Rule, ...] = ()  # the rules that do not test `key` for equality

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> _Candidates:
        counts: dict[str, int] = {}
        for rule in rules:
            for key in {c.key for c in rule.conditions if c.equals is not None}:
                counts[key] = counts.get(key, 0) + 1
        if not counts or max(counts.values()) < 2:
            return cls(rules)
        key = max(counts, key=counts.__getitem__)
        wanted: dict[str, list[Rule]] = {}
        without: list[Rule] = []
        for rule in rules:
            value = next(
                (c.equals for c in rule.conditions if c.key == key and c.equals is not None), None
            )
            if value is None:
                without.append(rule)
            else:
                wanted.setdefault(value, []).append(rule)
        position = {id(rule): index for index, rule in enumerate(rules)}
        by_value = {
            value: tuple(sorted([*some, *without], key=lambda rule: position[id(rule)]))
            for value, some in wanted.items()
        }
        return cls(rules, key, by_value, tuple(without))

    def for_request(self, request: RequestView) -> tuple[Rule, ...]:
        if self.key is None:
            return self.everything
        found, value = request.lookup_text(self.key)
        return self.by_value.get(value, self.without_value) if found else self.without_value


class ScenarioEngine:
    """File rules plus rules added at run time (tried first), with hit counts."""

    def __init__(
        self,
        file_rules: list[Rule],
        *,
        validator: Draft202012Validator,
        operations: Iterable[str],
        seed: int,
    ) -> None:
        self._file_rules = file_rules
        self._runtime_rules: list[Rule] = []
        self._validator = validator
        self._operations = list(operations)
        self._random = random.Random(seed)  # delays drawn from the seeded source
        # The rules that can act, per (stage, operation), in order. Every change to the rule
        # lists must call _changed() so this is rebuilt.
        self._candidates: dict[tuple[str, str], _Candidates] = {}
        # Why the last reload of the files failed (the rules before it stay), or None.
        self.reload_error: str | None = None

    @property
    def rules(self) -> list[Rule]:
        return [*self._runtime_rules, *self._file_rules]

    def _changed(self) -> None:
        self._candidates.clear()

    def _candidates_for(self, stage: str, request: RequestView) -> tuple[Rule, ...]:
        key = (stage, request.operation)
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = _Candidates.of(
                tuple(
                    rule
                    for rule in self.rules
                    if rule.stage == stage and rule.operation in (ANY_OPERATION, key[1])
                )
            )
        return found.for_request(request)

    def find(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def select(self, stage: str, request: RequestView, forced: str | None = None) -> Rule | None:
        """The rule that acts on this request at this stage, counted as a hit."""
        if forced is not None:
            rule = self.find(forced)
            chosen = rule if rule is not None and rule.stage == stage else None
        else:
            chosen = next(
                (
                    rule
                    for rule in self._candidates_for(stage, request)
                    if not rule.exhausted and rule.matches(request)
                ),
                None,
            )
        if chosen is not None:
            chosen.hits += 1
        return chosen

    def select_all(self, stage: str, request: RequestView, forced: str | None = None) -> list[Rule]:
        """The rules that act on this request at this stage, each counted as a hit: every
        matching rule that only slows the answer, up to and with the first that answers."""
        if forced is not None:
            chosen = self.select(stage, request, forced)
            return [] if chosen is None else [chosen]
        acting = []
        for rule in self._candidates_for(stage, request):
            if not rule.exhausted and rule.matches(request):
                rule.hits += 1
                acting.append(rule)
                if not rule.passes_through:
                    break
        return acting

    def replace_file_rules(self, rules: list[Rule]) -> None:
        """The files' rules after a reload; a rule that kept its id keeps its hit count."""
        _refuse_duplicates([*self._runtime_rules, *rules])
        hits = {rule.id: rule.hits for rule in self._file_rules}
        for rule in rules:
            rule.hits = hits.get(rule.id, 0)
        self._file_rules = rules
        self._changed()
        self.reload_error = None

    def add_runtime(self, document: Any) -> list[Rule]:
        added = parse_rules(document, "runtime", self._validator, self._operations)
        _refuse_duplicates([*self._runtime_rules, *added, *self._file_rules])
        self._runtime_rules.extend(added)
        self._changed()
        return added

    def clear_runtime(self) -> int:
        removed = len(self._runtime_rules)
        self._runtime_rules.clear()
        self._changed()
        return removed

    def reset_hits(self) -> None:
        for rule in self.rules:
            rule.hits = 0

    def delay_seconds(self, rule: Rule) -> float:
        spec = rule.delay
        if spec is None:
            return 0.0
        if isinstance(spec, dict) and "min" in spec:
            millis = self._random.uniform(spec["min"], spec["max"])
        elif isinstance(spec, dict):
            # WireMock's lognormal: median and sigma of the underlying normal.
            millis = self._random.lognormvariate(math.log(spec["median"]), spec["sigma"])
        else:
            millis = float(spec)
        return max(millis, 0.0) / 1000.0

    def random_bytes(self, count: int) -> bytes:
        return self._random.randbytes(count)
