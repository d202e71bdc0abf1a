"""Every hook into WeasyPrint's internals; each checks at import that what it hooks still exists."""
