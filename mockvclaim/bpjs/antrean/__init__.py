"""Antrean RS: the national outpatient queue the SIMRS reports to (docs/antrean-aplicares.md §3)."""
