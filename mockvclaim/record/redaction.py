"""`record --redact`: participants' names, NIKs and phone numbers replaced by the ones the
mock generates for the same card, so one person keeps one name across every file
(docs/interface.md §5.2). Card numbers stay: they are what the rules match on."""

from __future__ import annotations

import re
from typing import Any

from mockvclaim.bpjs.peserta import participant_for

# Members of an object that also holds `noKartu`: the card's holder's.
NAME_KEYS = ("nama", "namaPeserta", "nmPeserta")
NIK_KEYS = ("nik",)
PHONE_KEYS = ("noTelepon", "noTelp")


class Redactor:
    """Learns who is who from every payload it sees, then rewrites any text that names them."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._replacements: dict[str, str] = {}
        self._pattern: tuple[int, re.Pattern[str]] | None = None

    def learn(self, value: Any) -> bool:
        """Note the people in `value`; True when someone new was met."""
        before = len(self._replacements)
        self._learn(value)
        return len(self._replacements) != before

    def _learn(self, value: Any) -> None:
        if isinstance(value, dict):
            card = value.get("noKartu")
            if isinstance(card, str) and card.isdecimal():
                self._note_holder(value, card)
            for item in value.values():
                self._learn(item)
        elif isinstance(value, list):
            for item in value:
                self._learn(item)

    def _note_holder(self, holder: dict[str, Any], card: str) -> None:
        generated = participant_for(card, self._seed)
        mr = holder.get("mr")
        phones = [holder, mr] if isinstance(mr, dict) else [holder]
        pairs = [(holder.get(key), generated.nama) for key in NAME_KEYS]
        pairs += [(holder.get(key), generated.nik) for key in NIK_KEYS]
        pairs += [(where.get(key), generated.no_telepon) for where in phones for key in PHONE_KEYS]
        for original, replacement in pairs:
            if isinstance(original, str) and original.strip() and original != replacement:
                self._replacements.setdefault(original, replacement)

    def redact(self, value: Any) -> Any:
        """`value` with every known name, NIK and phone number replaced, wherever it appears."""
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, dict):
            return {key: self.redact(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.redact(item) for item in value]
        return value

    def _text(self, text: str) -> str:
        exact = self._replacements.get(text)
        if exact is not None:
            return exact
        if not self._replacements:
            return text
        if self._pattern is None or self._pattern[0] != len(self._replacements):
            # Longest first, so "SITI AMINAH" goes before a "SITI" of someone else; whole
            # words only, so a short name inside a diagnosis text stays as it is.
            names = sorted(self._replacements, key=len, reverse=True)
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = (len(names), re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"))
        return self._pattern[1].sub(lambda match: self._replacements[match.group()], text)
