"""What the recorder keeps of one exchange, and the scenario rules it becomes.

A request that addresses a known operation and gets a VClaim envelope back becomes a rule
matched on what identifies it: every path parameter, and the body members that name a card,
a document or a date (`IDENTIFYING_BODY_KEYS`). Its answer is kept plain: decrypted with the
consumer's secret and the request's own `X-timestamp`. The same request answered differently
later becomes a sequence (`times`), so a replay follows the recorded flow.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mockvclaim.config import Consumer
from mockvclaim.protocol import crypto, operations
from mockvclaim.protocol.operations import Operation, ResponseMode

# Body members that say which card, document or day a write is about; others (the operator,
# free text, phone numbers) would only make a replay miss (docs/interface.md §5.2).
IDENTIFYING_BODY_KEYS = frozenset(
    {
        "noKartu",
        "nik",
        "noSep",
        "noSEP",
        "noRujukan",
        "noSurat",
        "noSuratKontrol",
        "noSPRI",
        "noSRB",
        "tglSep",
        "tglRujukan",
        "tglRencanaKontrol",
        "tglPulang",
        "tglMasuk",
        "jnsPelayanan",
        "jnsKontrol",
    }
)
RULE_PREFIX = "recorded"


class NotRecorded(Exception):
    """An exchange the recorder leaves out, with the reason (it is still forwarded)."""


@dataclass(frozen=True)
class Exchange:
    """One request as the SIMRS sent it and the answer as the upstream gave it."""

    method: str
    path: str
    headers: Mapping[str, str]  # case-insensitive lookups
    body: bytes
    status: int
    answer: bytes


def _identifying(body: Any, prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    if isinstance(body, dict):
        for key, value in body.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict | list):
                found.update(_identifying(value, f"{dotted}."))
            elif key in IDENTIFYING_BODY_KEYS and value not in (None, ""):
                found[dotted] = str(value)
    elif isinstance(body, list):
        for index, item in enumerate(body):
            found.update(_identifying(item, f"{prefix}{index}."))
    return found


def conditions(operation: Operation, params: Mapping[str, str], body: bytes) -> dict[str, str]:
    """The rule's `when`: path parameters by the catalogue's names, then identifying members."""
    when = {f"path.{name}": value for name, value in params.items()}
    if operation.has_body:
        try:
            parsed = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            parsed = None
        when.update(_identifying(parsed))
    return when


def _decrypted(response: str, operation: Operation, consumer: Consumer | None, ts: str) -> Any:
    if operation.response_mode is ResponseMode.PLAIN:
        return response
    if consumer is None:
        raise NotRecorded("no secret for this X-cons-id: give it by env or --consumers")
    try:
        text = crypto.decrypt_text(response, consumer.cons_id, consumer.secret, ts)
    except crypto.DecryptError as problem:
        raise NotRecorded(f"the answer does not decrypt with the secret given: {problem}") from None
    try:
        return json.loads(text)
    except ValueError:
        return text


def respond_of(exchange: Exchange, operation: Operation, consumer: Consumer | None) -> Any:
    """The rule's `respond` for this answer: a plain payload, or an envelope without one."""
    if exchange.status != 200:
        raise NotRecorded(f"HTTP {exchange.status}: a gateway answer, not a VClaim envelope")
    try:
        document = json.loads(exchange.answer)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotRecorded("the answer is not JSON") from None
    meta = document.get("metaData") if isinstance(document, dict) else None
    if not isinstance(meta, dict) or "code" not in meta:
        raise NotRecorded("the answer has no metaData")
    code, message = str(meta["code"]), str(meta.get("message") or "")
    response = document.get("response")
    if response is None:
        return {"code": code, "message": message}
    if isinstance(response, str):
        timestamp = exchange.headers.get("X-timestamp", "")
        response = _decrypted(response, operation, consumer, timestamp)
    respond: dict[str, Any] = {"payload": response}
    if code != "200":
        respond["code"] = code
    if message != operation.success.template:
        respond["message"] = message
    return respond


@dataclass
class _Answers:
    """One request's distinct answers in the order they came, each with how often in a row."""

    when: dict[str, str]
    sequence: list[tuple[Any, int]] = field(default_factory=list)

    def add(self, respond: Any) -> None:
        if self.sequence and self.sequence[-1][0] == respond:
            last, count = self.sequence[-1]
            self.sequence[-1] = (last, count + 1)
        else:
            self.sequence.append((respond, 1))


class Recording:
    """Every recorded exchange, by operation; `documents()` is what the files hold."""

    def __init__(self, consumers: Iterable[Consumer]) -> None:
        self._consumers = {consumer.cons_id: consumer for consumer in consumers}
        self._by_operation: dict[str, dict[tuple[tuple[str, str], ...], _Answers]] = {}

    def add(self, exchange: Exchange) -> str:
        """Record one exchange; the operation id, or NotRecorded saying why not."""
        resolved = operations.resolve(exchange.method, exchange.path)
        if resolved is None:
            raise NotRecorded("no operation the mock knows")
        operation, params = resolved
        consumer = self._consumers.get(exchange.headers.get("X-cons-id", ""))
        respond = respond_of(exchange, operation, consumer)
        when = conditions(operation, params, exchange.body)
        requests = self._by_operation.setdefault(operation.op_id, {})
        requests.setdefault(tuple(when.items()), _Answers(when)).add(respond)
        return operation.op_id

    def operations(self) -> list[str]:
        return list(self._by_operation)

    def rules(self, op_id: str) -> list[dict[str, Any]]:
        """The operation's rules: the most specific request first, sequences in order."""
        rules: list[dict[str, Any]] = []
        requests = sorted(self._by_operation[op_id].values(), key=lambda a: -len(a.when))
        for answers in requests:
            for step, (respond, count) in enumerate(answers.sequence):
                rule: dict[str, Any] = {
                    "id": f"{RULE_PREFIX}.{op_id}.{len(rules) + 1}",
                    "operation": op_id,
                }
                if answers.when:
                    rule["when"] = dict(answers.when)
                if step < len(answers.sequence) - 1:
                    rule["times"] = count  # then the next answer this request got
                rule["respond"] = respond
                rules.append(rule)
        return rules
