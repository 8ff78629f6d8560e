"""The protocol core: signature, crypto, LZString, validation, scenarios, the world.

Nothing here imports aiohttp; tests/test_core_units.py holds it to that.
"""
