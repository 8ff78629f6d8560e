"""The conformance report three ways: text a person reads (one line per step, then what
failed under it), JSON for machines, JUnit XML so CI shows each step as a test."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from mockvclaim.mobilejkn.checks import Verdict
from mockvclaim.mobilejkn.flow import Report, StepResult

_NAME_WIDTH = 24
_PATH_WIDTH = 27
_SUITE = "mobilejkn"


def _outcome(step: StepResult) -> str:
    """Expected against what came back, for the step's line."""
    if step.skipped is not None:
        return f"skipped: {step.skipped}"
    failures = step.failures
    if failures:
        first = failures[0]
        return f"{first.id}: expected {first.expected}, got {first.got}"
    exchange = step.exchange
    code = step.code
    message = ""
    if exchange is not None and isinstance(exchange.document, dict):
        metadata = exchange.document.get("metadata")
        if isinstance(metadata, dict):
            message = str(metadata.get("message", ""))
    shown = f"{code} {message}".strip() if code is not None else "answered"
    return f"got {shown}"


def _elapsed(step: StepResult) -> str:
    return "" if step.exchange is None else f"{step.exchange.elapsed_ms:.0f} ms"


def summary(report: Report) -> str:
    counts = {v: report.count(v) for v in (Verdict.PASS, Verdict.FAIL, Verdict.SKIP)}
    warnings = sum(len(s.warnings) for s in report.steps)
    verdict = "PASS" if report.ok else "FAIL"
    return (
        f"{verdict}: {len(report.steps)} steps, {counts[Verdict.PASS]} passed, "
        f"{counts[Verdict.FAIL]} failed, {counts[Verdict.SKIP]} skipped, {warnings} warning(s)"
    )


def text(report: Report) -> str:
    lines = [
        f"Mobile JKN against {report.target} "
        f"(budget {report.budget_ms:.0f} ms per call, {report.started:%Y-%m-%d %H:%M} WIB)"
    ]
    for step in report.steps:
        path = f"{step.endpoint.method} {step.path}"
        lines.append(
            f"{step.verdict.value:4}  {step.name:<{_NAME_WIDTH}} {path:<{_PATH_WIDTH}} "
            f"{_outcome(step)}  {_elapsed(step)}".rstrip()
        )
        for check in step.failures[1:]:
            lines.append(f"{'':6}{check.id}: expected {check.expected}, got {check.got}")
        for check in step.warnings:
            lines.append(f"{'':6}warning {check.id}: expected {check.expected}, got {check.got}")
    lines.append(summary(report))
    return "\n".join(lines)


def _step_json(step: StepResult) -> dict[str, Any]:
    exchange = step.exchange
    return {
        "name": step.name,
        "title": step.title,
        "service": step.endpoint.key,
        "catalog": step.endpoint.catalog,
        "method": step.endpoint.method,
        "path": step.path,
        "result": step.verdict.value,
        "skipped": step.skipped,
        "elapsed_ms": None if exchange is None else round(exchange.elapsed_ms, 1),
        "http_status": None if exchange is None else exchange.http_status,
        "code": step.code,
        "request": None if exchange is None else exchange.body,
        "answer": None
        if exchange is None
        else (exchange.document if exchange.document is not None else exchange.text),
        "error": None if exchange is None else exchange.error,
        "checks": [
            {"id": c.id, "result": c.verdict.value, "expected": c.expected, "got": c.got}
            for c in step.checks
        ],
    }


def as_json(report: Report) -> dict[str, Any]:
    return {
        "target": report.target,
        "budget_ms": report.budget_ms,
        "started": report.started.isoformat(),
        "ok": report.ok,
        "summary": {
            "steps": len(report.steps),
            "passed": report.count(Verdict.PASS),
            "failed": report.count(Verdict.FAIL),
            "skipped": report.count(Verdict.SKIP),
            "warnings": sum(len(s.warnings) for s in report.steps),
        },
        "steps": [_step_json(step) for step in report.steps],
    }


def json_text(report: Report) -> str:
    return json.dumps(as_json(report), indent=2, ensure_ascii=False)


def junit(report: Report) -> bytes:
    """JUnit XML: one test case per step, its failing checks as the failure."""
    suites = ET.Element("testsuites", name=_SUITE)
    total_s = sum(s.exchange.elapsed_ms for s in report.steps if s.exchange) / 1000
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=_SUITE,
        tests=str(len(report.steps)),
        failures=str(report.count(Verdict.FAIL)),
        errors="0",
        skipped=str(report.count(Verdict.SKIP)),
        time=f"{total_s:.3f}",
        timestamp=report.started.isoformat(),
    )
    ET.SubElement(
        ET.SubElement(suite, "properties"), "property", name="target", value=report.target
    )
    for step in report.steps:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{_SUITE}.{step.endpoint.key}",
            name=step.name,
            time=f"{(step.exchange.elapsed_ms if step.exchange else 0) / 1000:.3f}",
        )
        if step.skipped is not None:
            ET.SubElement(case, "skipped", message=step.skipped)
        elif step.failures:
            first = step.failures[0]
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{first.id}: expected {first.expected}, got {first.got}",
                type=first.id,
            )
            failure.text = "\n".join(
                f"{c.id}: expected {c.expected}, got {c.got}" for c in step.failures
            )
        out = [f"{c.verdict.value} {c.id}: expected {c.expected}, got {c.got}" for c in step.checks]
        if out:
            ET.SubElement(case, "system-out").text = "\n".join(out)
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document
