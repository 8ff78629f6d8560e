"""One module per VClaim family, plus the control API."""
