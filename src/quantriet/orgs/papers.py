"""A unit as the issuing body of a party paper (Hướng dẫn 36-HD/VPTW; ../shared/domain/party-papers.md).

The tree stores units by their party organisation's everyday name ("Tỉnh ủy Sông Lam", "Đảng bộ xã Bến
Đò", "Chi bộ khu phố 2"); a paper names them otherwise. Its heading puts the issuing committee under
the party organisation above it ("ĐẢNG BỘ TỈNH SÔNG LAM" over "ĐẢNG ỦY XÃ BẾN ĐÒ"; a provincial
committee under its own đảng bộ: "ĐẢNG BỘ TỈNH SÔNG LAM" over "TỈNH ỦY"), its symbol ends with the
committee's code (TU, HU, ĐU, CB), its date line starts with the body's locality, and it is signed on
behalf of the committee by its secretary. Re-exported by ``orgs.selectors``, the tree's public interface.

The names are turned by their first words, which are the party's own fixed vocabulary; a name that
matches none is written as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from quantriet.core.cells import file_text
from quantriet.core.papers import Line, vietnamese_date
from quantriet.orgs.models import Level, Position, PositionKind, Unit, UnitLink

# Committee word -> (party organisation words, symbol code). "Tỉnh ủy X" is the committee of "Đảng bộ
# tỉnh X"; "Đảng ủy xã X" of "Đảng bộ xã X".
_COMMITTEES: tuple[tuple[str, str, str], ...] = (
    ("Tỉnh ủy", "Đảng bộ tỉnh", "TU"),
    ("Thành ủy", "Đảng bộ thành phố", "TU"),
    ("Huyện ủy", "Đảng bộ huyện", "HU"),
    ("Quận ủy", "Đảng bộ quận", "QU"),
    ("Thị ủy", "Đảng bộ thị xã", "TXU"),
    ("Đảng ủy khối", "Đảng bộ khối", "ĐUK"),
    ("Đảng ủy", "Đảng bộ", "ĐU"),
)
# A đảng bộ at the level of a province or district is led by a "Tỉnh ủy"/"Huyện ủy", below by a "Đảng ủy".
_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("Đảng bộ tỉnh", "Tỉnh ủy"),
    ("Đảng bộ thành phố", "Thành ủy"),
    ("Đảng bộ huyện", "Huyện ủy"),
    ("Đảng bộ quận", "Quận ủy"),
    ("Đảng bộ thị xã", "Thị ủy"),
)
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương"
# Where a body directly under the Centre reports on the dissemination of documents (its field since 2025).
CENTRAL_ADDRESSEE = "Ban Tuyên giáo và Dân vận Trung ương"
# Words before a place in a unit's name: "Đảng bộ xã Bến Đò" -> "Bến Đò".
_PLACE_WORDS = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|ủy)\s+(?P<place>\S.*)$")
_FALLBACK_CODES = {
    Level.CENTRAL: "TW",
    Level.CENTRAL_DIRECT: "TU",
    Level.INTERMEDIATE: "ĐU",
    Level.GRASSROOTS: "ĐU",
    Level.CELL: "CB",
    Level.GROUP: "CB",
}


def _strip_prefix(name: str, prefix: str) -> str | None:
    """The rest of ``name`` after ``prefix`` (compared case-insensitively), or None."""
    if name.lower().startswith(prefix.lower()) and (len(name) == len(prefix) or name[len(prefix)] == " "):
        return name[len(prefix) :].strip()
    return None


def _name(unit: Unit) -> str:
    """The unit's name as a paper can hold it: no control characters, single spaces."""
    return " ".join(file_text(unit.name).split())


def committee_name(unit: Unit) -> str:
    """The name of the body that issues ``unit``'s papers: "Đảng ủy xã Bến Đò" for "Đảng bộ xã Bến Đò"."""
    name = _name(unit)
    if unit.level == Level.CENTRAL:
        return CENTRAL_COMMITTEE
    for organisation, committee in _ORGANISATIONS:
        rest = _strip_prefix(name, organisation)
        if rest is not None and unit.level in (Level.CENTRAL_DIRECT, Level.INTERMEDIATE):
            return f"{committee} {rest}".strip()
    rest = _strip_prefix(name, "Đảng bộ")
    if rest is not None:
        return f"Đảng ủy {rest}".strip()
    return name


