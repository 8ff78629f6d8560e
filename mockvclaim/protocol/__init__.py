"""What every BPJS web service speaks, whatever it serves: signature, crypto, LZString,
envelopes, bodies and their validation, the operation table, scenarios and the journal.
Nothing here knows a participant or an SEP, and nothing here imports aiohttp."""
