"""Every VClaim request takes one path: route, scenarios before auth, auth, body, schema,
scenarios, handler, envelope; and every request lands in the journal, whatever happened."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

from mockvclaim.bpjs.serving import Served
from mockvclaim.protocol import envelope, journal_budget, messages, operations, retired, validation
from mockvclaim.protocol.auth import authenticate, note_refusal
from mockvclaim.protocol.errors import GatewayError, VClaimError
from mockvclaim.protocol.journal import JournalEntry
from mockvclaim.protocol.payload_answers import Caller, PayloadAnswer, answer_document
from mockvclaim.protocol.scenarios import (
    AFTER_VALIDATION,
    BEFORE_AUTH,
    EnvelopeAnswer,
    RawAnswer,
    RequestView,
    Rule,
)
from mockvclaim.protocol.services import VCLAIM, Service
from mockvclaim.web import access_log, bodies
from mockvclaim.web.context import WIB, MockState, mock_state_key

log = logging.getLogger("mockvclaim")

FORCE_HEADER = "X-Mock-Scenario"
GARBAGE_BYTES = 512
DRIBBLE_CHUNKS = 10
_NO_BODY: validation.Decoded = (None, None)


@dataclass
class _Outcome:
    status: int
    body: bytes = b""
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    dribble_ms: float | None = None  # send the body in slow chunks over this long
    close: bool = False  # write the body raw (no HTTP), then close the connection


def make_handler(served: Mapping[str, Served]) -> Any:
    async def handle_vclaim(request: web.Request) -> web.StreamResponse:
        mock = request.app[mock_state_key]
        started = time.perf_counter()
        raw, unreadable = await bodies.receive(request, mock.settings)
        entry_bytes = mock.settings.journal_entry_bytes
        cost = journal_budget.body_cost(raw)
        shown = _journal_body(raw, cost, unreadable, entry_bytes)
        entry = JournalEntry(
            method=request.method,
            path=request.path,
            query=request.query,
            raw_headers=tuple(request.headers.items()),
            raw_body=raw[:entry_bytes] if shown is None else b"",
            received=time.time(),
        )
        if shown is None:
            cost += len(entry.raw_body)  # the bytes kept, and their parsed form on read
        else:
            entry.body = shown  # instead of parsing raw_body when it is read
            cost = len(shown)
        try:
            outcome = await _process(request, mock, served, raw, unreadable, entry)
            cost += len(outcome.body)
            return await _send(request, outcome)
        finally:
            entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
            mock.journal.record(entry, cost)
            access_log.record(entry)

    return handle_vclaim


def _journal_body(
    raw: bytes, cost: int, unreadable: VClaimError | None, entry_bytes: int
) -> str | None:
    """What the journal shows instead of the body parsed on read, when it must not parse
    it: a body that did not arrive, or one too costly (protocol/journal_budget.py)."""
    if unreadable is not None:
        return f"<body not kept: {unreadable.message}>"
    return journal_budget.costly_body_text(raw, cost, entry_bytes)


async def _process(
    request: web.Request,
    mock: MockState,
    served: Mapping[str, Served],
    raw: bytes,
    unreadable: VClaimError | None,
    entry: JournalEntry,
) -> _Outcome:
    resolved = operations.resolve(request.method, request.path)
    if resolved is None:
        # A VClaim 1.1 route gets the gateway's answer too, with a note for whoever reads
        # the journal (protocol/retired.py).
        old = retired.find(request.method, request.path)
        if old is not None:
            entry.extra["retired"] = old.hint
            log.warning("mockvclaim: %s", old.hint)
        return _gateway(entry, GatewayError(404, messages.GATEWAY_NO_MAPPING.template))
    operation, params = resolved
    entry.operation = operation.op_id
    forced = request.headers.get(FORCE_HEADER)
    lenient = not mock.settings.strict
    # A GET has no body to read: its refusal as a body would never be raised.
    decoded = (
        validation.decode_body(raw, lenient=lenient, notes=entry.extra)
        if raw or operation.has_body
        else _NO_BODY
    )
    if "body_encoding" in entry.extra and decoded[0] is not None:
        entry.body = decoded[0]  # the journal shows what was read, not replacement marks
    view = RequestView(
        operation=operation.op_id,
        headers=request.headers,
        path_params=params,
        query=request.query,
        cons_id=request.headers.get("X-cons-id"),
        body=decoded[0] if isinstance(decoded[0], dict) else None,
    )
    try:
        # A gateway outage is simulated before any credential is looked at.
        for rule in mock.scenarios.select_all(BEFORE_AUTH, view, forced):
            acted = await _act(mock, rule, entry, operation.service)
            if acted is not None:
                return acted
        entry.cons_id = request.headers.get("X-cons-id")  # as sent, even if refused
        consumer, timestamp = authenticate(
            request.headers,
            mock.settings.consumers,
            now=mock.clock(),
            skew=mock.settings.timestamp_skew,
            service=operation.service,
            strict=mock.settings.strict,
        )
        entry.cons_id = consumer.cons_id
        body = None
        if operation.has_body:
            if unreadable is not None:
                raise unreadable
            body = validation.require_object(decoded)
            if mock.schemas.has_request_schema(operation.op_id):
                body = mock.schemas.validate_request(operation.op_id, body, lenient=lenient)
        view = view.authenticated(consumer.cons_id, body)
        if forced is not None and mock.scenarios.find(forced) is None:
            raise VClaimError.of(messages.SCENARIO_UNKNOWN, rule=forced)
        dribble_ms = None
        for rule in mock.scenarios.select_all(AFTER_VALIDATION, view, forced):
            now = datetime.fromtimestamp(mock.clock(), tz=WIB)
            caller = Caller(operation, view, consumer.cons_id, consumer.secret, timestamp, now)
            acted = await _act(mock, rule, entry, operation.service, caller)
            if acted is not None:
                return acted
            dribble_ms = rule.dribble_ms if rule.fault == "dribble" else dribble_ms
        payload = served[operation.op_id](mock.world_for(consumer), params, body)
        document = envelope.success(
            operation,
            payload,
            cons_id=consumer.cons_id,
            secret=consumer.secret,
            timestamp=timestamp,
        )
        outcome = _envelope(entry, document, shown=payload)
        outcome.dribble_ms = dribble_ms
        return outcome
    except GatewayError as error:
        note_refusal(entry.extra, error)
        return _gateway(entry, error)
    except VClaimError as error:
        note_refusal(entry.extra, error)
        failed = envelope.failure(error.message, error.code, operation.service)
        return _envelope(entry, failed, shown=None)
    except Exception as error:  # a bug in the mock: say so in the envelope, log the trace
        log.exception("mockvclaim: %s %s failed", request.method, request.path)
        message = messages.INTERNAL_ERROR.format(kind=type(error).__name__)
        return _envelope(entry, envelope.failure(message, service=operation.service), shown=None)


async def _act(
    mock: MockState,
    rule: Rule,
    entry: JournalEntry,
    service: Service = VCLAIM,
    caller: Caller | None = None,
) -> _Outcome | None:
    """Apply a rule: delay, then its answer or fault. None: carry on normally."""
    if entry.rule is not None:  # an earlier rule only slowed this request down
        entry.extra.setdefault("slowed_by", []).append(entry.rule)
    entry.rule = rule.id
    delay = mock.scenarios.delay_seconds(rule)
    if delay:
        await mock.sleep(delay)
    if isinstance(rule.answer, PayloadAnswer) and caller is not None:
        document, shown = answer_document(rule.answer, caller)
        return _envelope(entry, document, shown=shown)
    if isinstance(rule.answer, EnvelopeAnswer):
        failed = envelope.failure(rule.answer.message, rule.answer.code, service)
        return _envelope(entry, failed, None)
    if isinstance(rule.answer, RawAnswer):
        entry.status = rule.answer.status
        entry.response = rule.answer.body  # what the caller got, as for the gateway's own
        return _Outcome(
            rule.answer.status,
            rule.answer.body.encode("utf-8"),
            rule.answer.content_type,
            dict(rule.answer.headers),
        )
    entry.fault = rule.fault
    if rule.fault == "empty":
        entry.status = 200
        return _Outcome(200)
    if rule.fault == "drop":
        return _Outcome(0, close=True)
    if rule.fault == "garbage":
        return _Outcome(0, mock.scenarios.random_bytes(GARBAGE_BYTES), close=True)
    return None  # no answer of its own, or dribble: the normal answer, slowly


def _envelope(entry: JournalEntry, document: dict[str, Any], shown: object) -> _Outcome:
    entry.status = 200
    entry.metaData = envelope.meta_of(document)
    entry.response = shown if shown is not None else document.get("response")
    return _Outcome(200, envelope.dumps(document), "application/json")


def _gateway(entry: JournalEntry, error: GatewayError) -> _Outcome:
    entry.status = error.status
    entry.response = error.body
    return _Outcome(error.status, error.body.encode("utf-8"), error.content_type)


async def _send(request: web.Request, outcome: _Outcome) -> web.StreamResponse:
    if outcome.close:
        transport = request.transport
        if transport is not None:
            transport.write(outcome.body)
            transport.close()
        # aiohttp finds the transport closed and sends nothing more.
        return web.Response()
    if outcome.dribble_ms is None:
        response = web.Response(status=outcome.status, body=outcome.body, headers=outcome.headers)
        if outcome.content_type:
            response.content_type = outcome.content_type
        return response
    stream = web.StreamResponse(status=outcome.status, headers=outcome.headers)
    stream.content_type = outcome.content_type
    stream.content_length = len(outcome.body)
    await stream.prepare(request)
    sleep = request.app[mock_state_key].sleep
    step = max(1, -(-len(outcome.body) // DRIBBLE_CHUNKS))
    pause = outcome.dribble_ms / 1000 / DRIBBLE_CHUNKS
    for start in range(0, len(outcome.body), step):
        await sleep(pause)
        await stream.write(outcome.body[start : start + step])
    await stream.write_eof()
    return stream
