"""Aplicares: the hospital's free beds per room class (docs/antrean-aplicares.md §5)."""