def organisation_name(unit: Unit) -> str:
    """The party organisation ``unit`` leads or is: "Đảng bộ tỉnh Sông Lam" for "Tỉnh ủy Sông Lam"."""
    name = _name(unit)
    for committee, organisation, _code in _COMMITTEES:
        rest = _strip_prefix(name, committee)
        if rest is not None:
            return f"{organisation} {rest}".strip()
    return name


def _committee_word(committee: str) -> tuple[str, str]:
    """The committee word a committee's name starts with ("Tỉnh ủy") and its symbol code, or blanks."""
    for word, _organisation, code in _COMMITTEES:
        if _strip_prefix(committee, word) is not None:
            return word, code
    if _strip_prefix(committee, "Chi bộ") is not None:
        return "Chi bộ", "CB"
    return "", ""


def issuer_code(unit: Unit) -> str:
    """The issuing body's part of a symbol: TU, HU, ĐU, CB ("12-BC/TU")."""
    if unit.level == Level.CENTRAL:
        return "TW"
    return _committee_word(committee_name(unit))[1] or _FALLBACK_CODES.get(Level(unit.level), "ĐU")


def paper_place(unit: Unit) -> str:
    """The locality before the date: the unit's own, else its nearest ancestor's (a cell writes its
    commune's), else the place in its name, else blank."""
    if unit.locality.strip():
        return unit.locality.strip()
    ancestors = (
        UnitLink.objects.filter(descendant=unit, distance__gt=0)
        .exclude(ancestor__locality="")
        .order_by("distance")
        .values_list("ancestor__locality", flat=True)
    )
    for locality in ancestors[:1]:
        return str(locality).strip()
    found = _PLACE_WORDS.search(_name(unit))
    return found.group("place") if found else ""


@dataclass(frozen=True)
class Signer:
    capacity: str  # "T/M BAN THƯỜNG VỤ"
    title: str  # "BÍ THƯ"
    name: str  # "" when the register names no secretary: signed by hand


@dataclass(frozen=True)
class PaperIssuer:
    """Everything a paper says about the body that issues it."""

    superior: str  # first heading line, capitals ("ĐẢNG BỘ TỈNH SÔNG LAM"); "" for the Centre
    body: str  # the issuing committee, capitals ("TỈNH ỦY", "ĐẢNG ỦY XÃ BẾN ĐÒ")
    name: str  # the issuing committee in running text ("Tỉnh ủy Sông Lam", "Đảng ủy xã Bến Đò")
    code: str  # the symbol's issuer ("TU")
    place: str  # the locality of the date line ("Sông Lam")
    signer: Signer
    recipients: tuple[str, ...]  # "Nơi nhận": the superior (to report to), the subordinates, the archive

    def symbol(self, kind: str, number: str) -> str:
        """ "Số 12-BC/TU"; a blank number is left to fill in when the paper is issued."""
        return f"Số {number or '   '}-{kind}/{self.code}"

    def heading_lines(self, kind: str, number: str) -> list[Line]:
        """The left column of the heading: (text, bold, italic) lines."""
        lines = [(self.superior, False, False)] if self.superior else []
        return [
            *lines,
            (self.body, True, False),
            ("*", False, False),
            (self.symbol(kind, number), False, False),
        ]

    def date_line(self, day: dt.date) -> str:
        return vietnamese_date(self.place or "…", day)

    def signature_lines(self) -> list[Line]:
        return [
            (self.signer.capacity, True, False),
            (self.signer.title, True, False),
            ("", False, False),
            ("", False, False),
            ("", False, False),
            (self.signer.name, True, False),
        ]


