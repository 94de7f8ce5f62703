"""Documents of the registry, the relations between them, and the citations found in any text.

A document is identified by its symbol and its issue date (or, when the date is unknown, its term):
party numbers restart in each committee term, so "35-NQ/TW" alone may name two documents.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.orgs.models import Unit

# Type names as the citation parser (quantriet.docref) gives them; the value is the Vietnamese name itself,
# so citations, imports and exports use one spelling.
DOCUMENT_TYPES: tuple[str, ...] = (
    "Nghị quyết",
    "Quy định",
    "Quyết định",
    "Chỉ thị",
    "Kết luận",
    "Hướng dẫn",
    "Kế hoạch",
    "Chương trình",
    "Công văn",
    "Thông báo",
    "Thông tri",
    "Báo cáo",
    "Tờ trình",
    "Đề án",
    "Quy chế",
    "Công điện",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Luật",
    "Bộ luật",
    "Pháp lệnh",
)
TYPE_CHOICES = [(name, name) for name in DOCUMENT_TYPES]


class System(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản nhà nước")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Đã được thay thế")


class Secrecy(models.TextChoices):
    """Độ mật (Law on protecting state secrets 2018): a classified document's file and text stay outside
    the system, on the paper or offline register the law prescribes; only its metadata is registered here."""

    NORMAL = "normal", _("Thường")
    CONFIDENTIAL = "confidential", _("Mật")
    SECRET = "secret", _("Tối mật")
    TOP_SECRET = "top_secret", _("Tuyệt mật")


class Document(models.Model):
    doc_type = models.CharField(_("loại văn bản"), max_length=40, choices=TYPE_CHOICES, blank=True)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("số và ký hiệu"), max_length=80, db_index=True)
    issuer = models.CharField(_("cơ quan ban hành (ký hiệu)"), max_length=40, blank=True)
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    term = models.CharField(_("khóa"), max_length=10, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    status = models.CharField(_("hiệu lực"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    is_public = models.BooleanField(_("công khai cho mọi người dùng"), default=False)
    secrecy = models.CharField(_("độ mật"), max_length=12, choices=Secrecy.choices, default=Secrecy.NORMAL)
    confirmed = models.BooleanField(_("đã xác nhận"), default=True)
    body = models.TextField(_("toàn văn"), blank=True)
    file = models.FileField(_("tệp"), upload_to="documents/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)  # docx, pdf, txt (from the text extractor)
    file_text = models.TextField(_("văn bản trích từ tệp"), blank=True)
    # True for a kept file whose text could not be read (a scanned PDF): the page says so.
    file_without_text = models.BooleanField(default=False)
    # Folded (accent-free, lower-case) words for search: " nghi quyet 35 nq tw ... " with a space at both
    # ends, so a word is found as " word " (see selectors.search_documents).
    search_words = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)  # folded body and file text
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = pgettext_lazy("plural", "văn bản")
        ordering = ["-issued_on", "symbol", "id"]
        constraints = [
            models.UniqueConstraint(fields=["symbol", "issued_on"], name="document_symbol_date_unique"),
            # NULL dates never clash in SQL, so undated documents are told apart by their term instead.
            models.UniqueConstraint(
                fields=["symbol", "term"],
                condition=Q(issued_on__isnull=True),
                name="document_symbol_term_undated_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["doc_type"]),
            models.Index(fields=["issuer"]),
            models.Index(fields=["issued_on"]),
            models.Index(fields=["issuing_unit", "is_public"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_classified(self) -> bool:
        return self.secrecy != Secrecy.NORMAL

    @property
    def title(self) -> str:
        """How offices write it: "Nghị quyết 35-NQ/TW"."""
        return f"{self.doc_type} {self.symbol}".strip()


class RelationKind(models.TextChoices):
    REPLACES = "replaces", _("Thay thế")
    GUIDES = "guides", _("Hướng dẫn thực hiện")
    CONCRETISES = "concretises", _("Cụ thể hóa")
    LINK = "link", _("Liên quan")


# How a relation reads from its target's side.
INVERSE_LABELS: dict[str, Any] = {
    RelationKind.REPLACES: _("Được thay thế bởi"),
    RelationKind.GUIDES: _("Được hướng dẫn bởi"),
    RelationKind.CONCRETISES: _("Được cụ thể hóa bởi"),
    RelationKind.LINK: _("Liên quan"),
}


class Relation(models.Model):
    """``source`` replaces / guides / concretises / is linked to ``target``."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("quan hệ"), max_length=20, choices=RelationKind.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quan hệ giữa văn bản")
        verbose_name_plural = pgettext_lazy("plural", "quan hệ giữa văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"

    @property
    def inverse_label(self) -> str:
        return str(INVERSE_LABELS[self.kind])


class CitationLink(models.Model):
    """One citation found in one text field of any object of the platform (a document, a plan, a report).

    ``start``/``end`` are code-point offsets into the field's text as scanned; ``target`` is the registry
    entry it names, or NULL for a partial citation ("Nghị quyết 18") that is kept as a mention only.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    field = models.CharField(max_length=60)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    cited_id = models.CharField(max_length=80, null=True, blank=True)
    cited_type = models.CharField(max_length=40, blank=True)
    cited_date = models.DateField(null=True, blank=True)
    target = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations_in"
    )

    class Meta:
        verbose_name = _("trích dẫn")
        verbose_name_plural = pgettext_lazy("plural", "trích dẫn")
        ordering = ["owner_type", "owner_id", "field", "start"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id", "field"]),
            models.Index(fields=["cited_id"]),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def date_differs(self) -> bool:
        """The text gives its document another date than the registered one ("ngày 20/10/2018" for 22/10).

        Such a citation still names the registered document (services.citations.DATE_SLIP_DAYS); pages show
        the difference instead of hiding it. Load ``target`` with the link (select_related).
        """
        target = self.target
        return (
            self.cited_date is not None
            and target is not None
            and target.issued_on is not None
            and target.issued_on != self.cited_date
        )
