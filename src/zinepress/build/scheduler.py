"""Run a graph of jobs: each starts when the jobs it needs are done, in a pool of processes.

A job is a top-level function and its arguments (made from the results of
the jobs it needs, once they are known), run in one of N worker processes;
or work done elsewhere that hands back a Future (EPUBCheck's JVM). Ready
jobs start in order of priority (lower first), at most N at a time in the
pool. The first job that fails stops the graph: nothing new starts, the
running ones are cancelled or left to end, and its exception is raised.

A job may hand over a result before it ends, a *milestone* (the A5 PDF's page
layout, which the EPUBs need, while the PDF is still being written): it calls
publish(name, value) in its worker, and the jobs that name the milestone among
their deps start then, with the value in their results. The graph knows every
dependency; nothing waits inside a worker.

With one worker the pool jobs run in this process, one after another (the
quickest for small books, and the easiest to debug).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from typing import Any

Results = dict[str, Any]
# How long a job's milestone may come after the job itself (they travel by different pipes).
MILESTONE_GRACE_SECONDS = 30
# In a worker process (and in this one, for the pool of one): where publish() puts milestones.
_milestones = None


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
    milestones: tuple[str, ...] = ()     # what it publishes before it ends (publish)
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
    no other process, the jobs run here. The pool carries the queue its jobs publish
    milestones through (`pool.milestones`)."""
    global _milestones
    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()
    if workers <= 1 if in_process is None else in_process:
        pool: Executor = _InlineExecutor()
        _milestones = queue
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                   initargs=(queue, warm_up))
    pool.milestones = queue  # type: ignore[attr-defined]
    return pool


def _start_worker(queue, warm_up: Callable[[], None] | None) -> None:
    global _milestones
    _milestones = queue
    if warm_up is not None:
        warm_up()


def publish(name: str, value: Any) -> None:
    """From inside a running job: hand over one of its milestones (Job.milestones)."""
    if _milestones is None:
        raise RuntimeError(f"milestone {name} published outside a pool's job")
    _milestones.put((name, value))


class _MilestoneReader:
    """A thread that turns the milestones published by the workers into Futures."""

    def __init__(self, queue, names: list[str]) -> None:
        self.queue = queue
        self.futures: dict[str, Future] = {name: Future() for name in names}
        self.thread = threading.Thread(target=self._read, daemon=True, name="milestones")
        if names:
            self.thread.start()

    def _read(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            name, value = item
            future = self.futures.get(name)
            if future is not None and not future.done():
                future.set_result(value)

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join(timeout=5)


def run_graph(jobs: list[Job], pool: Executor, workers: int) -> Results:
    """Run every job once its deps are done; return name -> result."""
    by_name = {job.name: job for job in jobs}
    published = [m for job in jobs for m in job.milestones]
    for job in jobs:
        missing = [d for d in job.deps if d not in by_name and d not in published]
        if missing:
            raise ValueError(f"job {job.name} needs unknown jobs {missing}")
    milestones = _MilestoneReader(getattr(pool, "milestones", None), published)
    results: Results = {}
    waiting = list(jobs)
    running: dict[Future, Job] = {}
    for name, future in milestones.futures.items():
        running[future] = Job(name)             # a milestone: done when it is published
    in_pool = 0
    try:
        while waiting or any(job.run or job.external for job in running.values()):
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
            if not any(job.run or job.external for job in running.values()):
                raise ValueError(f"jobs wait on each other: {[j.name for j in waiting]}")
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                if job.run is None and job.external is None:       # a milestone came
                    results[job.name] = future.result()
                    continue
                if job.external is None:
                    in_pool -= 1
                result = future.result()          # a failed job raises here and stops the graph
                results[job.name] = result
                for name in job.milestones:
                    _expect(milestones.futures[name], name, job)
                if job.on_done:
                    job.on_done(result)
    except BaseException:
        for future in running:
            future.cancel()
        raise
    finally:
        milestones.close()
    return results


def _expect(milestone: Future, name: str, job: Job) -> None:
    """A job ended: its milestones were published before it returned (they may still
    be on their way)."""
    try:
        milestone.result(timeout=MILESTONE_GRACE_SECONDS)
    except TimeoutError:
        raise RuntimeError(f"job {job.name} ended without publishing {name}") from None
