"""zinepress preview: an edition as a web page that follows the editor's changes."""

from __future__ import annotations

import argparse

from zinepress.editor.preview import serve


def run(args: argparse.Namespace) -> int:
    serve(args.book, args.edition, args.port, lambda line: print(line, flush=True))
    return 0
