"""``quantriet copycheck``: find copying between learning reports (contract: shared/contracts/copycheck.md).

The interface is fixed by the contract; options may be added, never changed. Everything a user can get
wrong (a missing path, a bad value, an unreachable scheduler) ends with a Vietnamese sentence on standard
error and a non-zero status; a file that cannot be read is named on standard error and in ``skipped``,
and the others are still checked.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import io
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TextIO

from quantriet.copycheck.cli.inputs import (
    DEFAULT_MAX_BYTES,
    InputError,
    InputFile,
    LoadedText,
    SkippedFile,
    collect_inputs,
    load_document,
    load_text,
    unique_inputs,
)
from quantriet.copycheck.cli.progress import ProgressBar
from quantriet.copycheck.runners import DaskRunner, LocalRunner, ProcessRunner, RunnerError
from quantriet.files import SHARED, replacing

if TYPE_CHECKING:
    from quantriet.copycheck import CheckResult, Document, Options

__all__ = ["main", "register", "run"]

EXIT_OK = 0
EXIT_USAGE = 2  # argparse's own status for a bad option; ours for bad values and missing paths
EXIT_FAILED = 1


def _positive_int(what: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            raise argparse.ArgumentTypeError(
                f"{what} phải là số nguyên dương (ví dụ 2), không phải {value!r}."
            )
        return number

    return parse


def _share(value: str) -> float:
    try:
        number = float(value.replace(",", "."))  # Vietnamese decimal comma accepted
    except ValueError:
        number = -1.0
    if not 0.0 < number <= 1.0:
        raise argparse.ArgumentTypeError(
            f"--common-share phải là một tỉ lệ lớn hơn 0 và không quá 1 (ví dụ 0.05), không phải {value!r}."
        )
    return number


def _output_format(value: str) -> str:
    if value.lower() not in ("json", "html"):
        raise argparse.ArgumentTypeError(f"--format chỉ nhận json hoặc html, không nhận {value!r}.")
    return value.lower()


def register(subparsers: Any) -> None:
    """Add the ``copycheck`` subcommand to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "copycheck",
        help="phát hiện sao chép giữa các bài thu hoạch",
        description=(
            "So sánh từng bài trong nhóm (ĐƯỜNG_DẪN: tệp hoặc thư mục) với mọi bài khác và với các văn bản "
            "tham chiếu; bỏ qua phần trùng với văn bản nền (--base). Kết quả: JSON hoặc báo cáo HTML."
        ),
    )
    parser.set_defaults(func=run)
    add = parser.add_argument
    add("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help="tệp .txt/.docx/.pdf hoặc thư mục (tìm đệ quy)")
    add("--reference", action="append", default=[], metavar="ĐƯỜNG_DẪN", help="văn bản tham chiếu (nguồn)")
    add("--base", action="append", default=[], metavar="ĐƯỜNG_DẪN", help="văn bản nền ai cũng được dùng")
    add("--format", type=_output_format, default="json", metavar="json|html", help="định dạng kết quả")
    add("--out", metavar="TỆP", help="ghi kết quả vào TỆP (mặc định: đầu ra chuẩn)")
    add(
        "--workers", type=_positive_int("--workers"), metavar="N", help="số tiến trình song song trên máy này"
    )
    add(
        "--scheduler",
        metavar="ĐỊA_CHỈ",
        help="bộ điều phối Dask (tcp://máy:8786), hoặc 'local' để dựng cụm Dask trên máy này",
    )
    add(
        "--min-words",
        type=_positive_int("--min-words"),
        metavar="N",
        help="độ dài tối thiểu của đoạn (âm tiết)",
    )
    add(
        "--common-share",
        type=_share,
        metavar="TỈ_LỆ",
        help="cụm từ có trong hơn tỉ lệ này số bài là phổ biến",
    )
    add("--ignore-quotes", action="store_true", help="bỏ qua phần trong ngoặc kép")
    add("--index", metavar="THƯ_MỤC", help="đối chiếu thêm với chỉ mục lưu trữ và thêm các bài vào đó")
    add("--max-mb", type=_positive_int("--max-mb"), metavar="MB", help="bỏ qua tệp lớn hơn (mặc định 20 MB)")
    add("--timings", action="store_true", help="in thời gian của từng bước trên đầu ra lỗi")
    add(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="thanh tiến độ trên đầu ra lỗi (mặc định: khi là màn hình)",
    )


def _error(stderr: TextIO, message: str) -> int:
    print(f"quantriet copycheck: {message}", file=stderr)
    return EXIT_USAGE


def _make_runner(args: argparse.Namespace, progress: ProgressBar | None) -> Any:
    hook = progress.items if progress is not None else None
    if args.scheduler:
        address = None if args.scheduler == "local" else args.scheduler
        return DaskRunner(address, workers=args.workers, progress=hook)
    if args.workers and args.workers > 1:
        return ProcessRunner(args.workers, progress=hook)
    return LocalRunner(progress=hook)


def _make_options(args: argparse.Namespace) -> Options:
    from quantriet.copycheck import Options

    given: dict[str, Any] = {}
    if args.min_words is not None:
        given["min_passage_words"] = args.min_words
    if args.common_share is not None:
        given["common_share"] = args.common_share
    if args.ignore_quotes:
        given["ignore_quotes"] = True
    return Options(**given)


def _load(
    sources: list[InputFile], runner: Any, max_bytes: int, stderr: TextIO, progress: ProgressBar | None
) -> tuple[list[LoadedText], list[SkippedFile]]:
    if progress is not None:
        progress.stage("đọc tệp", 0, len(sources))
    loaded = runner.map(functools.partial(load_text, max_bytes=max_bytes), sources)
    texts = [item for item in loaded if isinstance(item, LoadedText)]
    skipped = [item for item in loaded if isinstance(item, SkippedFile)]
    if progress is not None:
        progress.done()
    for item in skipped:
        print(f"Bỏ qua {item.path}: {item.reason}", file=stderr)
    return texts, skipped


def _check(
    texts: list[LoadedText], options: Options, runner: Any, progress: ProgressBar | None, index: str | None
) -> CheckResult:
    from quantriet.copycheck import Document, check_cohort

    by_role: dict[str, list[Document]] = {"cohort": [], "reference": [], "base": []}
    for item in texts:
        by_role[item.source.role].append(Document(item.source.id, item.text, item.source.role))
    result = check_cohort(
        by_role["cohort"],
        by_role["reference"],
        by_role["base"],
        options,
        runner=runner,
        progress=progress.stage if progress is not None else None,
    )
    if progress is not None:
        progress.done()
    if index is not None:
        from quantriet.copycheck.cli.index import check_with_index

        result = check_with_index(result, by_role, index, options)
    return result


def _check_in_workers(
    sources: list[InputFile],
    options: Options,
    runner: Any,
    max_bytes: int,
    stderr: TextIO,
    progress: ProgressBar | None,
) -> tuple[CheckResult, list[SkippedFile]]:
    """The check with files read where the work runs: texts never gather in this process."""
    from quantriet.copycheck.check import check_sources

    result, skipped = check_sources(
        sources,
        functools.partial(load_document, max_bytes=max_bytes),
        options,
        runner=runner,
        progress=progress.stage if progress is not None else None,
    )
    if progress is not None:
        progress.done()
    named = [item for item in skipped if isinstance(item, SkippedFile)]
    for item in named:
        print(f"Bỏ qua {item.path}: {item.reason}", file=stderr)
    return result, named


def _texts_of_pairs(result: CheckResult, sources: list[InputFile], max_bytes: int) -> dict[str, str]:
    """The texts the HTML report shows: those of documents in a pair, read again."""
    wanted = {pair.a for pair in result.pairs} | {pair.b for pair in result.pairs}
    texts: dict[str, str] = {}
    for source in sources:
        if source.id in wanted:
            loaded = load_text(source, max_bytes)
            texts[source.id] = loaded.text if isinstance(loaded, LoadedText) else ""
    return texts


def _write(path: str | None, stdout: TextIO, write: Callable[[TextIO], None]) -> None:
    if path is None:
        write(stdout)
        stdout.flush()
        return
    # Written beside the target and renamed: a crash never leaves a half-written report behind. The
    # report is readable by colleagues as any file the user writes (not mkstemp's owner-only mode).
    with replacing(path, mode=SHARED, prefix=".copycheck-") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        write(stream)
        stream.flush()
        stream.detach()  # the raw stream is closed by ``replacing``


# glibc gives freed memory back to the system once the heap's free top exceeds 128 KB, and the next NumPy
# temporary faults its pages in again: half of the command's system time at 20,000 reports. Keeping up to
# this much free for reuse (and growing the heap by this much at a time) halved the system time and took
# about 9% off the CPU time (three paired runs: 0.89-0.99, bench/README.md); peak memory did not grow.
_TRIM_THRESHOLD = 256 * 1024 * 1024
_TOP_PAD = 64 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_TOP_PAD = -1, -2  # mallopt's parameters (malloc.h)


def _keep_freed_memory() -> None:
    """Have this process (and the workers it forks) keep freed memory for reuse; glibc only."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return
    mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    mallopt(_M_TOP_PAD, _TOP_PAD)


def run(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the ``copycheck`` subcommand: 0 when the check ran, whatever it found."""
    _keep_freed_memory()
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    for stream in (stdout, stderr):
        if stream in (sys.__stdout__, sys.__stderr__) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")  # JSON and Vietnamese messages, whatever the locale
    if args.out is not None and not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
        return _error(stderr, f"không có thư mục để ghi {args.out}; hãy tạo thư mục đó hoặc chọn --out khác.")
    try:
        sources = unique_inputs(
            [
                collect_inputs(args.paths, "cohort"),
                collect_inputs(args.reference, "reference"),
                collect_inputs(args.base, "base"),
            ]
        )
        options = _make_options(args)
    except (InputError, ValueError) as error:
        return _error(stderr, str(error))
    show = args.progress if args.progress is not None else stderr.isatty()
    progress = ProgressBar(stderr, draw=show) if show or args.timings else None
    max_bytes = (args.max_mb * 1024 * 1024) if args.max_mb else DEFAULT_MAX_BYTES
    try:
        with _make_runner(args, progress) as runner:
            texts: dict[str, str] | None = None  # with no index the workers read the files, not this process
            if args.index is None:
                result, skipped = _check_in_workers(sources, options, runner, max_bytes, stderr, progress)
            else:
                loaded, skipped = _load(sources, runner, max_bytes, stderr, progress)
                result = _check(loaded, options, runner, progress, args.index)
                texts = {item.source.id: item.text for item in loaded}
    except (RunnerError, InputError) as error:
        return _error(stderr, str(error))
    except BrokenProcessPool:
        return _error(
            stderr,
            "một tiến trình con bị dừng đột ngột (thường do hết bộ nhớ); hãy chạy lại với ít --workers hơn "
            "hoặc trên máy nhiều bộ nhớ hơn.",
        )
    if args.timings and progress is not None:
        progress.stage("ghi kết quả", 0, 1)
    if args.format == "html":
        from quantriet.copycheck.report.html import write_html

        shown = texts if texts is not None else _texts_of_pairs(result, sources, max_bytes)
        _write(args.out, stdout, lambda stream: write_html(result, shown, stream, skipped, options))
    else:
        from quantriet.copycheck.report.jsonout import write_json

        _write(args.out, stdout, lambda stream: write_json(result, stream, skipped, options))
    if args.timings and progress is not None:
        print(f"Thời gian từng bước: {progress.summary()}.", file=stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m quantriet.copycheck.cli``: the same as ``quantriet copycheck``."""
    parser = argparse.ArgumentParser(prog="quantriet")
    register(parser.add_subparsers(dest="command", metavar="LỆNH"))
    args = parser.parse_args(["copycheck", *(sys.argv[1:] if argv is None else argv)])
    status: int = args.func(args)
    return status
