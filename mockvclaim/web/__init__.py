"""The HTTP layer: aiohttp wiring over mockvclaim.protocol and mockvclaim.bpjs."""
