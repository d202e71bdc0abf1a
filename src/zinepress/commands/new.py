"""zinepress new: a new book folder."""

from __future__ import annotations

import argparse

from zinepress.editor.newbook import new_book


def run(args: argparse.Namespace) -> int:
    for path in new_book(args.folder, args.title, args.lang):
        print(f"wrote {path}")
    print(f"next: put your first source in {args.folder / 'seeds'}/ as {args.folder / 'book/book.toml'} "
          f"says, then run: cd {args.folder} && zinepress build")
    return 0
