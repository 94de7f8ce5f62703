"""The member's pages: their reports, writing one (phone first, drafts saved as they type), handing in a
file after checking the text read from it, and the receipt.

Writing pages answer 404 for every report but the user's own; the receipt is shown to whoever may see
the report (``selectors.member``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from quantriet.core import jsonbody
from quantriet.core.uploads import limit_uploads
from quantriet.documents.services.files import max_bytes
from quantriet.reports.forms.member import (
    ConfirmForm,
    ReadText,
    UploadForm,
    WriteForm,
    accepted_suffixes,
)
from quantriet.reports.models import Format, Requirement
from quantriet.reports.selectors.access import is_own, own_member
from quantriet.reports.selectors.member import MyReport, own_report_or_404, own_reports, version_or_404
from quantriet.reports.services.submitting import Submitted, save_draft
from quantriet.text import text_digest


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Bài thu hoạch của tôi: every campaign that asks the member for a report, and where it stands."""
    member = own_member(request.user)
    rows = own_reports(request.user) if member is not None else []
    return render(request, "reports/member_mine.html", {"member": member, "rows": rows})


def _requirement(mine: MyReport) -> Requirement:
    if mine.requirement is None:  # rows are made by the requirement; none without it
        raise Http404
    return mine.requirement


def _done(request: HttpRequest, submitted: Submitted) -> HttpResponse:
    version = submitted.version
    if not submitted.created:
        messages.info(request, _("Bài này đã được nộp, không tạo lần nộp mới."))
    else:
        done = _("Đã nộp bài thu hoạch (lần %(n)s).") % {"n": version.number}
        if version.late:
            done += " " + _("Bài được ghi là nộp muộn.")
        messages.success(request, done)
    return redirect("reports:receipt", version_id=version.pk)


def _page(mine: MyReport, requirement: Requirement, **extra: Any) -> dict[str, Any]:
    report = mine.report
    return {
        "report": report,
        "campaign": report.campaign,
        "requirement": requirement,
        "mine": mine,
        "takes_typed": Format.TYPED in requirement.formats,
        "suffixes": accepted_suffixes(requirement),
        **extra,
    }


@login_required
def write(request: HttpRequest, report_id: int) -> HttpResponse:
    """A textarea with the guidance, a live word count, drafts kept on the server and on the device."""
    mine = own_report_or_404(request.user, report_id)
    requirement = _requirement(mine)
    report = mine.report
    if request.method == "POST":
        form = WriteForm(request.POST, report=report)
        if form.is_valid():
            submitted = form.save(request.user)
            if submitted is not None:
                return _done(request, submitted)
        status = 400
    else:
        form = WriteForm(report=report, initial={"text": report.draft})
        status = 200
    # What the page's script needs: where drafts go, the server draft's time (the device's copy is
    # offered back only when newer) and the length rule.
    script = {
        "draftUrl": reverse("reports:draft", args=[report.pk]),
        "storageKey": f"quantriet.report-draft.{request.user.pk}.{report.pk}",
        "serverSavedAt": report.draft_saved_at.isoformat() if report.draft_saved_at else None,
        "minWords": requirement.min_words,
        "maxWords": requirement.max_words,
        "open": mine.refusal is None,
    }
    context = _page(mine, requirement, form=form, script=script)
    return render(request, "reports/member_write.html", context, status=status)


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


@login_required
@require_POST
def draft(request: HttpRequest, report_id: int) -> JsonResponse:
    """Autosave: POST {"text": ...} (the CSRF token in a header); answers {"saved_at": ...}."""
    mine = own_report_or_404(request.user, report_id)
    try:
        body = jsonbody.loads(request.body)
    except RequestDataTooBig:
        return _json_error(_("Bản nháp quá dài."))
    except jsonbody.JsonBodyError:
        return _json_error(_("Bản nháp gửi lên không đọc được; hãy tải lại trang."))
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        return _json_error(_("Bản nháp gửi lên không có nội dung bài (trường text)."))
    try:
        # NUL cannot be typed, and PostgreSQL cannot store it.
        report = save_draft(request.user, mine.report, text.replace("\x00", ""))
    except ValidationError as error:
        return _json_error(" ".join(error.messages))
    saved_at = report.draft_saved_at
    return JsonResponse({"saved_at": saved_at.isoformat() if saved_at else None})


