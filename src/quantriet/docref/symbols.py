"""Number-and-symbol parsing and the canonical id."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from quantriet.docref.fold import fold_eth
from quantriet.docref.model import System
from quantriet.docref.patterns import (
    CUT_SHORT,
    GLUED_SYMBOL,
    OLD_SYMBOL,
    PARTY_SYMBOL,
    PLAIN_ABBR,
    PLAIN_ISSUER,
    SPACED_PARTY,
    SPACED_STATE,
    SPELLED_ISSUER,
    STATE_PART_SPLIT,
    STATE_SYMBOL,
)
from quantriet.docref.vocab import (
    ISSUER_ALIASES,
    OLD_STATE_ISSUERS,
    PARTY_ABBREVIATIONS,
    PARTY_ISSUER_ENDINGS,
    SPELLED_ISSUERS,
    STATE_ABBREVIATIONS,
)

Needs = Literal["nothing", "so_or_word", "word"]


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed number and symbol (internal to the package)."""

    start: int
    end: int
    id: str
    number: str
    issuer: str | None
    year: int | None
    system: System | None
    symbol_type: str | None  # the type the abbreviation names, when it names exactly one
    # What must stand before it to trust it as a citation: nothing (a known form), "số" or a type word, or
    # a type word (shapes that are also common outside citations).
    needs: Needs
    # The symbol runs on into something that cannot be read ("59/2010/QĐ-ủy ban ..."): what was read is a
    # prefix of the real symbol, so only the number, type and year are certain, not the id.
    cut_short: bool = False


def _upper_d(part: str) -> str:
    # Lower-case đ inside a symbol is a typing slip for Đ; no real abbreviation has it.
    return part.replace("đ", "Đ")


def _is_party_issuer(issuer: str) -> bool:
    return issuer.endswith(PARTY_ISSUER_ENDINGS) or issuer in ISSUER_ALIASES


def party_symbol(match: re.Match[str]) -> Symbol:
    """Interpret a ``PARTY_SYMBOL`` match."""
    number, abbr, issuer = match.group("num"), match.group("abbr"), match.group("issuer")
    extra = "".join(match.group("extra").split())
    if PLAIN_ABBR.fullmatch(abbr) is None or PLAIN_ISSUER.fullmatch(issuer) is None:
        # An old or odd code in mixed case ("12-Cab/Ml"): kept as written, trusted after a type word only.
        return Symbol(
            start=match.start(),
            end=match.end(),
            id=f"{number}-{abbr}/{issuer}{extra}",
            number=number,
            issuer=issuer,
            year=None,
            system=None,
            symbol_type=None,
            needs="word",
        )
    abbr = _upper_d(abbr)
    party = _is_party_issuer(issuer)
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=f"{number}-{abbr}/{issuer}{extra}",
        number=number,
        issuer=issuer,
        year=None,
        system="party" if party else None,
        symbol_type=PARTY_ABBREVIATIONS.get(abbr) if party else None,
        needs="nothing" if party else "so_or_word",
    )


