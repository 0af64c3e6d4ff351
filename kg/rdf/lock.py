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
    """Hold the store's writer lock for the block; a clear error if another kg process has it.
    The location is checked first, so a wrong ``--store`` leaves no file behind."""
    check_location(store, writing=True)
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"{store}: cannot create the store folder ({e.strerror})") from None
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


# files RocksDB (under pyoxigraph) writes into every store folder
STORE_MARKERS = ("CURRENT", "IDENTITY")


def is_store(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in STORE_MARKERS)


def check_location(path: Path, *, writing: bool) -> None:
    """Refuse, before anything is written, a ``--store`` that is a file, lies under a file, is
    a folder of other files, or cannot be written; and a store to read that is not one."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: this is a file, not a store folder; pass a folder to --store")
    if not path.exists():
        if not writing:
            raise StoreError(
                f"{path}: no store here; build one first with 'kg build ARTICLES --store {path}'"
            )
        parent = path.parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir():
            raise StoreError(f"{path}: {parent} is a file, so no store folder can be made there")
        if not os.access(parent, os.W_OK):
            raise StoreError(f"{path}: cannot create the store folder, {parent} is read-only")
        return
    if not is_store(path):
        others = sorted(e.name for e in path.iterdir() if e.name != LOCK_NAME)
        if others:
            raise StoreError(
                f"{path}: this folder holds other files ({others[0]}…) and is not a kg store; "
                "pass a new or empty folder to --store"
            )
        if not writing:
            raise StoreError(
                f"{path}: no store here; build one first with 'kg build ARTICLES --store {path}'"
            )
    if writing and not os.access(path, os.W_OK):
        raise StoreError(f"{path}: the store folder is read-only; kg cannot write to it")


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
