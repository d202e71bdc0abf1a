"""zinepress build: every edition and format of the book into the output folder."""

from __future__ import annotations

import argparse

from zinepress.build.workers import Workers
from zinepress.errors import ZinepressError

# The build cache's folder, beside book/, unless --cache or --no-cache says otherwise.
DEFAULT_CACHE = ".zinepress-cache"


def run(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        raise ZinepressError(f"--jobs must be 0 (one per core) or more, not {args.jobs}")
    workers = Workers(args.jobs)        # first: their start overlaps the rest (build/workers.py)
    try:
        # Deferred until the workers are forked: the builder loads the readers, the
        # transforms and OpenCC, which the workers need not inherit half-loaded.
        from zinepress.bookfiles.config import load_book
        from zinepress.build.builder import build
        from zinepress.build.progress import BuildProgress
        from zinepress.pipeline import BuildOptions
        config = load_book(args.book)
        cache = None if args.no_cache else (args.cache or config.root / DEFAULT_CACHE)
        report = build(config, BuildOptions(out_dir=args.out, editions=args.edition, formats=args.format,
                                            check=not args.no_check, cache_dir=cache, jobs=args.jobs),
                       BuildProgress(verbose=args.verbose), workers)
    finally:
        workers.close()
    made = sum(1 for o in report.outputs if o.status == "built")
    outputs = "1 output" if len(report.outputs) == 1 else f"{len(report.outputs)} outputs"
    print(f"{outputs} in {args.out}/ ({made} made, {len(report.outputs) - made} "
          f"unchanged) in {report.seconds:.1f}s; report: {args.out}/report.html")
    return 0
