"""Run a graph of jobs: each starts when the jobs it needs are done, in a pool of processes.

A job is a top-level function and its arguments (made from the results of
the jobs it needs, once they are known), run in one of N worker processes;
or work done elsewhere that hands back a Future (EPUBCheck's JVM). Ready
jobs start in order of priority (lower first), at most N at a time in the
pool. The first job that fails stops the graph: nothing new starts, the
running ones are cancelled or left to end, and its exception is raised.

With one worker the pool jobs run in this process, one after another (the
quickest for small books, and the easiest to debug).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

Results = dict[str, Any]


@dataclass(slots=True)
class Job:
    """One step of the build.

    run(*args(results)) is called in a worker process; or, for work done outside
    the pool, external(results) returns a Future. on_start and on_done are called
    in this process (progress, records).
    """

    name: str
    deps: tuple[str, ...] = ()
    run: Callable[..., Any] | None = None
    args: Callable[[Results], tuple] = lambda results: ()
    external: Callable[[Results], Future] | None = None
    priority: int = 0
    on_start: Callable[[], None] | None = None
    on_done: Callable[[Any], None] | None = None
    future: Future | None = field(default=None, repr=False)


def machine_cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _InlineExecutor(Executor):
    """Runs each job at once in this process: the pool of one."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the graph like a worker's failure
            if isinstance(exc, KeyboardInterrupt):
                raise
            future.set_exception(exc)
        return future


def make_pool(workers: int, warm_up: Callable[[], None] | None = None,
              in_process: bool | None = None) -> Executor:
    """A pool of worker processes forked from this one, each running warm_up first (to
    load what every job needs once per process); in_process (default: one worker):
    no other process, the jobs run here."""
    if workers <= 1 if in_process is None else in_process:
        return _InlineExecutor()
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=warm_up)


def run_graph(jobs: list[Job], pool: Executor, workers: int) -> Results:
    """Run every job once its deps are done; return name -> result."""
    by_name = {job.name: job for job in jobs}
    for job in jobs:
        missing = [d for d in job.deps if d not in by_name]
        if missing:
            raise ValueError(f"job {job.name} needs unknown jobs {missing}")
    results: Results = {}
    waiting = list(jobs)
    running: dict[Future, Job] = {}
    in_pool = 0
    try:
        while waiting or running:
            ready = sorted((j for j in waiting if all(d in results for d in j.deps)),
                           key=lambda j: j.priority)
            for job in ready:
                if job.external is None and in_pool >= workers:
                    continue
                waiting.remove(job)
                if job.on_start:
                    job.on_start()
                if job.external is not None:
                    job.future = job.external(results)
                else:
                    job.future = pool.submit(job.run, *job.args(results))
                    in_pool += 1
                running[job.future] = job
            if not running:
                raise ValueError(f"jobs wait on each other: {[j.name for j in waiting]}")
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                if job.external is None:
                    in_pool -= 1
                result = future.result()          # a failed job raises here and stops the graph
                results[job.name] = result
                if job.on_done:
                    job.on_done(result)
    except BaseException:
        for future in running:
            future.cancel()
        raise
    return results