def state_symbol(match: re.Match[str]) -> Symbol | None:
    """Interpret a ``STATE_SYMBOL`` match; ``None`` when its shape is not a document's."""
    number = match.group("num")
    year = match.group("year") or match.group("cyear") or match.group("tyear")
    # split() with a capturing group alternates parts and separators: ["QĐ", "-", "TTg"].
    pieces = STATE_PART_SPLIT.split(match.group("body"))
    parts, separators = [_upper_d(p) for p in pieces[::2]], ["/" if s == "/" else "-" for s in pieces[1::2]]
    if year is None and len(parts[0]) < 2:
        return None  # "34/T-85" (a tank), "1/ Căng thẳng"
    short_year = match.group("yy")
    # "12/QĐ-77": the type code, then the year in two digits; no issuer is written.
    issuer: str | None = parts[-1] if short_year is None else None
    abbr = parts[0] if len(parts) > 1 or short_year is not None else None
    body = parts[0] + "".join(s + p for s, p in zip(separators, parts[1:], strict=True))
    if short_year is not None:
        body += "-" + short_year
        year = year or (f"19{short_year}" if short_year >= "45" else None)
    if match.group("paren"):
        body += f"({match.group('paren')})"
    # Shapes that also occur outside citations are trusted only after a type word.
    doubtful = "/" in separators or any(_mixed_case(p) for p in parts)
    if match.group("ysep"):
        after_year = "/" if match.group("ysep2") == "/" else "-"
        head = f"{number}{'/' if match.group('ysep') == '/' else '-'}{year}{after_year}"
        year_range = match.group("ysep") != "/" and len(number) == 4 and number[:2] in ("19", "20")
        if len(parts) < 2 and (after_year == "-" or year_range or len(parts[0]) < 2):
            doubtful = True  # "2015-2016/NĐ", "12/2017/Q": a year range or date before a lone part
    elif match.group("colon"):
        head = f"{number}{match.group('qsub') or ''}:{year}/"
        doubtful = True  # "9001:2015/..." is also how ISO standards are written
    else:
        head = f"{number}/"
    if match.group("tyear"):
        body += "/" + match.group("tyear")
        doubtful = True  # a year typed last ("92/CP/2015") is a writer's variant
    party = issuer is not None and issuer.endswith(("TW",))
    symbol_type = STATE_ABBREVIATIONS.get(abbr) if abbr else None
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=head + body,
        number=number,
        issuer=issuer,
        year=int(year) if year else None,
        system="party" if party else "state",
        symbol_type=symbol_type,
        needs=_state_needs(year is not None, symbol_type is not None, abbr is not None, doubtful),
    )


def _mixed_case(part: str) -> bool:
    """A lower-case letter before a capital ("HoREA") or a capitalised word ("Cab"): an unusual code."""
    lowered = [c.islower() and c != "đ" for c in part]
    if any(low and not nxt for low, nxt in itertools.pairwise(lowered)):
        return True
    return len(part) >= 3 and all(lowered[1:])


def _state_needs(has_year: bool, known_type: bool, has_type: bool, doubtful: bool) -> Needs:
    if doubtful:
        return "word"
    if has_year or known_type:
        return "nothing"
    # "1206/QĐ-BTP" names a type and an issuer; "100/TTg" or "189/GPXD" only an issuer, like "S8/S8+".
    return "so_or_word" if has_type else "word"


def old_symbol(match: re.Match[str]) -> Symbol:
    """Interpret an ``OLD_SYMBOL`` match: "74-CP", "143-SL"."""
    issuer = _upper_d(match.group("issuer"))
    number = "".join(match.group("num").split())  # "27 B-SL": the spaced letter belongs to the number
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=f"{number}-{issuer}",
        number=number,
        issuer=issuer,
        year=None,
        system="state" if issuer.split("-")[-1] in OLD_STATE_ISSUERS else None,
        symbol_type=None,
        needs="word",
    )


def glued_symbol(match: re.Match[str]) -> Symbol:
    """Interpret a ``GLUED_SYMBOL`` match: "612BNV/TCCB" (number and first part run together)."""
    parts = [_upper_d(p) for p in STATE_PART_SPLIT.split(match.group("body"))]
    body = "".join(parts)
    issuer = parts[-1]
    party = _is_party_issuer(issuer)
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=f"{match.group('num')}{match.group('head')}/{body}",
        number=match.group("num"),
        issuer=issuer,
        year=None,
        system="party" if party else "state",
        symbol_type=None,
        needs="word",
    )


