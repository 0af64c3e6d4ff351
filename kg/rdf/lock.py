"""Who may open a store: one ``kg`` writer at a time, and no reader while it writes.

RocksDB (under pyoxigraph) already refuses a second read-write opening, but a read-only opening
while another process writes is undefined behaviour in pyoxigraph 0.5. So a writer (``kg build``,
``kg import``) also holds an exclusive ``flock`` on ``STORE/kg-writer.lock`` (with its pid in it),
and readers check that lock before opening: a query during a build gets a clear "being written"
message instead of a possibly inconsistent answer. ``flock`` locks vanish with the process, so a
killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError

LOCK_NAME = "kg-writer.lock"


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


@contextmanager
def writer_lock(store: Path) -> Iterator[None]:
    """Hold the store's writer lock for the block; a clear error if another kg process has it."""
    store.mkdir(parents=True, exist_ok=True)
    fd = os.open(store / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"{store}: the store is in use by another kg process{_holder(fd)}; "
                "wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def check_no_writer(store: Path) -> None:
    """Raise if a kg process is writing the store now (reading it then is undefined)."""
    try:
        fd = os.open(store / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return  # never written by this version of kg, or not a directory: the open will tell
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"{store}: the store is being written by another kg process{_holder(fd)}; "
                "query it when that build has finished"
            ) from None
    finally:
        os.close(fd)
