"""Reading a submission from a path: only regular files, never more than the limit.

Contract of `read_regular_file`: returns the file's bytes, or raises a `ReadError` naming what was
wrong and what to do — `not-a-regular-file` for a folder, FIFO, socket or device (nothing is read
from it, so `/dev/zero` or a FIFO neither grows memory nor hangs), `too-large` when the file has
more bytes than `limit` (the limit is checked while reading, so a file that grows during the read
is cut off too), `cannot-open` when it does not exist or may not be read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from invoicing.formats.errors import ReadError, TooLarge
from invoicing.formats.limits import MAX_SUBMISSION_BYTES

_CHUNK = 1024 * 1024


class NotARegularFile(ReadError):
    """The path names a folder, FIFO, socket or device, not a file with an invoice in it."""

    code = "not-a-regular-file"


class CannotOpen(ReadError):
    """The path does not exist or may not be read."""

    code = "cannot-open"


def read_regular_file(path: str | os.PathLike, limit: int = MAX_SUBMISSION_BYTES) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them (see the module docstring)."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not wait; regular files ignore the flag.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise CannotOpen(f"The file {path} cannot be opened: {error.strerror or error}.",
                         "Check the path and the permissions.") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "not a regular file")
        raise NotARegularFile(f"{path} is {kind}, not a file.", "Name the invoice file itself.")
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        chunks, size = [], 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"The file {path} has more than {limit:,} bytes; the limit is {limit:,} bytes.",
                               "Please send the invoice without oversized attachments, or split the delivery.")
            chunks.append(chunk)
    return b"".join(chunks)
