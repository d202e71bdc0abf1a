"""The build machinery: plan the outputs, key them by what they read, take the unchanged
ones from the cache, make the rest in a pool of worker processes, and show progress.
What each step read is recorded by zinepress/deps.py, which the readers and the
loaders of book/ call as they read.

    builder.py      the release build: plan, cache lookups, the graph of jobs, putting in place
    jobs.py         the steps that run in worker processes (one output each)
    scheduler.py    a graph of jobs run over a process pool
    workers.py      the pool, forked first thing by the command line, and the EPUBCheck service
    fingerprint.py  the parts of a key that are not files: code, libraries, fonts, date
    cache.py        the cache folder: entries under their keys, traces to find them
    progress.py     what the terminal shows while the build runs
"""