def signature_title(unit: Unit) -> str:
    """On whose behalf the paper is signed: a cell's, a grassroots committee's, or a standing committee's."""
    if unit.level in (Level.CELL, Level.GROUP) or _strip_prefix(_name(unit), "Chi bộ") is not None:
        return "T/M CHI BỘ"
    if unit.level == Level.GRASSROOTS:
        return "T/M ĐẢNG ỦY"
    return "T/M BAN THƯỜNG VỤ"


def _signer(unit: Unit, on: dt.date) -> Signer:
    """The secretary signs; without one, a deputy (as "PHÓ BÍ THƯ"); without either, a blank name."""
    kinds = (PositionKind.SECRETARY, PositionKind.STANDING_DEPUTY, PositionKind.DEPUTY)
    held = (
        Position.objects.filter(unit=unit, kind__in=kinds, start__lte=on)
        .exclude(end__lt=on)
        .select_related("member")
        .order_by("-start", "id")
    )
    by_kind: dict[str, Position] = {}
    for position in held:
        by_kind.setdefault(position.kind, position)
    for kind in kinds:
        if kind in by_kind:
            title = "BÍ THƯ" if kind == PositionKind.SECRETARY else "PHÓ BÍ THƯ"
            return Signer(signature_title(unit), title, by_kind[kind].member.full_name)
    return Signer(signature_title(unit), "BÍ THƯ", "")


def _recipients(unit: Unit) -> tuple[str, ...]:
    parent = unit.parent
    lines: list[str] = []
    if unit.level == Level.CENTRAL_DIRECT or (parent is not None and parent.level == Level.CENTRAL):
        lines.append(f"- {CENTRAL_ADDRESSEE} (để báo cáo),")
    elif parent is not None:
        above = committee_name(parent)
        standing = parent.level in (Level.CENTRAL_DIRECT, Level.INTERMEDIATE)
        lines.append(f"- {'Ban Thường vụ ' if standing else ''}{above} (để báo cáo),")
    children = list(unit.children.filter(valid_to__isnull=True).values_list("name", flat=True)[:500])
    cells = any(_strip_prefix(name, "Chi bộ") is not None for name in children)
    committees = any(_strip_prefix(name, "Chi bộ") is None for name in children)
    if committees and cells:
        lines.append("- Các đảng ủy, chi bộ trực thuộc,")
    elif committees:
        lines.append("- Các đảng ủy trực thuộc,")
    elif cells:
        lines.append("- Các chi bộ trực thuộc,")
    word = _committee_word(committee_name(unit))[0]
    if signature_title(unit) == "T/M CHI BỘ" or not word:
        lines.append("- Lưu hồ sơ chi bộ." if word == "Chi bộ" else "- Lưu Văn phòng.")
    else:
        # "Lưu Văn phòng Tỉnh ủy", "Lưu Văn phòng Đảng ủy": the office of the committee that issues it.
        lines.append(f"- Lưu Văn phòng {' '.join(word.split()[:2])}.")
    return tuple(lines)


def paper_issuer(unit: Unit, *, on: dt.date) -> PaperIssuer:
    """``unit`` as the issuing body of a paper dated ``on`` (a few small queries: signer, place, children)."""
    name = committee_name(unit)
    if unit.level == Level.CENTRAL:
        superior, body = "", CENTRAL_COMMITTEE.upper()
    elif unit.level == Level.CENTRAL_DIRECT or unit.parent is None or unit.parent.level == Level.CENTRAL:
        # A province's committee stands under its own đảng bộ; the Centre is never written above it.
        superior = organisation_name(unit).upper()
        word = _committee_word(name)[0]
        body = (word if word not in ("", "Đảng ủy", "Chi bộ") else name).upper()
    else:
        superior, body = organisation_name(unit.parent).upper(), name.upper()
    return PaperIssuer(
        superior=superior,
        body=body,
        name=name,
        code=issuer_code(unit),
        place=paper_place(unit),
        signer=_signer(unit, on),
        recipients=_recipients(unit),
    )


def report_symbol(number: str, unit: Unit) -> str:
    """The "Số 12-BC/ĐU" line of a report (báo cáo) issued by ``unit``; a blank number is left to fill in."""
    return f"Số {number or '   '}-BC/{issuer_code(unit)}"
