"""The loaders of book/: book.toml and editorial.toml, with one TOML loader that keeps line numbers."""
