"""The editor's helpers: tools that explain the sources or write files of book/ for an
editor to review (they never decide for the build).

    variants_diff.py   OpenCC's word-level choices against book/variants.toml
"""
