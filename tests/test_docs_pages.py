"""The README keeps the first hour; the rules, the operations and the client quirks live in
docs/, the operations page generated from the code and failing here when stale."""

from __future__ import annotations

import re
from pathlib import Path

from mockvclaim import operations_page
from mockvclaim.protocol.operations import OPERATIONS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs"
# The README's headings other pages and tools point at; renaming one breaks their links.
KEPT_HEADINGS = (
    "Two commands",
    "Your first SEP in two minutes",
    "Settings",
    "What it speaks",
    "Authentication",
    "Lenient by default, strict on request",
    "Test card numbers",
    "Scenario files",
    "Control API",
    "Docker",
    "pytest plugin",
    "Command-line tools",
    "Request inspector",
    "Troubleshooting",
    "Development",
)


def test_operations_page_is_generated_from_the_operation_table() -> None:
    assert (DOCS / "operations.md").read_text(encoding="utf-8") == operations_page.render(), (
        "docs/operations.md is stale: run python -m mockvclaim.operations_page"
    )
    assert operations_page.main(["--check", "--output", str(DOCS / "operations.md")]) == 0


def test_operations_page_check_fails_when_stale(tmp_path: Path) -> None:
    stale = tmp_path / "operations.md"
    stale.write_text(operations_page.render().replace("sep.insert", "sep.inserted", 1))

    assert operations_page.main(["--check", "--output", str(stale)]) == 1


def test_business_rules_name_only_operations_the_mock_serves() -> None:
    text = (DOCS / "business-rules.md").read_text(encoding="utf-8")
    table = text.split("## 1 ")[1].split("\n## ")[0]
    named = set(re.findall(r"`([a-z_]+\.[a-z0-9_]+)`", table))
    served = {operation.op_id for operation in OPERATIONS}

    assert named - served == set()
    assert served - named == set(), "docs/business-rules.md §1 lacks these operations"


def test_readme_links_the_moved_pages_and_keeps_its_headings() -> None:
    headings = re.findall(r"^#{2,3} (.+)$", README, flags=re.MULTILINE)

    for page in ("docs/operations.md", "docs/business-rules.md", "docs/client-quirks.md"):
        assert f"]({page})" in README
    for heading in KEPT_HEADINGS:
        assert heading in headings
    # The first hour only: no operation table and no rule lists in the README.
    assert "| `sep.insert` |" not in README
    assert "SEP insert rules applied in every mode" not in README
