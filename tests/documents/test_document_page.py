"""The document page: citations as links (escaped), "Văn bản này trích dẫn" and "Được trích dẫn bởi"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

from quantriet.documents import services
from quantriet.documents.models import CitationLink
from tests.conftest import World
from tests.documents.helpers import central, make_document

pytestmark = pytest.mark.django_db


def test_the_page_links_citations_and_lists_them_both_ways(world: World) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        body="Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 và Nghị quyết 18 của Trung ương.",
    )
    client = world.client_for(world.bob)
    page = client.get(f"/documents/{plan.pk}/").content.decode()
    link = f'<a class="citation" href="/documents/{resolution.pk}/" title="Nghị quyết 35-NQ/TW">'
    assert link + "Nghị quyết số 35-NQ/TW ngày 22/10/2018</a>" in page
    assert "Văn bản này trích dẫn" in page and "“Nghị quyết 18”" in page  # the partial one is a mention
    cited = client.get(f"/documents/{resolution.pk}/").content.decode()
    assert "Được trích dẫn bởi" in cited
    assert f'<a href="/documents/{plan.pk}/">Kế hoạch 15-KH/TU</a>' in cited


def test_a_citing_document_the_reader_may_not_see_is_not_listed(world: World) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    make_document("03-KH/ĐU", "Kế hoạch", issuing_unit=world.xb, body="Theo Nghị quyết 35-NQ/TW.")
    page = world.client_for(world.bob).get(f"/documents/{resolution.pk}/").content.decode()
    assert "03-KH/ĐU" not in page
    assert "03-KH/ĐU" in world.client_for(world.charlie).get(f"/documents/{resolution.pk}/").content.decode()


def test_a_citation_of_a_document_the_reader_may_not_see_stays_plain_text(world: World) -> None:
    local = make_document("07-KH/ĐU", "Kế hoạch", issuing_unit=world.xb)
    owner = central("99-HD/TW", "Hướng dẫn", body="Xem Kế hoạch số 07-KH/ĐU.")
    page = world.client_for(world.bob).get(f"/documents/{owner.pk}/").content.decode()
    assert f"/documents/{local.pk}/" not in page
    assert "Xem Kế hoạch số 07-KH/ĐU." in page


def test_the_text_around_citations_is_escaped(world: World) -> None:
    target = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    body = '<script>alert("x")</script> Nghị quyết 35-NQ/TW <img src=x onerror=alert(1)> & "cuối"'
    owner = make_document("15-KH/TU", "Kế hoạch", issuing_unit=world.province, body=body)
    page = world.client_for(world.alice).get(f"/documents/{owner.pk}/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert f'href="/documents/{target.pk}/"' in page


def test_the_filter_escapes_citation_text_and_skips_stale_offsets(world: World) -> None:
    target = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    links = services.scan_citations(world.xa1, "note", "A <b> Nghị quyết 35-NQ/TW.")
    for link in links:
        link.href = '/documents/1/"><script>'  # type: ignore[attr-defined]
    template = Template("{% load documents_text %}{{ text|with_citations:links }}")
    html = template.render(Context({"text": "A <b> Nghị quyết 35-NQ/TW.", "links": links}))
    assert html.startswith("A &lt;b&gt; <a ") and "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
    stale = template.render(Context({"text": "Văn bản đã sửa khác hẳn.", "links": links}))
    assert stale == "Văn bản đã sửa khác hẳn."
    assert CitationLink.objects.get(field="note").target == target
