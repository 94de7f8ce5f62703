"""``quantriet copycheck --index DIR``: also check the cohort against a persistent index, then add it there.

The platform checks each new submission against everything submitted before; this option gives the
command line the same memory between runs. The cohort is checked against the index *before* it is added,
so a document is never compared with itself, and a re-run over the same files reports nothing twice.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from quantriet.copycheck.cli.inputs import InputError

if TYPE_CHECKING:
    from quantriet.copycheck import CheckResult, Document, Options, Pair

__all__ = ["check_with_index"]


def check_with_index(
    result: CheckResult, by_role: Mapping[str, Sequence[Document]], directory: str, options: Options
) -> CheckResult:
    """``result`` plus the pairs between cohort documents and indexed documents not in this run.

    Raises:
        InputError: the index cannot be opened (corrupt, foreign, another version) or created.
    """
    from quantriet.copycheck import CopyIndex, IndexFileError

    try:
        index = (
            CopyIndex.open(directory) if os.path.exists(directory) else CopyIndex.create(directory, options)
        )
    except (IndexFileError, OSError) as error:
        raise InputError(f"Không dùng được chỉ mục {directory}: {error}") from error
    in_run = {info.id for info in result.documents}
    found: list[Pair] = []
    with index:
        for document in by_role.get("cohort", ()):
            found.extend(pair for pair in index.check(document.id, document.text) if pair.b not in in_run)
        for role in ("cohort", "reference"):
            for document in by_role.get(role, ()):
                index.add(document.id, document.text, role)
        for document in by_role.get("base", ()):
            index.add_base(document.text)
        index.flush()
    if not found:
        return result
    pairs = sorted((*result.pairs, *found), key=lambda pair: (-pair.similarity, pair.a, pair.b))
    return dataclasses.replace(result, pairs=tuple(pairs))
