"""The reviewers' pages through HTTP: the queue, a report, the evidence, copy rings, a case and its decision.

The world (tests/conftest.py, tests/reports/conftest.py): alice reviews the whole province, bob the XA1
cell, charlie the XB commune; dave writes in XA2 and fiona in XB1, both with accounts; An (XA1) has none.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import Case, CaseState, Finding, LearningReport, ReportStatus
from quantriet.reports.services import reviewing
from quantriet.reports.services.submitting import Handed, submit
from tests.copycheck import shuffled
from tests.reports.conftest import Reports
from tests.reports.shuffled_finding import HIS, shuffled_finding
from tests.reports.writing import essay, lightly_edited

SCRIPT = "<script>alert('x')</script> và <b>chữ đậm</b>"
# A paragraph only dave wrote: fiona copies his essay, not this.
DAVE_OWN = "Đoạn riêng của đồng chí Dũng về phong trào nuôi ong ở xóm Bãi."


def _pair(reports: Reports) -> tuple[LearningReport, LearningReport, Finding]:
    """dave (XA2) writes, fiona (XB1) hands in a lightly edited copy: one PEER finding on fiona's."""
    world = reports.world
    dave = reports.report_of(world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    original = essay(21)
    first, rest = original.split("\n\n", 1)
    copied = f"{first} {SCRIPT}\n\n{rest}"
    submit(world.dave, dave, Handed(copied + "\n\n" + DAVE_OWN + " " + essay(22, words=150)))
    submit(reports.fiona, fiona, Handed(lightly_edited(copied)))
    check_all_pending()
    dave.refresh_from_db()
    fiona.refresh_from_db()
    return dave, fiona, Finding.objects.get(report=fiona)


def _client(reports: Reports, name: str) -> Client:
    user = reports.fiona if name == "fiona" else getattr(reports.world, name)
    return reports.world.client_for(user)


# --- the queue -------------------------------------------------------------------------------------


def test_the_queue_puts_findings_first_with_each_cell_and_its_parent(reports: Reports) -> None:
    dave, fiona, _finding = _pair(reports)
    response = _client(reports, "alice").get(f"/reports/review/?campaign={reports.campaign.pk}")
    assert response.status_code == 200
    rows = [r for r, _cell in response.context["rows"]]
    assert rows[0].pk in (dave.pk, fiona.pk) and rows[1].pk in (dave.pk, fiona.pk)
    assert {r.status for r in rows[2:]} == {ReportStatus.REQUIRED}
    text = response.content.decode()
    assert "Chi bộ thôn 3 — Đảng bộ xã Bình Minh" in text
    assert "Phạm Thu Phương" in text and f"{round(fiona.similarity * 100)}%" in text


@pytest.mark.parametrize(
    ("state", "expected"),
    [("missing", {"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"}), ("submitted", {"Đặng", "Phạm"})],
)
def test_the_queue_filters_by_state(reports: Reports, state: str, expected: set[str]) -> None:
    _pair(reports)
    response = _client(reports, "alice").get(f"/reports/review/?campaign={reports.campaign.pk}&state={state}")
    names = {r.member.full_name for r, _cell in response.context["rows"]}
    assert all(any(e in n for n in names) for e in expected) and len(names) == len(expected)


def test_the_queue_filters_by_a_unit_of_the_reviewers_subtree_only(reports: Reports) -> None:
    _pair(reports)
    world = reports.world
    campaign = reports.campaign.pk
    response = _client(reports, "alice").get(f"/reports/review/?campaign={campaign}&unit={world.xb.pk}")
    assert {r.member.full_name for r, _c in response.context["rows"]} == {"Lê Hoàng Cường", "Phạm Thu Phương"}
    # bob reviews XA1 only: the XB commune and his sibling cell are not his to filter by
    for unit in (world.xb, world.xa2, "abc"):
        pk = getattr(unit, "pk", unit)
        assert (
            _client(reports, "bob").get(f"/reports/review/?campaign={campaign}&unit={pk}").status_code == 404
        )
    bob = _client(reports, "bob").get(f"/reports/review/?campaign={campaign}")
    assert {r.member.full_name for r, _c in bob.context["rows"]} == {"Nguyễn Văn An"}


def test_the_queue_is_not_for_members_or_strangers(reports: Reports) -> None:
    for name in ("eve", "dave", "fiona"):
        assert _client(reports, name).get("/reports/review/").status_code == 404
    assert Client().get("/reports/review/").status_code == 302


def test_the_queue_costs_the_same_queries_for_any_number_of_rows(
    reports: Reports, django_assert_num_queries: Any
) -> None:
    _pair(reports)
    client = _client(reports, "alice")
    url = f"/reports/review/?campaign={reports.campaign.pk}"
    client.get(url)  # the session and the user warm
    # session, user, roles, the campaigns of the picker (the chosen one among them), COUNT, the page's
    # rows with member and cells joined, the bulk read's log row, the menu's own-member check
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 5


# --- a report --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "status"), [("eve", 404), ("charlie", 404), ("bob", 404), ("dave", 200)])
def test_a_report_is_seen_by_its_member_and_its_reviewers_only(
    reports: Reports, name: str, status: int
) -> None:
    dave, _fiona, _finding = _pair(reports)
    assert _client(reports, name).get(f"/reports/{dave.pk}/").status_code == status
    assert _client(reports, "alice").get(f"/reports/{dave.pk}/").status_code == 200


def test_html_in_a_report_is_shown_as_text_on_the_report_and_the_evidence(reports: Reports) -> None:
    _dave, fiona, finding = _pair(reports)
    for url in (f"/reports/{fiona.pk}/", f"/reports/findings/{finding.pk}/"):
        for name in ("alice", "fiona"):
            text = _client(reports, name).get(url).content.decode()
            assert "<script>alert" not in text and "<b>chữ đậm" not in text, (name, url)
            assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text, (name, url)


def test_the_member_never_sees_who_the_other_writer_is(reports: Reports) -> None:
    _dave, fiona, finding = _pair(reports)
    client = _client(reports, "fiona")
    page = client.get(f"/reports/{fiona.pk}/").content.decode()
    assert "Đặng Văn Dũng" not in page and "bài của người khác" in page
    assert "Đánh giá đạt" not in page  # no reviewer's actions on one's own report
    evidence = client.get(f"/reports/findings/{finding.pk}/").content.decode()
    assert "Đặng Văn Dũng" not in evidence and "Chi bộ thôn 2" not in evidence
    assert DAVE_OWN not in evidence  # the other side's copied passages only
    assert "<mark" in evidence


def test_the_copied_member_may_open_the_evidence_about_their_text(reports: Reports) -> None:
    _dave, _fiona, finding = _pair(reports)
    evidence = _client(reports, "dave").get(f"/reports/findings/{finding.pk}/").content.decode()
    assert DAVE_OWN in evidence  # his whole text
    assert "Phạm Thu Phương" not in evidence
    for name in ("eve", "bob"):
        assert _client(reports, name).get(f"/reports/findings/{finding.pk}/").status_code == 404


def test_a_reviewer_who_sees_both_cells_sees_both_whole_texts_aligned(reports: Reports) -> None:
    _dave, _fiona, finding = _pair(reports)
    response = _client(reports, "alice").get(f"/reports/findings/{finding.pk}/")
    text = response.content.decode()
    assert "Đặng Văn Dũng" in text and "Phạm Thu Phương" in text and DAVE_OWN in text
    assert 'id="a1" href="#b1"' in text and 'id="b1" href="#a1"' in text
    e = response.context["e"]
    assert e.left.whole and e.right.whole and len(e.pairs) == len(finding.passages)
    assert all(not p.sentences for p in e.pairs) and 'class="sentence"' not in text  # kept in order


def test_a_counterpart_outside_the_reviewers_reach_is_not_named(reports: Reports) -> None:
    """bob (secretary of XA1) reviews An's report, copied from fiona (XB1): he must not learn it is hers."""
    world = reports.world
    fiona = reports.report_of(reports.m_fiona)
    an = reports.report_of(world.m_xa1)
    original = essay(31)
    submit(reports.fiona, fiona, Handed(original))
    submit(world.bob, an, Handed(lightly_edited(original), on_behalf=True))
    check_all_pending()
    finding = Finding.objects.get(report=an)
    client = _client(reports, "bob")
    for url in (f"/reports/{an.pk}/", f"/reports/findings/{finding.pk}/"):
        text = client.get(url).content.decode()
        assert "Phạm Thu Phương" not in text and "Chi bộ thôn 3" not in text, url
        assert "bài của đơn vị khác" in text, url
    assert client.get(f"/reports/{fiona.pk}/").status_code == 404
    # alice reviews both: she sees the name
    assert "Phạm Thu Phương" in _client(reports, "alice").get(f"/reports/{an.pk}/").content.decode()


def test_overlapping_reversed_or_stale_passages_still_show(reports: Reports) -> None:
    """Passages out of order, overlapping, empty or beyond the text (a finding older than an edit of the
    library text): the page clips them and still marks the rest."""
    _dave, _fiona, finding = _pair(reports)
    Finding.objects.filter(pk=finding.pk).update(
        passages=[[50, 120, 40, 110], [10, 80, 0, 70], [30, 30, 5, 5], [-5, 99999, 99990, 100500], "x"]
    )
    response = _client(reports, "alice").get(f"/reports/findings/{finding.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="a1" href="#b1"' in text and 'id="a2" href="#b2"' in text and 'id="a4"' in text


def test_a_copy_with_its_sentences_shuffled_is_shown_sentence_by_sentence(reports: Reports) -> None:
    """fiona hands in dave's sentences shuffled, a word in three replaced, every third rewritten: the
    evidence lists which of her sentences matches which of his, side by side (a copy kept in order needs
    no such list: ``test_a_reviewer_who_sees_both_cells_sees_both_whole_texts_aligned``)."""
    finding = shuffled_finding(reports, own=DAVE_OWN)
    for name in ("alice", "fiona"):  # a reviewer, and the member reading the evidence about her text
        response = _client(reports, name).get(f"/reports/findings/{finding.pk}/")
        text = response.content.decode()
        [passage] = response.context["e"].pairs
        assert len(passage.sentences) == 7, name  # every sentence she kept something of
        assert "Đoạn 1 đã bị đảo thứ tự câu" in text, name
        assert text.count('<tr class="sentence">') == 7, name
        for hers, his in passage.sentences:
            assert hers in text and his in text
            assert his.rstrip(".") in shuffled.text(HIS)  # a sentence of his, never of anything else
        assert (DAVE_OWN in text) == (name == "alice"), name  # the member sees his copied passages only


# --- reviewers' actions ----------------------------------------------------------------------------


def test_pass_with_a_mark_and_a_comment(reports: Reports) -> None:
    dave, _fiona, _finding = _pair(reports)
    response = _client(reports, "bob").post(f"/reports/{dave.pk}/pass/", {"pass-mark": "8,5"})
    assert response.status_code == 404  # bob reviews the sibling cell only
    response = _client(reports, "alice").post(
        f"/reports/{dave.pk}/pass/", {"pass-mark": "8,5", "pass-comment": "Bài tốt"}
    )
    assert response.status_code == 302
    dave.refresh_from_db()
    assert (dave.status, dave.mark, dave.comment) == (ReportStatus.PASSED, Decimal("8.5"), "Bài tốt")


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("pass", {"pass-mark": "11"}, "Điểm phải từ 0 đến 10"),
        ("pass", {"pass-mark": "mười"}, "Điểm phải là một số"),
        ("grade", {"grade-grade": "", "grade-mark": ""}, "Hãy chọn xếp loại hoặc nhập điểm"),
        ("grade", {"grade-grade": "gold"}, "lựa chọn"),
        ("return", {"return-comment": "", "return-rewrite_by": "01/01/2099"}, "lý do trả lại"),
        ("return", {"return-comment": "Viết lại", "return-rewrite_by": "32/13/2025"}, "Ngày không hợp lệ"),
        (
            "return",
            {"return-comment": "Viết lại", "return-rewrite_by": "01/01/2001"},
            "không được trước hôm nay",
        ),
        ("case", {"case-reason": "  "}, "Hãy ghi lý do mở vụ việc"),
        ("case", {"case-reason": "Trùng", "case-findings": ["999999"]}, "không thuộc bài này"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    reports: Reports, path: str, body: dict[str, Any], message: str
) -> None:
    _dave, fiona, _finding = _pair(reports)
    response = _client(reports, "alice").post(f"/reports/{fiona.pk}/{path}/", body)
    assert response.status_code == 400
    assert message in response.content.decode()
    after = LearningReport.objects.get(pk=fiona.pk)
    assert (after.status, after.mark, after.grade, after.comment) == (ReportStatus.SUBMITTED, None, "", "")
    assert not Case.objects.exists()


def test_return_for_rewriting_with_a_new_deadline(reports: Reports) -> None:
    _dave, fiona, _finding = _pair(reports)
    deadline = timezone.localdate() + dt.timedelta(days=5)
    response = _client(reports, "charlie").post(
        f"/reports/{fiona.pk}/return/",
        {
            "return-comment": "Hãy viết bằng lời của đồng chí",
            "return-rewrite_by": deadline.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    fiona.refresh_from_db()
    assert (fiona.status, fiona.rewrite_by) == (ReportStatus.RETURNED, deadline)


def test_actions_are_post_only_and_need_the_csrf_token(reports: Reports) -> None:
    _dave, fiona, _finding = _pair(reports)
    assert _client(reports, "alice").get(f"/reports/{fiona.pk}/pass/").status_code == 405
    client = Client(enforce_csrf_checks=True)
    client.force_login(reports.world.alice)
    assert client.post(f"/reports/{fiona.pk}/pass/", {}).status_code == 403
    assert LearningReport.objects.get(pk=fiona.pk).status == ReportStatus.SUBMITTED


def test_a_member_may_not_review_their_own_report(reports: Reports) -> None:
    _dave, fiona, _finding = _pair(reports)
    assert _client(reports, "fiona").post(f"/reports/{fiona.pk}/pass/", {}).status_code == 404


# --- a case ----------------------------------------------------------------------------------------


def _open(reports: Reports) -> tuple[LearningReport, Case]:
    _dave, fiona, finding = _pair(reports)
    response = _client(reports, "charlie").post(
        f"/reports/{fiona.pk}/case/", {"case-reason": "Trùng gần hết bài", "case-findings": [str(finding.pk)]}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/reports/cases/{case.pk}/"
    return fiona, case


def test_the_case_page_asks_the_member_for_an_answer_until_the_deadline(reports: Reports) -> None:
    _fiona, case = _open(reports)
    page = _client(reports, "fiona").get(f"/reports/cases/{case.pk}/").content.decode()
    assert "Gửi giải trình" in page and case.answer_by.strftime("%d/%m/%Y") in page
    assert "Đặng Văn Dũng" not in page and "Ghi kết luận" not in page
    # charlie opened it but the case is the province's (dave and fiona meet there): no decision form
    assert (
        "Ghi kết luận" not in _client(reports, "charlie").get(f"/reports/cases/{case.pk}/").content.decode()
    )
    assert "Ghi kết luận" in _client(reports, "alice").get(f"/reports/cases/{case.pk}/").content.decode()
    for name in ("eve", "bob"):
        assert _client(reports, name).get(f"/reports/cases/{case.pk}/").status_code == 404


def test_only_the_member_answers_and_not_after_the_deadline(reports: Reports) -> None:
    _fiona, case = _open(reports)
    url = f"/reports/cases/{case.pk}/answer/"
    assert _client(reports, "alice").post(url, {"answer-answer": "Thay lời"}).status_code == 404
    response = _client(reports, "fiona").post(url, {"answer-answer": "  "})
    assert response.status_code == 400 and "Nội dung giải trình đang trống" in response.content.decode()
    Case.objects.filter(pk=case.pk).update(answer_by=timezone.localdate() - dt.timedelta(days=1))
    response = _client(reports, "fiona").post(url, {"answer-answer": "Tôi tự viết"})
    assert response.status_code == 400 and "Đã quá hạn giải trình" in response.content.decode()
    case.refresh_from_db()
    assert (case.state, case.answer) == (CaseState.AWAITING_ANSWER, "")


def test_the_level_above_decides_after_the_answer(reports: Reports) -> None:
    fiona, case = _open(reports)
    decide = f"/reports/cases/{case.pk}/decide/"
    body = {"decide-decision": "copied", "decide-note": "Có sao chép"}
    response = _client(reports, "alice").post(decide, body)
    assert response.status_code == 400 and "còn thời hạn giải trình" in response.content.decode()
    response = _client(reports, "fiona").post(
        f"/reports/cases/{case.pk}/answer/", {"answer-answer": "<i>Tôi</i> đã tham khảo"}
    )
    assert response.status_code == 302
    for name in ("charlie", "fiona", "bob"):  # a reviewer below the deciding unit, the member, an outsider
        assert _client(reports, name).post(decide, body).status_code == 404
    assert (
        _client(reports, "alice").post(decide, {"decide-decision": "maybe", "decide-note": "x"}).status_code
        == 400
    )
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_DECISION
    assert _client(reports, "alice").post(decide, body).status_code == 302
    fiona.refresh_from_db()
    case.refresh_from_db()
    assert (case.state, case.decision, fiona.status) == (CaseState.DECIDED, "copied", ReportStatus.COPIED)
    page = _client(reports, "fiona").get(f"/reports/cases/{case.pk}/").content.decode()
    assert "&lt;i&gt;Tôi&lt;/i&gt;" in page and "Có sao chép" in page


def test_a_case_opened_through_the_service_is_the_same_page(reports: Reports) -> None:
    _dave, fiona, finding = _pair(reports)
    case = reviewing.open_case(reports.world.alice, fiona, reason="Trùng", findings=[finding])
    assert _client(reports, "dave").get(f"/reports/cases/{case.pk}/").status_code == 404  # not his case


# --- copy rings ------------------------------------------------------------------------------------


def _ring(reports: Reports) -> tuple[LearningReport, LearningReport, LearningReport]:
    world = reports.world
    dave = reports.report_of(world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    an = reports.report_of(world.m_xa1)
    original = essay(41)
    submit(world.dave, dave, Handed(original))
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    submit(world.bob, an, Handed("Mở đầu khác hẳn.\n\n" + original.replace("đảng viên", "Đảng viên", 2)))
    check_all_pending()
    return dave, fiona, an


def test_a_ring_groups_the_reports_sharing_one_source_named_by_the_identity_rule(reports: Reports) -> None:
    dave, fiona, an = _ring(reports)
    response = _client(reports, "alice").get(f"/reports/campaigns/{reports.campaign.pk}/rings/")
    [ring] = response.context["rings"]
    assert {m.report.pk for m in ring.members} == {dave.pk, fiona.pk, an.pk}
    assert ring.source.report.pk == dave.pk  # submitted first
    charlie = _client(reports, "charlie").get(f"/reports/campaigns/{reports.campaign.pk}/rings/")
    text = charlie.content.decode()
    assert "Phạm Thu Phương" in text and "Đặng Văn Dũng" not in text and "Nguyễn Văn An" not in text
    assert text.count("bài của đơn vị khác") == 2


def test_rings_cost_the_same_queries_and_are_closed_to_members(
    reports: Reports, django_assert_num_queries: Any
) -> None:
    _ring(reports)
    client = _client(reports, "alice")
    url = f"/reports/campaigns/{reports.campaign.pk}/rings/"
    client.get(url)
    # session, user, roles, the campaign, the links, the reports with who may see them, the bulk read's
    # log row, the menu's own-member check
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    for name in ("dave", "eve"):
        assert _client(reports, name).get(url).status_code == 404


def test_an_action_on_a_report_that_moved_on_says_why(reports: Reports) -> None:
    fiona, _case = _open(reports)
    response = _client(reports, "alice").post(f"/reports/{fiona.pk}/pass/", {"pass-mark": "9"})
    assert response.status_code == 400
    assert "Chỉ đánh giá được bài đã nộp" in response.content.decode()
    fiona.refresh_from_db()
    assert fiona.status == ReportStatus.CASE
