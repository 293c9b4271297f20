"""Digital signatures: traders' X.509 signing certificates and signed declarations."""
