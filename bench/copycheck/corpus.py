"""A Vietnamese text-alignment corpus in the PAN layout, built from the real text in ../shared/corpora.

    .venv/bin/python bench/copycheck/corpus.py --out bench/out/pan-tune --seed 1 --split tune
    .venv/bin/python bench/copycheck/corpus.py --out /tmp/pan-heldout --seed 2 --split heldout # validation
    .venv/bin/python bench/copycheck/corpus.py --out /tmp/pan-fresh --seed 3 --split fresh     # validation
    .venv/bin/python bench/copycheck/corpus.py --out /tmp/pan-fresh4 --seed 4 --split fresh    # validation
    .venv/bin/python bench/copycheck/corpus.py --out bench/out/pan-fresh5 --seed 5 --split fresh  # validation
    .venv/bin/python bench/copycheck/corpus.py --out bench/out/pan-fresh6 --seed 6 --split fresh  # validation
    .venv/bin/python bench/copycheck/corpus.py --out bench/out/pan-fresh7 --seed 7 --split fresh
    # seed 7: the fresh held-out part, measured once; seeds 5-7 drew their base cohorts under relaxed
    # rules (BASE_RULES, OWN_RULES, NEAR_EARLIER_RELAXED; manifest "draw")

Layout of ``--out`` (never committed: write it under bench/out/ or /tmp):

    susp/suspicious-documentNNNNN.txt   host documents, two thirds with passages of source text inserted
    src/source-documentNNNNN.txt        source documents
    pairs                               "susp src" per line: every pair with a case, and one random
                                        source for each copy-free suspicious document (PAN's negative pairs)
    truth/<susp>-<src>.xml              the cases of each listed pair (PAN XML; no feature when negative)
    base-cohort/base.txt                a base text: a report form's heading and a passage of a real
                                        party-themed article (the resolution studied)
    base-cohort/report-NNN.txt          independent learning reports quoting base.txt and using stock
                                        phrases of party writing; nothing copied among them
    manifest.json                       where every file came from and what was done to every case

How a case is made: a run of whole sentences (50-150 words short, 150-400 medium, 400-1000 long) is cut
from a source document, disguised (``OBFUSCATIONS``) and inserted at a sentence boundary of a host
document. Each suspicious document takes passages from 1-3 distinct sources; a source may serve several
suspicious documents, never with overlapping passages, so no two suspicious documents share text. Host,
source and report documents are real articles that share no 8-word run with each other (the news corpus
holds the same story from several outlets: those are left out), so any other pair a detector reports
is a false one.

The ``tune`` and ``heldout`` splits draw from disjoint halves of the corpora (by a hash of each
document's id); within a split everything is determined by ``--seed``. The ``heldout`` build of seed 2 was
looked at through three rounds of changes and is a validation set now; ``fresh`` draws from both halves
every document those builds did not draw (nor one sharing their text), to be measured once. Fresh seeds 3
and 4 became validation sets the same way; fresh seed 5 avoids all four builds before it (``USED_BUILDS``).
By then the corpora held no unused document with 10 party words and "nghị quyết" to serve as the base
document, and only 4 with 3 party words for the cohort's own reports, so seed 5's base document is an unused
article with 7 party words (no resolution named) and 36 of its own documents have 2 party words (5 of them
under 300 words): the manifest's "draw" lists each relaxed rule and what it took. No earlier build's base
document is reused. Builds of seeds 1-4 never reach a relaxed rule and are drawn exactly as before.
Seed 5 was measured once and is validation now. Fresh seed 6 avoids seeds 1-5; no unused party-themed
document shared fewer than 3 six-word runs with one of theirs (stock phrases of party news), so its base
document is the first under the strict rule that shares at most 5 (``NEAR_EARLIER_RELAXED``: with an
earlier build's document only, never with one of its own build), and 37 of its own documents have 1 party
word. Seed 6 was measured once and is validation now. Fresh seed 7 avoids seeds 1-6 and draws its base
cohort the same way as seed 6 (all 40 own documents with 1 party word or more).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from quantriet.copycheck.evaluation.pan import Annotation, write_xml  # noqa: E402 (after the path set-up)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_picker import Picker, Rule  # noqa: E402 (a sibling script)
from corpus_text import (  # noqa: E402 (a sibling script, not a package)
    FAMILY,
    GIVEN,
    MIDDLE,
    PARTY_WORDS,
    QUOTE_FRAMES,
    STOCK_FRAMES,
    STOCK_PHRASES,
    Obfuscator,
    capitalise,
    clean,
    sentence_spans,
    shingle_set,
    split_of,
    toggle_tone_style,
    word_count,
)

CORPORA = ROOT.parent / "shared" / "corpora"
FILES = ("news-dev.jsonl.gz", "viwiki-dev.jsonl.gz")
OBFUSCATIONS = ("none", "random", "synonym", "reorder", "unicode", "mixed")
LENGTHS = {"short": (50, 150), "medium": (150, 400), "long": (400, 1000)}
LENGTH_WEIGHTS = {"short": 0.45, "medium": 0.35, "long": 0.20}
SOURCES_PER_DOCUMENT = {1: 0.55, 2: 0.30, 3: 0.15}

# --- documents --------------------------------------------------------------------------------------------


@dataclass
class Source:
    id: str
    title: str
    text: str
    spans: list[tuple[int, int, bool]] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)  # sentence index ranges already taken
    # Shingles of the passages taken: an article that repeats itself (a quotation in the lead and again
    # in the body) must not give the same sentence to two suspicious documents.
    taken: set[bytes] = field(default_factory=set)


def load_split(corpora: Path, split: str) -> list[tuple[str, str, str]]:
    """(id, title, cleaned text) of the split's documents of at least 150 words, in corpus order.

    ``fresh`` is every document of either half that no ``tune`` or ``heldout`` build has drawn
    (``USED_BUILDS``): the held-out part drawn after the other two had been looked at too often.
    """
    documents = []
    for name in FILES:
        with gzip.open(corpora / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if split != "fresh" and split_of(record["id"]) != split:
                    continue
                text = clean(record["text"])
                if word_count(text) >= 150:
                    documents.append((record["id"], record["title"], text))
    return documents


def take_passage(source: Source, words: int, rng: random.Random) -> tuple[int, int] | None:
    """Character span of a run of whole sentences of about ``words`` words not yet taken, or None."""
    spans = source.spans
    for _ in range(8):
        first = rng.randrange(len(spans))
        count, last = 0, first
        while last < len(spans) and count < words:
            if any(lo <= last < hi for lo, hi in source.used):
                break
            count += word_count(source.text[spans[last][0] : spans[last][1]])
            last += 1
        if count < max(words * 0.8, 50) or last == first:
            continue
        start, end = spans[first][0], spans[last - 1][1]
        if count > words * 1.25:  # one very long "sentence" (a list, a table): cut it at a word
            cut = [m.end() for m in re.finditer(r"\S+", source.text[start:end])][: int(words)]
            end = start + cut[-1]
        shingles = shingle_set(source.text[start:end])
        if shingles & source.taken:
            continue
        source.taken |= shingles
        source.used.append((first - 1, last + 1))  # a sentence left between two passages keeps them apart
        return start, end
    return None


def insert_passages(host: str, passages: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """``host`` with ``passages`` inserted at distinct sentence starts; the passages' spans in the result."""
    starts = [s for s, _, _ in sentence_spans(host)] + [len(host)]
    places = sorted(rng.sample(starts, min(len(passages), len(starts))))
    pieces, spans, position, offset = [], [], 0, 0
    for place, passage in zip(places, passages, strict=False):
        pieces.append(host[position:place])
        offset += place - position
        if place == len(host):
            before, after = "\n\n", ""
        elif place == 0 or host[place - 1] == "\n":
            before, after = "", "\n\n"
        else:
            before, after = "", " "
        spans.append((offset + len(before), offset + len(before) + len(passage)))
        pieces.append(before + passage + after)
        offset += len(before) + len(passage) + len(after)
        position = place
    pieces.append(host[position:])
    return "".join(pieces), spans


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # bytes: line ends exactly as the offsets count them


