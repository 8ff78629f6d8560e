"""mockvclaim: a mock BPJS Kesehatan VClaim 2.0 server."""

__version__ = "0.1.0"
