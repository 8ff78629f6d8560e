"""DPJP (doctor) names for codes the world meets in SEPs and control letters.

One function, `dpjp_name`: a code on the world's DPJP roster (referensi/dokter) has that
doctor's name; any other code (lenient mode accepts a hospital's own codes) gets a stable
invented one, the same code and seed giving the same doctor everywhere.
"""

from __future__ import annotations

import functools
import random
import threading

from faker import Faker

from mockvclaim.bpjs import numbers
from mockvclaim.bpjs.vclaim import referensi

# Specialist titles as they follow the name on real SEPs ("dr.ROBERT ..., Sp.B").
_SPESIALIS = (
    "Sp.PD", "Sp.B", "Sp.A", "Sp.OG", "Sp.JP", "Sp.S", "Sp.M", "Sp.THT-KL", "Sp.KK",
    "Sp.P", "Sp.U", "Sp.OT", "Sp.An", "Sp.Rad", "Sp.KJ", "Sp.BS", "Sp.PD-KGH",
)  # fmt: skip

_FAKER = Faker("id_ID")
_FAKER_LOCK = threading.Lock()  # re-seeding and drawing must not interleave


@functools.lru_cache(maxsize=4096)
def dpjp_name(kode: str, seed: int) -> str:
    """The name of the doctor behind a DPJP code."""
    known = referensi.dokter_by_code(kode, seed)
    if known is not None:
        return known.nama
    derived = numbers.derive("dokter", seed, kode.strip())
    rng = random.Random(derived)
    with _FAKER_LOCK:
        _FAKER.seed_instance(derived)
        name = f"{_FAKER.first_name()} {_FAKER.last_name()}"
    return f"dr. {' '.join(name.split())}, {rng.choice(_SPESIALIS)}"
