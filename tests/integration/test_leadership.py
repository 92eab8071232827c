"""Exactly one dispatcher leads; when its process dies, another can take over."""

from __future__ import annotations

import subprocess
import sys
import time

from invoicing import config
from workers.leadership import FileLeadership, PostgresLeadership


def test_only_one_holder_of_the_file_lock_and_it_passes_on_when_released(tmp_path):
    first, second = FileLeadership(tmp_path / "lock"), FileLeadership(tmp_path / "lock")
    assert first.acquire() and first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_the_file_lock_of_a_killed_process_is_free_again(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from workers.leadership import FileLeadership; "
        f"lock = FileLeadership(Path({str(tmp_path / 'lock')!r})); assert lock.acquire(); "
        "print('held', flush=True); time.sleep(60)")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    contender = FileLeadership(tmp_path / "lock")
    assert not contender.acquire()
    holder.kill()
    holder.wait()
    assert contender.acquire()
    contender.release()


def test_only_one_holder_of_the_advisory_lock_and_a_dropped_connection_frees_it(postgres_env):
    settings = config.load(postgres_env)
    first, second = PostgresLeadership(settings), PostgresLeadership(settings)
    assert first.acquire() and first.still_held()
    assert not second.acquire()
    first._connection.close()  # what the server sees when the holder is killed
    deadline = time.monotonic() + 10
    while not second.acquire():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert not first.still_held()
    second.release()
