"""mockvclaim as Mobile JKN: it calls a hospital's own WS RS (the queue service BPJS's phone
app uses) and reports, step by step, where the answers differ from what Mobile JKN expects
(docs/mobilejkn.md).

This side is a client of the hospital: it builds its requests from the mock's world
(`mockvclaim.bpjs`) and never touches the mock's server (`mockvclaim.web`).
"""
