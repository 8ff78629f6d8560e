"""The HTTP layer: aiohttp wiring and thin handlers over mockvclaim.core."""
