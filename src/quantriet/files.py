"""Writing a file so that nobody ever reads half of it: pure Python, shared by the CLIs and the index.

The content goes to a temporary file beside the target, is flushed to disk, and is renamed over the
target in one step; on any failure the temporary file is removed and the target stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["SHARED", "replacing"]

# The mode an ordinary new file gets (0666 less the umask), for output colleagues or a web server read.
# Without it the file keeps mkstemp's owner-only 0600, which is what private output wants.
SHARED = -1


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def replacing(
    path: str | os.PathLike[str], *, mode: int | None = None, prefix: str | None = None
) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` when the block ends without an error.

    Args:
        path: the file to write; its folder must exist.
        mode: permission bits for the new file; ``SHARED`` for an ordinary file's; None keeps 0600.
        prefix: of the temporary file's name (hidden, beside the target); ``.<name>.`` by default.
    """
    target = Path(path).absolute()
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=prefix or f".{target.name}.", suffix=".part")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, 0o666 & ~_umask() if mode == SHARED else mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
