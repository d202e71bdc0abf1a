"""The job graph (build/scheduler.py): order, priorities, failures, milestones."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import Future
from dataclasses import replace

import pytest

from conftest import ROOT
from zinepress.bookfiles.config import load_book
from zinepress.errors import SourceError
from zinepress.build.scheduler import Job, make_pool, publish, run_graph


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _add(a: int, b: int) -> int:
    return a + b


def _fail() -> None:
    raise SourceError("a source went missing", path="seeds/x.txt", line=3, hint="put it back")


@pytest.fixture(scope="module")
def pool():
    executor = make_pool(2)
    yield executor
    executor.shutdown()


def test_jobs_get_their_dependencies_results_and_run_side_by_side(pool):
    order: list[str] = []
    jobs = [
        Job("a", run=_pid_after, args=lambda r: (0.5,), on_done=lambda r: order.append("a")),
        Job("b", run=_pid_after, args=lambda r: (0.5,), on_done=lambda r: order.append("b")),
        Job("sum", ("a", "b"), run=_add, args=lambda r: (r["a"], r["b"]),
            on_done=lambda r: order.append("sum")),
    ]
    started = time.monotonic()
    results = run_graph(jobs, pool, 2)
    assert time.monotonic() - started < 0.95          # a and b ran at the same time
    assert results["a"] != results["b"]                # in two worker processes
    assert results["sum"] == results["a"] + results["b"]
    assert order[-1] == "sum"


def test_external_work_runs_beside_the_pool(pool):
    outside: Future = Future()
    outside.set_result("checked")
    jobs = [Job("made", run=_add, args=lambda r: (1, 2)),
            Job("check", ("made",), external=lambda r: outside)]
    assert run_graph(jobs, pool, 2) == {"made": 3, "check": "checked"}


def test_a_failing_job_stops_the_graph_with_its_error_whole(pool):
    ran: list[str] = []
    jobs = [Job("bad", run=_fail), Job("after", ("bad",), run=_add, args=lambda r: (1, 1),
                                       on_start=lambda: ran.append("after"))]
    with pytest.raises(SourceError) as failure:
        run_graph(jobs, pool, 2)
    # the error came back from the worker process with its place and hint
    assert (failure.value.path, failure.value.line, failure.value.hint) == ("seeds/x.txt", 3, "put it back")
    assert ran == []


def test_unknown_dependencies_and_cycles_are_bugs_said_plainly():
    pool = make_pool(1)
    with pytest.raises(ValueError, match="unknown"):
        run_graph([Job("a", ("nowhere",), run=_add, args=lambda r: (1, 1))], pool, 1)
    with pytest.raises(ValueError, match="wait on each other"):
        run_graph([Job("a", ("b",), run=_add), Job("b", ("a",), run=_add)], pool, 1)


def test_one_worker_runs_in_this_process_by_priority():
    order: list[str] = []
    jobs = [Job(name, run=os.getpid, priority=priority, on_start=lambda n=name: order.append(n))
            for name, priority in (("late", 2), ("first", 0), ("middle", 1))]
    results = run_graph(jobs, make_pool(1), 1)
    assert set(results.values()) == {os.getpid()}
    assert order == ["first", "middle", "late"]


def _lay_out_then_write(name: str) -> str:
    publish(f"{name}:layout", f"marks of {name}")
    time.sleep(0.3)                     # writing the file, while others use the layout
    return f"{name} written"


def _use(marks: str) -> str:
    return f"used {marks}"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_milestone_starts_the_jobs_that_need_it_before_its_job_ends(workers):
    order = []
    jobs = [Job("pdf", run=_lay_out_then_write, args=lambda r: ("pdf",), milestones=("pdf:layout",),
                on_done=lambda _: order.append("pdf")),
            Job("epub", ("pdf:layout",), run=_use, args=lambda r: (r["pdf:layout"],),
                on_done=lambda _: order.append("epub"))]
    results = run_graph(jobs, make_pool(workers, in_process=workers == 1), workers)
    assert results["epub"] == "used marks of pdf"
    assert results["pdf"] == "pdf written"
    if workers == 2:
        assert order == ["epub", "pdf"]     # the EPUB did not wait for the PDF to be written


def _forget_to_publish() -> str:
    return "done"


def test_a_job_that_ends_without_its_milestone_stops_the_graph(monkeypatch):
    import zinepress.build.scheduler as scheduler
    monkeypatch.setattr(scheduler, "MILESTONE_GRACE_SECONDS", 0.2)
    jobs = [Job("pdf", run=_forget_to_publish, milestones=("pdf:layout",)),
            Job("epub", ("pdf:layout",), run=_use, args=lambda r: (r["pdf:layout"],))]
    with pytest.raises(RuntimeError, match="without publishing pdf:layout"):
        run_graph(jobs, make_pool(1), 1)


# --- build/workers.py: only the workers the graph can use load WeasyPrint ---------------


def _load_counted(record: str) -> None:
    with open(record, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")


def _worker_pid() -> int:
    time.sleep(0.3)                 # long enough for a second worker to take the second job
    return os.getpid()


@pytest.mark.parametrize("jobs_in_graph, loaded", [(1, 1), (2, 2)])
def test_only_the_workers_a_graph_can_use_load(tmp_path, monkeypatch, jobs_in_graph, loaded):
    """A build of one output (the A5 PDF alone) leaves the second worker unloaded, so it
    does not take the core the one job lays out on; a graph of two loads both."""
    from zinepress.build import jobs as job_functions
    from zinepress.build.workers import Workers
    record = tmp_path / "loads"
    monkeypatch.setattr(job_functions, "preload", lambda: _load_counted(str(record)))   # what the workers fork with
    workers = Workers(2)
    try:
        workers.run([Job(f"job{i}", run=_worker_pid) for i in range(jobs_in_graph)])
    finally:
        workers.close()
    assert len(record.read_text(encoding="utf-8").split()) == loaded
