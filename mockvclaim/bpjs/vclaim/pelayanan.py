"""jnsPelayanan: its two codes and the two ways endpoints spell their names."""

from __future__ import annotations

RAWAT_INAP = "1"
RAWAT_JALAN = "2"


def name(jns: str) -> str:
    """Rawat Inap / Rawat Jalan, as SEP cari, rujukan `pelayanan`, control letters, LPK."""
    return "Rawat Inap" if jns == RAWAT_INAP else "Rawat Jalan"


def short_name(jns: str) -> str:
    """R.Inap / R.Jalan, as the SEP insert answer and Monitoring/Kunjungan."""
    return "R.Inap" if jns == RAWAT_INAP else "R.Jalan"
