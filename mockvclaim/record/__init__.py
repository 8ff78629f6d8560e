"""`mockvclaim record`: a proxy between a SIMRS and a VClaim server that writes what it sees
as scenario files the mock replays (docs/interface.md §5.2)."""
