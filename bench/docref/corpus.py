"""Reading documents from ../shared/corpora by id (the texts are never copied into the repository)."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
CORPUS_FILES = ("news-dev.jsonl.gz", "viwiki-dev.jsonl.gz")
LABELS = Path(__file__).resolve().parent / "labels.jsonl"
# Ids of documents read during development without being labelled (build_eval.py explore); never sampled.
SEEN = Path(__file__).resolve().parent / "seen.txt"


def iter_documents(corpora: Path, names: tuple[str, ...] = CORPUS_FILES) -> Iterator[tuple[str, str]]:
    """(id, text) of every document in the named corpus files."""
    for name in names:
        path = corpora / name
        if not path.exists():
            raise SystemExit(f"Không thấy kho văn bản {path} (corpus not found); dùng --corpora.")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield record["id"], record["text"]


def text_digest(text: str) -> str:
    """A short fingerprint, to notice when a corpus text differs from the one that was labelled."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_labels(path: Path = LABELS) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_seen(path: Path = SEEN) -> set[str]:
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def texts_for(ids: set[str], corpora: Path) -> dict[str, str]:
    """The texts of the given documents, read back from the corpora."""
    found: dict[str, str] = {}
    for doc_id, text in iter_documents(corpora):
        if doc_id in ids:
            found[doc_id] = text
    missing = ids - found.keys()
    if missing:
        raise SystemExit(f"Thiếu {len(missing)} văn bản trong kho (documents missing): {sorted(missing)[:5]}")
    return found
