"""Correct the issue date of Nghị quyết 35-NQ/TW (khóa XII): 22/10/2018, not 20/10/2018.

The demo registry (and registries seeded from it) held the date a news report gave; the Academy of Politics
and ministry sites print 22/10/2018 (shared/domain/document-numbering.md). Citations that give 20/10/2018 keep
their cited date and now show the difference on the page (CitationLink.date_differs).

When a registry already holds 35-NQ/TW dated 22/10/2018 as well, the 20/10/2018 entry is not merged away
(staff may have added relations or files to either): the citation links that named it are moved to the
correctly dated entry, and the other entry is left for staff to remove. Reversing restores the old date only
where no 20/10/2018 entry exists again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

SYMBOL = "35-NQ/TW"
WRONG = dt.date(2018, 10, 20)
OFFICIAL = dt.date(2018, 10, 22)


def correct(apps: Any, schema_editor: Any) -> None:
    document_model = apps.get_model("documents", "Document")
    link_model = apps.get_model("documents", "CitationLink")
    wrong = document_model.objects.filter(symbol=SYMBOL, issued_on=WRONG).first()
    if wrong is None:
        return
    official = document_model.objects.filter(symbol=SYMBOL, issued_on=OFFICIAL).first()
    if official is None:
        wrong.issued_on = OFFICIAL
        wrong.save(update_fields=["issued_on"])
    else:
        link_model.objects.filter(target_id=wrong.pk).update(target_id=official.pk)


def restore(apps: Any, schema_editor: Any) -> None:
    document_model = apps.get_model("documents", "Document")
    if document_model.objects.filter(symbol=SYMBOL, issued_on=WRONG).exists():
        return
    document_model.objects.filter(symbol=SYMBOL, issued_on=OFFICIAL).update(issued_on=WRONG)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_document_secrecy"),
    ]

    operations = [migrations.RunPython(correct, restore)]
