"""DPJP (doctor) names for codes the world meets in SEPs and control letters.

One function, `dpjp_name`: a code on the world's DPJP roster (referensi/dokter) has that
doctor's name; any other code (lenient mode accepts a hospital's own codes) gets a stable
invented one, the same code and seed giving the same doctor everywhere.
"""

from __future__ import annotations

import functools
import random

from mockvclaim.bpjs import names, numbers
from mockvclaim.bpjs.vclaim import referensi

# Specialist titles as they follow the name on real SEPs ("dr.ROBERT ..., Sp.B").
_SPESIALIS = (
    "Sp.PD", "Sp.B", "Sp.A", "Sp.OG", "Sp.JP", "Sp.S", "Sp.M", "Sp.THT-KL", "Sp.KK",
    "Sp.P", "Sp.U", "Sp.OT", "Sp.An", "Sp.Rad", "Sp.KJ", "Sp.BS", "Sp.PD-KGH",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def dpjp_name(kode: str, seed: int) -> str:
    """The name of the doctor behind a DPJP code."""
    known = referensi.dokter_by_code(kode, seed)
    if known is not None:
        return known.nama
    derived = numbers.derive("dokter", seed, kode.strip())
    rng = random.Random(derived)
    names_rng = random.Random(derived)  # Faker's stream for the seed (bpjs/names.py)
    name = f"{names.first_name(names_rng)} {names.last_name(names_rng)}"
    return f"dr. {' '.join(name.split())}, {rng.choice(_SPESIALIS)}"
