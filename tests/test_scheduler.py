"""The job graph (scheduler.py) and the keys of the build cache (fingerprint.py)."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import Future
from dataclasses import replace

import pytest

from conftest import ROOT
from zinepress.config import load_book
from zinepress.errors import SourceError
from zinepress.build.fingerprint import Fingerprints
from zinepress.build.scheduler import Job, make_pool, run_graph


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


# --- The cache keys -------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "book", tmp_path / "book")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


def _keys(project) -> dict[str, str]:
    config = load_book(project / "book")
    prints = Fingerprints(config, ROOT / "templates", ROOT / "styles", "2024-01-01T00:00:00Z")
    return {e.name: prints.output_key(e, "pdf") for e in config.editions}


def _changed(project, edit) -> set[str]:
    before = _keys(project)
    edit(project)
    after = _keys(project)
    return {name for name in before if before[name] != after[name]}


def _append(path, text):
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def test_a_source_changes_the_keys_of_the_editions_that_read_it(project):
    assert _changed(project, lambda p: _append(p / "seeds/000_b69d0bd8fb471367.txt", "\n补。\n")) \
        == {"zh-Hans", "zh-Hant"}
    assert _changed(project, lambda p: _append(p / "seeds/003_4035574dc5f78640.txt", "\n")) == {"en"}
    assert _changed(project, lambda p: _append(p / "seeds/004_24c83fe0c7bbf0c1.txt", "\n")) \
        == {"zh-Hans", "zh-Hant", "en"}


def test_book_files_change_the_keys_of_the_editions_they_apply_to(project):
    assert _changed(project, lambda p: _append(p / "book/order/003.toml", "\n# reviewed\n")) == {"en"}
    assert _changed(project, lambda p: _append(p / "book/glossary.toml", "\n# reviewed\n")) == {"zh-Hant"}
    assert _changed(project, lambda p: _append(p / "book/notes.toml", "\n# reviewed\n")) \
        == {"zh-Hans", "zh-Hant", "en"}


def test_the_date_templates_and_styles_change_every_key(project, tmp_path):
    config = load_book(project / "book")
    edition = config.editions[0]
    base = Fingerprints(config, ROOT / "templates", ROOT / "styles", "2024-01-01T00:00:00Z")
    styles = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", styles)
    _append(styles / "print.css", "\n/* a comment */\n")
    assert base.output_key(edition, "pdf") != replace(base, modified="2024-01-02T00:00:00Z").output_key(edition, "pdf")
    assert base.output_key(edition, "pdf") != Fingerprints(config, ROOT / "templates", styles,
                                                           base.modified).output_key(edition, "pdf")
    assert base.output_key(edition, "pdf") != base.output_key(edition, "epub")
