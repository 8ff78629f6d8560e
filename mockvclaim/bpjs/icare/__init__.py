"""i-Care: a link to a participant's care history (docs/antrean-aplicares.md §6)."""
