"""The fake BPJS: one world per consumer (its people, numbers, reference data and stored
documents) and the services' families of operations over it. Imports no aiohttp."""
