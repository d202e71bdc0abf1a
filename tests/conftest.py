"""Shared fixtures: the repository's paths, the real book, and a source reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from zinepress.changes import ChangeLog
from zinepress.bookfiles.config import load_book
from zinepress.model import Source
from zinepress.transforms import Rule, RuleContext

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = {
    "000": SEEDS / "000_b69d0bd8fb471367.txt",
    "001": SEEDS / "001_f0e4b6a2af196274.txt",
    "002": SEEDS / "002_bc65b14c19d20a6f.txt",
    "003": SEEDS / "003_4035574dc5f78640.txt",
    "004": SEEDS / "004_24c83fe0c7bbf0c1.txt",
}


@pytest.fixture(scope="session")
def book():
    """The real book's configuration."""
    return load_book(ROOT / "book")


@pytest.fixture(scope="session")
def release_dist(tmp_path_factory):
    """The real book built once for the session with every edition and format, checks
    included (`zinepress build`, with a cache of its own, empty): the dist folder."""
    from zinepress.cli import main
    out = tmp_path_factory.mktemp("release-dist")
    cache = tmp_path_factory.mktemp("release-cache")
    assert main(["build", "--book", str(ROOT / "book"), "--out", str(out), "--cache", str(cache)]) == 0
    return out


@pytest.fixture(scope="session")
def repeat_dist(release_dist, tmp_path_factory):
    """The real book built again, for reproducibility: a copy of the project in another,
    deeper folder, a second later on the clock, in another time zone and locale, with
    SOURCE_DATE_EPOCH set to the date release_dist was stamped with; no cache, no
    checks (they change no byte): the dist folder."""
    from zinepress.pipeline import modified_time
    stamp = datetime.strptime(modified_time(ROOT), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    project = tmp_path_factory.mktemp("repeat") / "b" / "deeper" / "project"
    for folder in ("book", "seeds", "templates", "styles"):
        shutil.copytree(ROOT / folder, project / folder)
    time.sleep(1.1)                     # another second on the clock
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(TZ="Asia/Taipei", LANG="zh_TW.UTF-8", LC_ALL="zh_TW.UTF-8",
               SOURCE_DATE_EPOCH=str(int(stamp.timestamp())))
    out = project / "dist"
    done = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", str(project / "book"),
                           "--out", str(out), "--no-check", "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=project, check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def zh_hans_model(book):
    """The zh-Hans edition as the pipeline makes it before writing:
    (edition config, raw sources, change log, assembled edition)."""
    from zinepress.transforms.assemble import assemble
    from zinepress.pipeline import clean_source, read_sources
    cfg = next(e for e in book.editions if e.name == "zh-Hans")
    raw = read_sources(book, list(cfg.sources))
    log = ChangeLog()
    cleaned = {i: clean_source(book, raw[i], log) for i in cfg.sources}
    return cfg, raw, log, assemble(book, cfg, cleaned)


def apply_rule(rule: Rule, source: Source, editorial=None, sources_dir=None) -> tuple[Source, ChangeLog]:
    """Run one rule on a source; return the result and what the rule logged."""
    log = ChangeLog()
    result = rule.apply(source, RuleContext(log, editorial or [], sources_dir))
    return result, log


# Fixtures that build the whole first book: a test that uses one (even through another
# fixture) is end-to-end, whether or not its module says so.
E2E_FIXTURES = frozenset({"release_dist", "repeat_dist",
                          "built",        # test_writers: the real editions written twice, EPUBCheck
                          })


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
