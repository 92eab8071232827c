"""Format adapters: bytes of UBL, CII and PDF/A-3 hybrids in, the EN 16931 model out, and back."""
