"""VClaim 2.0: one module per family of operations (SEP, Rujukan, Peserta, ...)."""