def spaced_symbol(text: str, pos: int) -> Symbol | None:
    """A symbol with a space typed for one separator: "17/2003 NĐ-CP", "244 NQ/HĐNN8" (after a type word).

    The id puts back the separator the form prescribes, as the label of such a citation would.
    """
    match = SPACED_STATE.match(text, pos)
    if match is not None:
        parts = [_upper_d(p) for p in STATE_PART_SPLIT.split(match.group("body"))[::2]]
        year = match.group("year")
        return Symbol(
            start=match.start(),
            end=match.end(),
            id=f"{match.group('num')}/{year}/{'-'.join(parts)}",
            number=match.group("num"),
            issuer=parts[-1],
            year=int(year),
            system="party" if parts[-1].endswith("TW") else "state",
            symbol_type=STATE_ABBREVIATIONS.get(parts[0]),
            needs="word",
        )
    match = SPACED_PARTY.match(text, pos)
    if match is not None:
        abbr, issuer = _upper_d(match.group("abbr")), match.group("issuer")
        party = _is_party_issuer(issuer)
        return Symbol(
            start=match.start(),
            end=match.end(),
            id=f"{match.group('num')}-{abbr}/{issuer}",
            number=match.group("num"),
            issuer=issuer,
            year=None,
            system="party" if party else None,
            symbol_type=PARTY_ABBREVIATIONS.get(abbr) if party else None,
            needs="word",
        )
    return None


def symbol_at(text: str, pos: int) -> Symbol | None:
    """The symbol whose number starts at ``pos``, or ``None``."""
    found: Symbol | None = None
    match = PARTY_SYMBOL.match(text, pos)
    if match is not None:
        found = party_symbol(match)
    else:
        match = STATE_SYMBOL.match(text, pos)
        if match is not None:
            found = state_symbol(match)
            if found is not None:
                found = _spelled_issuer(text, pos, found)
        else:
            match = OLD_SYMBOL.match(text, pos)
            if match is not None:
                found = old_symbol(match)
            else:
                match = GLUED_SYMBOL.match(text, pos)
                found = glued_symbol(match) if match is not None else spaced_symbol(text, pos)
    if found is not None and CUT_SHORT.match(text, found.end) is not None:
        found = replace(found, cut_short=True)
    return found


def _spelled_issuer(text: str, pos: int, found: Symbol) -> Symbol:
    """Read an issuer written out in words after the type ("59/2010/QĐ-ủy ban nhân dân") as its abbreviation.

    Such texts had the abbreviation expanded by a tool; the phrases are data (vocab.SPELLED_ISSUERS).
    """
    spelled = SPELLED_ISSUER.match(text, found.end)
    if spelled is None:
        return found
    abbr = SPELLED_ISSUERS[" ".join(spelled.group("phrase").lower().split())]
    rewritten = STATE_SYMBOL.match(f"{text[pos : found.end]}-{abbr}")
    symbol = state_symbol(rewritten) if rewritten is not None else None
    if symbol is None or symbol.issuer != abbr:
        return found
    return replace(symbol, start=found.start, end=spelled.end())


def canonical_symbol(symbol: str) -> str | None:
    """The canonical id of a written number and symbol.

    Args:
        symbol: A number and symbol as written, e.g. ``"36 - NQ/TƯ"`` or ``"13/2023/NÐ-CP"``.

    Returns:
        The id in NFC with ``Đ`` as U+0110 and no spaces, case kept (``"36-NQ/TƯ"``, ``"13/2023/NĐ-CP"``),
        or ``None`` when the whole string is not one number and symbol.

    Raises:
        TypeError: If ``symbol`` is not a string.
    """
    if not isinstance(symbol, str):
        raise TypeError(f"canonical_symbol expects str, not {type(symbol).__name__}")
    text = fold_eth(unicodedata.normalize("NFC", symbol)).strip()
    found = symbol_at(text, 0)
    if found is None or found.end != len(text):
        return None
    return found.id


_ALIASED_ISSUER = re.compile(r"(?<=/)(?:TƯ|T\.Ư)(?=/|\Z)|(?<=-)(?:TƯ|T\.Ư)\Z")


def symbol_key(symbol_id: str) -> str:
    """The form under which a registry files a citation's id: issuer spellings mapped to one.

    Ids keep what the writer typed ("35-NQ/TƯ"); a registry lists the document once, as "35-NQ/TW". Use
    this key on both sides when matching citations to registry entries.

    Args:
        symbol_id: A citation's ``id`` (or a registry symbol).

    Returns:
        The id with "TƯ"/"T.Ư" written "TW" where it stands as the issuer.
    """
    if "Ư" not in symbol_id:
        return symbol_id
    return _ALIASED_ISSUER.sub(lambda m: ISSUER_ALIASES[m.group(0)], symbol_id)
