"""zinepress variants diff: OpenCC's word-level choices and the editors' review of them."""

from __future__ import annotations

import argparse

from zinepress.bookfiles.config import load_book
from zinepress.editor.variants_diff import variants_diff


def run(args: argparse.Namespace) -> int:
    for text in variants_diff(load_book(args.book), args.edition, toml=args.toml, every_sentence=args.all):
        print(text)
    return 0