# --- the base cohort ----------------------------------------------------------------------------------------


def _stock_sentence(rng: random.Random) -> tuple[str, list[int]]:
    frame = rng.choice(STOCK_FRAMES)
    first, second = rng.sample(range(len(STOCK_PHRASES)), 2)
    used = [first, second] if "{q}" in frame else [first]
    phrase = STOCK_PHRASES[first]
    text = frame.format(P=capitalise(phrase), p=phrase, q=STOCK_PHRASES[second])
    return text, used


def base_cohort(
    out: Path, base_doc: tuple[str, str, str], own: list[tuple[str, str, str]], rng: random.Random
) -> dict[str, Any]:
    """base.txt and one report per ``own`` document; returns their manifest."""
    base_id, base_title, base_text = base_doc
    spans = sentence_spans(base_text)
    count, last = 0, 0
    target = rng.randint(350, 600)
    while last < len(spans) and count < target:
        count += word_count(base_text[spans[last][0] : spans[last][1]])
        last += 1
    base = base_text[spans[0][0] : spans[last - 1][1]]
    # What the committee hands out: the report form's heading and the resolution's text. The heading
    # recurs in every report, so it belongs to the base text as much as the resolution does.
    write_text(out / "base.txt", f"BÁO CÁO THU HOẠCH\nHọc tập, quán triệt: {base_title}\n\n{base}\n")
    base_spans = sentence_spans(base)
    # A few "key" sentences that many writers quote, as happens with a resolution's headline passages.
    keys = rng.sample(range(len(base_spans)), min(5, len(base_spans)))
    reports = []
    for number, (own_id, _, own_text) in enumerate(own, 1):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        header = [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "BÁO CÁO THU HOẠCH",
            f"Học tập, quán triệt: {base_title}",
            f"Họ và tên: {name}",
            f"Chi bộ: {rng.choice(('thôn', 'khu phố', 'trường', 'cơ quan'))} số {rng.randint(1, 12)}",
        ]
        own_spans = sentence_spans(own_text)
        start = rng.randrange(max(1, len(own_spans) // 2))
        body, words, target = [], 0, rng.randint(250, 500)
        for s, e, _ in own_spans[start:]:
            body.append(own_text[s:e])
            words += word_count(body[-1])
            if words >= target:
                break
        quotes: list[dict[str, Any]] = []
        for _ in range(rng.randint(1, 3)):
            first = rng.choice(keys) if rng.random() < 0.7 else rng.randrange(len(base_spans))
            last_quote = min(len(base_spans), first + rng.randint(1, 4))
            quote = base[base_spans[first][0] : base_spans[last_quote - 1][1]]
            variant = "verbatim"
            roll = rng.random()
            if roll < 0.15:
                quote, variant = toggle_tone_style(quote), "tone_style"
            elif roll < 0.25:
                quote, variant = unicodedata.normalize("NFD", quote), "nfd"
            elif roll < 0.45:
                words_q = quote.split()
                for _ in range(min(2, len(words_q) // 10)):
                    del words_q[rng.randrange(len(words_q))]
                quote, variant = " ".join(words_q), "words_dropped"
            quotes.append(
                {"first_sentence": first, "sentences": last_quote - first, "variant": variant, "text": quote}
            )
        stock = [_stock_sentence(rng) for _ in range(rng.randint(6, 12))]
        pieces = list(body)
        for quoted in quotes:
            framed = rng.choice(QUOTE_FRAMES).format(quote=quoted.pop("text"))
            pieces.insert(rng.randint(0, len(pieces)), framed)
        for sentence, _ in stock:
            pieces.insert(rng.randint(0, len(pieces)), sentence)
        paragraphs, position = [], 0
        while position < len(pieces):
            size = rng.randint(3, 6)
            paragraphs.append(" ".join(pieces[position : position + size]))
            position += size
        closing = ["Người viết thu hoạch", name]
        text = "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(closing) + "\n"
        report = f"report-{number:03d}.txt"
        write_text(out / report, text)
        reports.append(
            {"file": report, "own_document": own_id, "quotes": quotes, "stock": [u for _, u in stock]}
        )
    return {
        "base_document": base_id,
        "base_words": word_count(base),
        "key_sentences": keys,
        "reports": reports,
    }


# --- the corpus ---------------------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


# The builds drawn so far: (split, seed), default sizes, in the order they were drawn. The heldout build of
# seed 2 was looked at through three rounds of changes, and the fresh builds of seeds 3 and 4 were measured
# and then looked at again (issue 12), and the fresh builds of seeds 5 and 6 were measured once and looked
# at again, so all of these are validation now, except the fresh build of seed 7, the held-out part
# measured once. A fresh build avoids every build listed before it, and a fresh build of a seed not listed
# avoids all of them.
USED_BUILDS = (
    ("tune", 1),
    ("heldout", 2),
    ("fresh", 3),
    ("fresh", 4),
    ("fresh", 5),
    ("fresh", 6),
    ("fresh", 7),
)

Drawn = tuple[str, str, str]


def _party(text: str, least: int) -> bool:
    return sum(text.count(word) for word in PARTY_WORDS) >= least


def _directive(text: str) -> bool:
    """Names a party document: a resolution, directive, conclusion or regulation (nghị quyết, chỉ thị,
    kết luận, quy định; either case of the first letter)."""
    return any(word in text for word in ("ghị quyết", "hỉ thị", "ết luận", "uy định"))


def _rule(party: int, words: int, names: str = "") -> Rule:
    """At least ``party`` party words and ``words`` words; ``names`` "resolution": "nghị quyết" in the text,
    "party document": any of ``_directive``'s."""
    label = f"party words >= {party}, {names + ', ' if names else ''}>= {words} words"
    if names == "resolution":
        return label, lambda t, x: _party(x, party) and "ghị quyết" in x and word_count(x) >= words
    if names:
        return label, lambda t, x: _party(x, party) and _directive(x) and word_count(x) >= words
    return label, lambda t, x: _party(x, party) and word_count(x) >= words


# The base document (the resolution the cohort studies) and the cohort's own documents, each under its rule
# and then, only when the split holds no more documents the rule takes, under the relaxed ones in turn: a
# party-themed document with fewer party words, a party document of another kind, a shorter one. Builds up to
# fresh seed 4 found every document under the first rule, so their draws are unchanged; fresh seed 5 did
# not (the corpora's party-themed documents are nearly all drawn) and its manifest's "draw" says what it took.
BASE_RULES = (
    _rule(10, 400, "resolution"),
    _rule(10, 400, "party document"),
    _rule(5, 400, "party document"),
    _rule(5, 400),
    _rule(3, 400, "party document"),
    _rule(3, 400),
)
OWN_RULES = (_rule(3, 300), _rule(2, 300), _rule(2, 200), _rule(1, 300))


def draw(
    picker: Picker, n_susp: int, n_src: int, n_cohort: int
) -> tuple[Drawn, list[Drawn], list[Drawn], list[Drawn]]:
    """The base document, the cohort's own documents, the sources and the hosts, in this order."""
    base_doc = picker.pick(1, BASE_RULES[0][1], BASE_RULES[1:], "base document")[0]
    own = picker.pick(n_cohort, OWN_RULES[0][1], OWN_RULES[1:], "own documents")
    sources_raw = picker.pick(n_src, lambda t, x: word_count(x) >= 300)
    hosts = picker.pick(n_susp, lambda t, x: word_count(x) <= 2500)
    return base_doc, own, sources_raw, hosts


def used_documents(corpora: Path, before: tuple[str, int] | None = None) -> list[Drawn]:
    """Every document the ``USED_BUILDS`` drew, up to the build ``before`` (so a fresh build listed
    there is drawn again exactly as it was); the draw happens before any disguise, so it does not
    depend on how the generator disguises passages."""
    used: list[Drawn] = []
    for split, seed in USED_BUILDS:
        if (split, seed) == before:
            break
        picker = Picker(load_split(corpora, split), random.Random(f"{split}:{seed}"))
        if split == "fresh":
            picker.avoid(list(used))
        base_doc, own, sources_raw, hosts = draw(picker, 600, 600, 40)
        used += [base_doc, *own, *sources_raw, *hosts]
    return used


def build(
    out: Path, seed: int, split: str, n_susp: int, n_src: int, free_share: float, n_cohort: int, corpora: Path
) -> dict[str, Any]:
    rng = random.Random(f"{split}:{seed}")
    documents = load_split(corpora, split)
    picker = Picker(documents, rng)
    if split == "fresh":
        picker.avoid(used_documents(corpora, before=(split, seed)))
    base_doc, own, sources_raw, hosts = draw(picker, n_susp, n_src, n_cohort)

    vocabulary = sorted({w.lower() for _, _, text in hosts[:200] for w in text.split() if w.isalpha()})
    obfuscator = Obfuscator(rng, vocabulary)
    sources = [Source(i, t, x, sentence_spans(x)) for i, t, x in sources_raw]
    src_names = {s.id: f"source-document{n:05d}.txt" for n, s in enumerate(sources, 1)}
    free = set(rng.sample(range(n_susp), round(n_susp * free_share)))

    cases: list[dict[str, Any]] = []
    susp_manifest: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    truth: dict[tuple[str, str], list[Annotation]] = {}
    for number, (host_id, _, host_text) in enumerate(hosts, 1):
        susp = f"suspicious-document{number:05d}.txt"
        if number - 1 in free:
            write_text(out / "susp" / susp, host_text + "\n")
            negative = src_names[rng.choice(sources).id]
            pairs.append((susp, negative))
            truth[susp, negative] = []
            susp_manifest.append({"file": susp, "host": host_id, "copy_free": True})
            continue
        planned = []
        chosen: set[str] = set()
        for _ in range(_weighted(rng, SOURCES_PER_DOCUMENT)):
            length = _weighted(rng, LENGTH_WEIGHTS)
            words = rng.randint(*LENGTHS[length])
            for _attempt in range(40):
                source = rng.choice(sources)
                if source.id in chosen:
                    continue
                span = take_passage(source, words, rng)
                if span is not None:
                    chosen.add(source.id)
                    planned.append((source, span, length, rng.choice(OBFUSCATIONS)))
                    break
        texts, notes = [], []
        for source, (start, end), _, kind in planned:
            disguised, note = obfuscator.apply(kind, source.text[start:end])
            texts.append(disguised)
            notes.append(note)
        susp_text, spans = insert_passages(host_text, texts, rng)
        write_text(out / "susp" / susp, susp_text + "\n")
        for (source, (start, end), length, kind), (lo, hi), note in zip(planned, spans, notes, strict=True):
            src = src_names[source.id]
            case = Annotation(susp, lo, hi - lo, src, start, end - start, kind)
            truth.setdefault((susp, src), []).append(case)
            pairs.append((susp, src))
            cases.append(
                {
                    "susp": susp,
                    "src": src,
                    "obfuscation": kind,
                    "length": length,
                    "source_words": word_count(source.text[start:end]),
                    "this_offset": lo,
                    "this_length": hi - lo,
                    "source_offset": start,
                    "source_length": end - start,
                    "notes": note,
                }
            )
        susp_manifest.append({"file": susp, "host": host_id, "copy_free": False})

    for source in sources:
        write_text(out / "src" / src_names[source.id], source.text + "\n")
    with open(out / "pairs", "w", encoding="utf-8") as handle:
        for susp, src in sorted(set(pairs)):
            handle.write(f"{susp} {src}\n")
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for (susp, src), found in sorted(truth.items()):
        write_xml(out / "truth" / f"{susp[:-4]}-{src[:-4]}.xml", susp, found)
    cohort = base_cohort(out / "base-cohort", base_doc, own, rng)

    manifest = {
        "seed": seed,
        "split": split,
        "corpora": [str(corpora / name) for name in FILES],
        "refused_near_duplicates": picker.refused,
        "susp": susp_manifest,
        "src": [{"file": src_names[s.id], "document": s.id} for s in sources],
        "cases": cases,
        "base_cohort": cohort,
        "stock_phrases": list(STOCK_PHRASES),
    }
    # Only a build drawn after the strict pools ran out says how: earlier manifests stay as they were built.
    if picker.relaxations:
        avoided = (
            USED_BUILDS[: USED_BUILDS.index((split, seed))] if (split, seed) in USED_BUILDS else USED_BUILDS
        )
        manifest["draw"] = {"avoided_builds": [list(b) for b in avoided], "relaxed": picker.relaxations}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, required=True, help="output directory (bench/out/... or /tmp/...)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--split",
        choices=("tune", "heldout", "fresh"),
        default="tune",
        help="tune: tuned on; heldout: validation (looked at while tuning); fresh: measured once",
    )
    parser.add_argument("--susp", type=int, default=600, help="suspicious documents")
    parser.add_argument("--src", type=int, default=600, help="source documents")
    parser.add_argument(
        "--free-share", type=float, default=1 / 3, help="share of copy-free suspicious documents"
    )
    parser.add_argument("--cohort", type=int, default=40, help="reports in the base cohort")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; give a new directory")
    manifest = build(
        args.out, args.seed, args.split, args.susp, args.src, args.free_share, args.cohort, args.corpora
    )
    free = sum(s["copy_free"] for s in manifest["susp"])
    kinds: dict[str, int] = {}
    for case in manifest["cases"]:
        kinds[case["obfuscation"]] = kinds.get(case["obfuscation"], 0) + 1
    print(
        f"{args.out}: {len(manifest['susp'])} suspicious ({free} copy-free),"
        f" {len(manifest['src'])} sources, {len(manifest['cases'])} cases {kinds},"
        f" {len(manifest['base_cohort']['reports'])} cohort reports;"
        f" {manifest['refused_near_duplicates']} near-duplicate documents left out"
    )


if __name__ == "__main__":
    main()
