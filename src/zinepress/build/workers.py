"""The build's worker processes and its EPUBCheck JVM.

The command line forks the workers before it imports the rest of zinepress
(workers.py and scheduler.py import nothing heavy), so that each worker's
start (importing WeasyPrint and the writers) overlaps the build's own start:
its imports, hashing the inputs, reading and cleaning the sources. The
workers start at a lower priority, so that when the cache has everything and
they are stopped unused, they have not slowed the build down. Java starts as
soon as the plan says an EPUB needs checking. `--jobs 1` forks nothing: every
job runs in the build's own process, one after another.

Only the first worker loads WeasyPrint at once. The others wait until the
build's graph says there is work for them (`run`): a build that makes one
output (the A5 PDF alone) would otherwise have them loading WeasyPrint on the
other core while its one job lays out the book, slowing it down.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
from functools import partial
from pathlib import Path

from zinepress.build.scheduler import Job, machine_cores, make_pool, run_graph

# How much lower the workers' priority is than the build's own (nice(2)).
WORKER_NICENESS = 5


class Workers:
    """A pool of worker processes, forked at once, and the EPUBCheck service."""

    def __init__(self, jobs: int = 0) -> None:
        """jobs: how many workers (0: one per core; 1: none, the jobs run in this process)."""
        self.size = jobs or machine_cores()
        # The build's own temporary folder, inherited by the workers: what a worker stopped
        # mid-job leaves there (WeasyPrint's copies of the fonts, tens of MB a PDF) goes
        # with the folder when the build closes its workers, however it ends.
        self.scratch = Path(tempfile.mkdtemp(prefix="zinepress-build-"))
        self._tempdir, tempfile.tempdir = tempfile.tempdir, str(self.scratch)
        # The workers load WeasyPrint on the cores the build's own process leaves free,
        # a few at a time: the first is ready sooner than if all loaded at once.
        context = multiprocessing.get_context("fork")
        turns = context.Semaphore(max(1, machine_cores() - 1))
        # The first worker to start takes `first` and loads at once; the others wait on
        # `wanted`, released by run() for as many as the graph can use, or by close().
        self._first, self._wanted, self._closing = context.Lock(), context.Semaphore(0), context.Event()
        self._waiting = self.size - 1
        self.pool = make_pool(self.size, in_process=jobs == 1, warm_up=partial(
            _worker_start, turns, self._first, self._wanted, self._closing))
        if jobs != 1:
            # A pool of forked processes launches all of its workers at the first job.
            self.pool.submit(os.getpid)
        self.epubcheck = None
        self.used = False

    def start_checks(self) -> None:
        """Start EPUBCheck's JVM (checks.EpubCheckService), if not yet started."""
        if self.epubcheck is None:
            # deferred: workers.py is imported before the workers fork; what they load comes after
            from zinepress.checks.epubcheck import EpubCheckService
            self.epubcheck = EpubCheckService()

    def run(self, graph: list[Job]) -> None:
        """Run the graph; on a failure or Ctrl-C, stop every worker at once."""
        self.used = True
        self._let_start(sum(1 for job in graph if job.run is not None) - 1)
        try:
            run_graph(graph, self.pool, self.size)
        except BaseException:
            self.close(failed=True)
            raise

    def close(self, failed: bool = False) -> None:
        """Let the workers and the JVM end (at once when failed). Workers that never
        got a job are stopped at once. Closing twice does nothing."""
        pool, self.pool = self.pool, None
        if pool is not None:
            self._closing.set()                 # workers still waiting to load end without loading
            self._let_start(self._waiting)
            processes = list((getattr(pool, "_processes", None) or {}).values())
            if failed or not self.used:
                for process in processes:
                    process.terminate()
            pool.shutdown(wait=not failed, cancel_futures=True)
            for process in processes:
                process.join(timeout=5)
        epubcheck, self.epubcheck = self.epubcheck, None
        if epubcheck is not None:
            epubcheck.close(wait=not failed)
        scratch, self.scratch = self.scratch, None
        if scratch is not None:
            tempfile.tempdir = self._tempdir
            shutil.rmtree(scratch, ignore_errors=True)


    def _let_start(self, count: int) -> None:
        """Let up to count more of the waiting workers load (and take jobs)."""
        count = max(0, min(count, self._waiting))
        for _ in range(count):
            self._wanted.release()
        self._waiting -= count


def _worker_start(turns, first, wanted, closing) -> None:
    """A worker leaves Ctrl-C to the build's own process (which stops it), steps back
    in priority, waits until the build has work for it (all but the first), and loads
    what every job needs when its turn comes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    if not first.acquire(block=False):
        wanted.acquire()
        if closing.is_set():
            return
    # deferred: workers.py is imported before the workers fork; what they load comes after
    from zinepress.build import jobs
    with turns:
        jobs.preload()
    # What was just loaded (WeasyPrint's tables, the modules) lives as long as the worker:
    # kept out of the collector's passes, a layout that allocates millions of objects
    # runs some 5-10% faster (gc.freeze: the collector never traverses them again).
    gc.freeze()