# --- uploading a file ------------------------------------------------------------------------------
#
# The text read from the file waits for the member's confirmation in the SESSION, not in a hidden field
# sent back with the confirmation. A hidden field would let the browser hand in any text as "read from
# file X" (the version's source, file name and TCVN3 conversion are evidence reviewers rely on), and it
# would send the whole text up a second time on a phone's connection. The confirmation names the text's
# digest, so a second upload in another tab cannot be confirmed by the first tab's button; it is one
# text per report, at most MAX_DRAFT_CHARS, removed once handed in.


def _pending_key(report_id: int) -> str:
    return f"reports.upload.{report_id}"


def _keep_pending(request: HttpRequest, report_id: int, read: ReadText) -> str:
    digest = text_digest(read.text)
    request.session[_pending_key(report_id)] = {
        "digest": digest,
        "text": read.text,
        "file_name": read.file_name,
        "kind": read.kind,
        "converted_from": read.converted_from,
        "warnings": list(read.warnings),
        "words": read.words,
    }
    return digest


def _pending(request: HttpRequest, report_id: int) -> tuple[ReadText | None, str]:
    kept = request.session.get(_pending_key(report_id))
    if not isinstance(kept, dict):
        return None, ""
    try:
        read = ReadText(
            text=str(kept["text"]),
            file_name=str(kept["file_name"]),
            kind=str(kept["kind"]),
            converted_from=str(kept["converted_from"]),
            warnings=tuple(str(w) for w in kept["warnings"]),
            words=int(kept["words"]),
        )
    except (KeyError, TypeError, ValueError):
        return None, ""
    return read, str(kept["digest"])


# The size-limiting handler must be installed before the body is read, which CSRF checking would do
# first; so the view is exempt from the middleware and protected again inside (as documents' upload).
@csrf_exempt
@login_required
def upload(request: HttpRequest, report_id: int) -> HttpResponse:
    """Step 1: a file, its text read and shown; step 2 (``step=confirm``): that text handed in."""
    mine = own_report_or_404(request.user, report_id)
    requirement = _requirement(mine)
    handler = limit_uploads(request, max_bytes())
    return _upload(request, mine, requirement, handler.too_large)


@csrf_protect
def _upload(
    request: HttpRequest, mine: MyReport, requirement: Requirement, dropped: list[str]
) -> HttpResponse:
    report = mine.report
    if request.method != "POST":
        form = UploadForm(requirement=requirement)
        return render(request, "reports/member_upload.html", _page(mine, requirement, form=form))
    if request.POST.get("step") == "confirm":
        pending, digest = _pending(request, report.pk)
        confirm = ConfirmForm(request.POST, report=report, pending=pending, pending_digest=digest)
        if confirm.is_valid():
            submitted = confirm.save(request.user)
            if submitted is not None:
                request.session.pop(_pending_key(report.pk), None)
                return _done(request, submitted)
        if pending is None:
            form = UploadForm(requirement=requirement)
            context = _page(mine, requirement, form=form, errors=confirm.non_field_errors())
            return render(request, "reports/member_upload.html", context, status=400)
        context = _page(mine, requirement, read=pending, confirm=confirm)
        return render(request, "reports/member_confirm.html", context, status=400)
    form = UploadForm(request.POST, request.FILES, requirement=requirement, dropped_files=dropped)
    if mine.refusal is None and form.is_valid() and form.read is not None:
        digest = _keep_pending(request, report.pk, form.read)
        confirm = ConfirmForm(
            report=report, pending=form.read, pending_digest=digest, initial={"digest": digest}
        )
        return render(
            request, "reports/member_confirm.html", _page(mine, requirement, read=form.read, confirm=confirm)
        )
    errors = [mine.refusal] if mine.refusal else []
    context = _page(mine, requirement, form=form, errors=errors)
    return render(request, "reports/member_upload.html", context, status=400)


@login_required
def receipt(request: HttpRequest, version_id: int) -> HttpResponse:
    """Giấy biên nhận: what was handed in, when, how long, its digest; printable."""
    version = version_or_404(request.user, version_id)
    report = version.report
    own = is_own(request.user, report)
    script = {
        "storageKey": f"quantriet.report-draft.{request.user.pk}.{report.pk}",
        "submittedAt": version.submitted_at.isoformat(),
    }
    context = {
        "version": version,
        "report": report,
        "campaign": report.campaign,
        "own": own,
        "checked": version.checked_at is not None,
        "script": script if own else None,
    }
    return render(request, "reports/member_receipt.html", context)
