"""Every citation in the code resolves to a heading of a page under docs/.

The Python sources are read as text (nothing is imported), so the check also covers
comments and docstrings. A citation is `docs/<page>.md §<section>`; further `§<section>`
marks shortly after it (`docs/vclaim-api.md §5.0, §5.3`) belong to the same page.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCANNED = ("mockvclaim", "tests", "bench")
THIS_FILE = Path(__file__).resolve()

SECTION = "§"
SECTION_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)*|[A-Z])(?![0-9A-Za-z])"
CITATION = re.compile(r"docs/([A-Za-z0-9_-]+\.md)\s+" + SECTION + "(" + SECTION_NUMBER + ")")
ANY_SECTION = re.compile(SECTION + "(" + SECTION_NUMBER + ")")
PAGE_MENTION = re.compile(r"docs/([A-Za-z0-9_-]+\.md)")
HEADING = re.compile(r"^#{1,6}\s+(\S+)", re.MULTILINE)
# How far after a page mention a bare `§x` may stand and still belong to it.
NEARBY = 160
# Spelled in pieces so this file does not match its own check.
RETIRED = ("reference " + SECTION, "INTERFACE" + ".md", "shared" + "/reference")


def python_files() -> list[Path]:
    found: list[Path] = []
    for folder in SCANNED:
        found.extend(p for p in sorted((ROOT / folder).rglob("*.py")) if p != THIS_FILE)
    return found


def where(path: Path, text: str, offset: int) -> str:
    return f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, offset) + 1}"


@cache
def headings(page: str) -> frozenset[str]:
    """The first word of each heading, trailing dot removed: `## 5.1 Peserta` gives 5.1."""
    path = DOCS / page
    if not path.is_file():
        return frozenset()
    text = path.read_text(encoding="utf-8")
    return frozenset(m.group(1).rstrip(".") for m in HEADING.finditer(text))


def section_marks(text: str) -> list[tuple[int, str | None, str]]:
    """(offset, page or None when no page stands close before it, section) for every `§x`."""
    marks: list[tuple[int, str | None, str]] = []
    mentions = [(m.end(), m.group(1)) for m in PAGE_MENTION.finditer(text)]
    for mark in ANY_SECTION.finditer(text):
        page: str | None = None
        before = [(end, name) for end, name in mentions if end <= mark.start()]
        if before and mark.start() - before[-1][0] <= NEARBY:
            page = before[-1][1]
        marks.append((mark.start(), page, mark.group(1)))
    return marks


def test_the_scan_finds_citations() -> None:
    texts = [p.read_text(encoding="utf-8") for p in python_files()]
    assert sum(len(CITATION.findall(t)) for t in texts) > 50


def test_every_citation_names_an_existing_heading() -> None:
    broken: list[str] = []
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        for offset, page, section in section_marks(text):
            place = where(path, text, offset)
            if page is None:
                broken.append(f"{place}: bare {SECTION}{section}, name its page (docs/....md)")
            elif not (DOCS / page).is_file():
                broken.append(f"{place}: docs/{page} does not exist")
            elif section not in headings(page):
                broken.append(f"{place}: docs/{page} has no heading {section}")
    assert not broken, "broken citations:\n" + "\n".join(broken)


def test_no_citation_of_files_outside_the_repository() -> None:
    found: list[str] = []
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        for needle in RETIRED:
            for m in re.finditer(re.escape(needle), text):
                found.append(f"{where(path, text, m.start())}: {needle!r}")
    assert not found, "cite docs/ instead:\n" + "\n".join(found)


def test_every_docs_page_is_listed_in_the_index() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    missing = [
        p.name for p in sorted(DOCS.glob("*.md")) if p.name != "README.md" and p.name not in index
    ]
    assert not missing, f"docs/README.md does not list: {', '.join(missing)}"


def test_the_docs_themselves_cite_only_existing_headings() -> None:
    broken: list[str] = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in CITATION.finditer(text):
            if m.group(2) not in headings(m.group(1)):
                broken.append(f"{where(path, text, m.start())}: {m.group(0)}")
    assert not broken, "broken citations:\n" + "\n".join(broken)
