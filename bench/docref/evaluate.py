"""Score quantriet.docref against the labelled evaluation set, for the dev and the held-aside test part.

    python bench/docref/evaluate.py [--corpora ../shared/corpora] [--split dev|test|test3|...] [--show]

A predicted citation counts as correct when a labelled citation has the same id and overlapping offsets.
id precision = correct / predicted citations with an id; id recall = found / labelled citations;
date accuracy = labelled citations found whose predicted date equals the labelled one (null = null), over
labelled citations found; "dated" restricts that to labelled citations that carry a date.
Partial citations (no symbol: "Chỉ thị 05", "Nghị định 155/2016", plenum and congress names) are scored
on rows labelled for them (the "partials" key: test3 to test6): a predicted citation without an id
that overlaps a labelled partial one finds it (one-to-one); partial recall = found / labelled, partial
precision = found / predicted partial citations in those rows.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_CORPORA, load_labels, text_digest, texts_for

from quantriet.docref import Citation, extract


def score(rows: list[dict[str, object]], texts: dict[str, str], show: bool) -> dict[str, float]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        doc = str(row["doc"])
        text = texts[doc]
        if text_digest(text) != row["digest"]:
            raise SystemExit(f"Văn bản {doc} đã khác bản được gán nhãn (text changed).")
        gold = list(row["citations"])  # type: ignore[call-overload]
        found = extract(text)
        predicted = [c for c in found if c.id is not None]
        if "partials" in row:
            _score_partials(doc, text, list(row["partials"]), found, counts, show)  # type: ignore[call-overload]
        used: set[int] = set()
        for p in predicted:
            match = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if i not in used and g["id"] == p.id and g["start"] < p.end and p.start < g["end"]
                ),
                None,
            )
            counts["predicted"] += 1
            if match is None:
                if show:
                    print(f"  FP {doc} @{p.start} {p.id!r} || {text[max(0, p.start - 40) : p.end + 20]!r}")
                continue
            used.add(match)
            counts["correct"] += 1
            g = gold[match]
            counts["date_ok"] += g["date"] == p.date
            if g["date"] is not None:
                counts["dated"] += 1
                counts["dated_ok"] += g["date"] == p.date
            elif show and p.date is not None:
                print(f"  DATE {doc} @{p.start} {p.id} gold=None got={p.date}")
            if show and g["date"] is not None and g["date"] != p.date:
                print(f"  DATE {doc} @{p.start} {p.id} gold={g['date']} got={p.date}")
        counts["gold"] += len(gold)
        for i, g in enumerate(gold):
            if i not in used and show:
                print(
                    f"  FN {doc} @{g['start']} {g['id']!r} || {text[max(0, g['start'] - 40) : g['end'] + 20]!r}"  # noqa: E501
                )
    return {
        "documents": len(rows),
        "labelled": counts["gold"],
        "predicted": counts["predicted"],
        "id_precision": counts["correct"] / max(1, counts["predicted"]),
        "id_recall": counts["correct"] / max(1, counts["gold"]),
        "date_accuracy": counts["date_ok"] / max(1, counts["correct"]),
        "date_accuracy_dated": counts["dated_ok"] / max(1, counts["dated"]),
        "dated": counts["dated"],
        "partial_rows": counts["partial_rows"],
        "partials": counts["partial_gold"],
        "partial_recall": counts["partial_found"] / max(1, counts["partial_gold"]),
        "partial_precision": counts["partial_found"] / max(1, counts["partial_predicted"]),
    }


def _score_partials(
    doc: str,
    text: str,
    gold: list[dict[str, object]],
    found: list[Citation],
    counts: dict[str, int],
    show: bool,
) -> None:
    predicted = [c for c in found if c.id is None]
    counts["partial_rows"] += 1
    counts["partial_gold"] += len(gold)
    counts["partial_predicted"] += len(predicted)
    used: set[int] = set()
    for p in predicted:
        match = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in used and int(g["start"]) < p.end and p.start < int(g["end"])  # type: ignore[call-overload]
            ),
            None,
        )
        if match is None:
            if show:
                print(f"  PFP {doc} @{p.start} {p.text!r} || {text[max(0, p.start - 40) : p.end + 20]!r}")
            continue
        used.add(match)
        counts["partial_found"] += 1
    for i, g in enumerate(gold):
        if i not in used and show:
            s, e = int(g["start"]), int(g["end"])  # type: ignore[call-overload]
            print(f"  PFN {doc} @{s} {text[s:e]!r} || {text[max(0, s - 40) : e + 20]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    splits = ["dev", "test", "test3", "test4", "test5", "test6"]
    parser.add_argument("--split", choices=splits, action="append")
    parser.add_argument("--show", action="store_true", help="print every error")
    args = parser.parse_args()
    labels = load_labels()
    texts = texts_for({str(r["doc"]) for r in labels}, args.corpora)
    for split in args.split or splits:
        rows = [r for r in labels if r["split"] == split]
        if not rows:
            continue
        result = score(rows, texts, args.show)
        print(
            f"{split:4s}  docs={result['documents']}  labelled={result['labelled']}  "
            f"predicted={result['predicted']}  id precision={result['id_precision']:.3f}  "
            f"id recall={result['id_recall']:.3f}  date accuracy={result['date_accuracy']:.3f}  "
            f"(on the {result['dated']} dated: {result['date_accuracy_dated']:.3f})"
        )
        if result["partial_rows"]:
            print(
                f"      partial citations: labelled={result['partials']}  "
                f"recall={result['partial_recall']:.3f}  precision={result['partial_precision']:.3f}"
            )


if __name__ == "__main__":
    main()
