"""The recorder's output: one scenario file per operation, `<operation id>.yaml`, rewritten
whole after every recorded exchange so stopping the recorder at any moment loses nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from mockvclaim.protocol.scenarios import SCENARIO_SUFFIXES
from mockvclaim.record.recording import Recording
from mockvclaim.record.redaction import Redactor

_BASE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BASE_DUMPER):  # type: ignore[misc, valid-type]
    """Numbers written as text stay quoted: a card number `0001105689835` reads as a number
    in YAML 1.2 tools and editors, though PyYAML would keep it text."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    quoted = value.isdigit() or (value[:1] in "+-" and value[1:].isdigit())
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if quoted else None)


_Dumper.add_representer(str, _text)
DESCRIPTION = (
    "Recorded by `mockvclaim record`: the answers as the client decrypted them, matched on the "
    "request's path parameters and identifying body members. Edit freely; replay with "
    "`mockvclaim serve --scenarios FOLDER`."
)


class FolderNotEmpty(ValueError):
    """The output folder already holds scenario files: the recorder would mix sessions."""


def prepare(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(p.name for p in folder.iterdir() if p.suffix in SCENARIO_SUFFIXES)
    if existing:
        raise FolderNotEmpty(
            f"{folder} already holds scenario files ({', '.join(existing[:3])}...); "
            "record into an empty folder"
        )


def document(recording: Recording, op_id: str, redactor: Redactor | None) -> dict[str, Any]:
    rules = recording.rules(op_id)
    return {
        "name": f"recorded {op_id}",
        "description": DESCRIPTION,
        "rules": rules if redactor is None else redactor.redact(rules),
    }


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ScenarioFolder:
    def __init__(self, folder: Path, recording: Recording, redactor: Redactor | None) -> None:
        self.folder = folder
        self._recording = recording
        self._redactor = redactor

    def path_of(self, op_id: str) -> Path:
        return self.folder / f"{op_id}.yaml"

    def write(self, op_id: str) -> None:
        """Write the operation's file; with redaction, every file once someone new is met,
        so a person named earlier is renamed in the files already written too."""
        changed = [op_id]
        if self._redactor is not None:
            every = self._recording.operations()
            met = self._redactor.learn([self._recording.rules(op) for op in every])
            changed = every if met else changed
        for name in changed:
            text = yaml.dump(
                document(self._recording, name, self._redactor),
                Dumper=_Dumper,
                sort_keys=False,
                allow_unicode=True,
                width=100,
            )
            _write_atomically(self.path_of(name), text)
