"""`dipx extract` starts without the cyclic collector and collects again from the first article on."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from dipx import startup
from dipx.pipeline import extract

SEED = "seeds/000_48ad92835f6f67ab.txt"


def test_extract_collects_again_once_the_first_article_begins(tmp_path):
    code = ("import atexit, gc, runpy, sys; sys.argv = ['dipx', 'extract', '-q', '-f', 'jsonl', sys.argv[1]];"
            "atexit.register(lambda: sys.stderr.write(f'gc={gc.isenabled()} frozen={gc.get_freeze_count()}'));"
            "runpy.run_module('dipx', run_name='__main__')")
    run = subprocess.run([sys.executable, "-c", code, SEED], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DIPX_CACHE_DIR": str(tmp_path)})
    assert run.returncode == 0 and run.stdout, run.stderr
    state = run.stderr.strip().split()
    assert state[0] == "gc=True" and int(state[1].split("=")[1]) > 10_000, state


def test_a_library_caller_keeps_its_collector_as_it_was():
    frozen = gc.get_freeze_count()
    extract(SEED)
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        extract(SEED)
        assert not gc.isenabled()  # dipx did not pause it, so it does not resume it
    finally:
        gc.enable()


def test_resume_undoes_only_its_own_pause():
    startup.pause_gc()
    assert not gc.isenabled()
    startup.resume_gc()
    startup.resume_gc()
    assert gc.isenabled()
    gc.unfreeze()


def test_an_extract_that_stops_before_any_article_collects_again():
    from dipx import __main__ as entry

    for argv in (["extract", "-q", "no-such-file.txt"], ["extract", "-f", "xml", SEED]):
        sys_argv = sys.argv
        sys.argv = ["dipx", *argv]
        try:
            entry.main()
        except SystemExit as stop:
            assert stop.code in (2, 4), argv
        finally:
            sys.argv = sys_argv
        assert gc.isenabled(), argv
    gc.unfreeze()
