"""Signing briefgen PDFs (PAdES, with pyHanko) and verifying their signatures."""
