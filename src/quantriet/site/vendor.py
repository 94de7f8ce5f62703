"""Front-end assets fetched from the npm registry at install time, never copied into the repository.

``python -m quantriet.site.vendor`` (run by ``make install``) downloads each pinned tarball, checks it
against the registry's ``integrity`` before anything is written, and extracts the one file the site
serves into ``VENDOR_DIR`` (git-ignored, served as static files under ``vendor/``). A file already
there with the pinned digest is left alone, so a second run needs no network.

To pin a new version: take ``dist.tarball`` and ``dist.integrity`` from
``https://registry.npmjs.org/<package>/<version>``, and the sha256 of the extracted file.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import io
import sys
import tarfile
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from quantriet.files import replacing

VENDOR_DIR = Path(__file__).resolve().parent / "vendored"
# Served as STATIC_URL + this prefix + an asset's destination (see STATICFILES_DIRS in settings).
STATIC_PREFIX = "vendor"
# A registry tarball of a front-end library is well under this; a larger answer is not the one pinned.
MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024
TIMEOUT_SECONDS = 60

Opener = Callable[..., IO[bytes]]


@dataclass(frozen=True)
class Asset:
    """One file taken from one pinned npm tarball.

    Attributes:
        package: the npm package name.
        version: the exact version pinned.
        tarball: the registry's ``dist.tarball`` URL.
        integrity: the registry's ``dist.integrity`` (Subresource Integrity form, ``sha512-<base64>``)
            of the tarball, checked before anything is extracted.
        member: the file's path inside the tarball.
        destination: where it goes, relative to the vendor directory.
        sha256: the extracted file's digest, so a file already installed is checked without the network.
    """

    package: str
    version: str
    tarball: str
    integrity: str
    member: str
    destination: str
    sha256: str

    @property
    def label(self) -> str:
        return f"{self.package}@{self.version}"


# The QR reader of the check-in desk where the browser has no BarcodeDetector (Safari on iPhone,
# Firefox, Chromium on a desktop). Apache-2.0.
_JSQR = {
    "package": "jsqr",
    "version": "1.4.0",
    "tarball": "https://registry.npmjs.org/jsqr/-/jsqr-1.4.0.tgz",
    "integrity": (
        "sha512-dxLob7q65Xg2DvstYkRpkYtmKm2sPJ9oFhrhmudT1dZvNFFTlroai3AWSpLey/w5vMcLBXRgOJsbXpdN9HzU/A=="
    ),
}

ASSETS: tuple[Asset, ...] = (
    Asset(
        **_JSQR,
        member="package/dist/jsQR.js",
        destination="jsqr/jsQR.js",
        sha256="bc40c8a15196236b2314db0856f72ca0b49980cd5413b8c852a7349f5fee0859",
    ),
    # Apache-2.0 asks that whoever receives the library also receives its licence: served beside it.
    Asset(
        **_JSQR,
        member="package/LICENSE",
        destination="jsqr/LICENSE",
        sha256="c6596eb7be8581c18be736c846fb9173b69eccf6ef94c5135893ec56bd92ba08",
    ),
)

_INTEGRITY_ALGORITHMS = ("sha512", "sha384", "sha256")


class VendorError(Exception):
    """An asset that could not be installed; the message says why and what to do, in Vietnamese."""


def _target(asset: Asset, root: Path) -> Path:
    target = (root / asset.destination).resolve()
    if not target.is_relative_to(root.resolve()):
        raise VendorError(f"{asset.label}: đích «{asset.destination}» nằm ngoài thư mục {root}.")
    return target


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def integrity_matches(data: bytes, integrity: str) -> bool:
    """Whether ``data`` has one of the digests of an SRI string (``sha512-<base64>``, space-separated)."""
    known = False
    for token in integrity.split():
        algorithm, _dash, expected = token.partition("-")
        if algorithm not in _INTEGRITY_ALGORITHMS or not expected:
            continue
        known = True
        actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
        if hmac.compare_digest(actual, expected):
            return True
    if not known:
        raise VendorError(
            f"Chuỗi integrity «{integrity}» không có thuật toán nào đọc được (sha512, sha384, sha256)."
        )
    return False


def _download(asset: Asset, opener: Opener) -> bytes:
    try:
        with opener(asset.tarball, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
    except OSError as error:  # URLError, HTTPError, timeouts and refused connections are all OSErrors
        raise VendorError(
            f"Không tải được {asset.label} từ {asset.tarball}: {error}. "
            "Hãy kiểm tra kết nối mạng (hoặc proxy) tới kho npm rồi chạy lại "
            "`python -m quantriet.site.vendor`."
        ) from error
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise VendorError(
            f"{asset.label}: tệp tải về lớn hơn {MAX_DOWNLOAD_BYTES} byte; không phải gói đã ghim."
        )
    return data


def _extract(asset: Asset, data: bytes) -> bytes:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            member = archive.getmember(asset.member)
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                raise VendorError(f"{asset.label}: «{asset.member}» trong gói không phải một tệp.")
            return handle.read()
    except KeyError as error:
        raise VendorError(f"{asset.label}: gói không có tệp «{asset.member}».") from error
    except tarfile.TarError as error:
        raise VendorError(f"{asset.label}: không đọc được gói tải về ({error}).") from error


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Readable by all: a web server may run as another user than the one who installed.
    with replacing(target, mode=0o644) as out:
        out.write(content)


def install(
    asset: Asset,
    root: Path = VENDOR_DIR,
    *,
    opener: Opener = urllib.request.urlopen,
    downloaded: dict[str, bytes] | None = None,
) -> bool:
    """Put ``asset`` under ``root``; return False when the right file was already there.

    ``downloaded`` keeps the tarballs of one run, so several files of one package cost one download.

    Raises:
        VendorError: the download failed, or the tarball or the file is not the one pinned; nothing
            is written then, and a file already in place stays as it was.
    """
    target = _target(asset, root)
    if target.is_file() and _file_sha256(target) == asset.sha256:
        return False
    cache = downloaded if downloaded is not None else {}
    if asset.tarball not in cache:
        cache[asset.tarball] = _download(asset, opener)
    data = cache[asset.tarball]
    if not integrity_matches(data, asset.integrity):
        raise VendorError(
            f"{asset.label}: gói tải về từ {asset.tarball} không khớp mã băm đã ghim ({asset.integrity}); "
            "không ghi gì. Có thể tệp bị hỏng trên đường truyền hoặc bị thay: hãy chạy lại; nếu vẫn sai, "
            "đừng dùng gói này."
        )
    content = _extract(asset, data)
    if hashlib.sha256(content).hexdigest() != asset.sha256:
        raise VendorError(
            f"{asset.label}: tệp «{asset.member}» trong gói không khớp mã sha256 đã ghim; không ghi gì."
        )
    _write_atomically(target, content)
    return True


def install_all(
    assets: Sequence[Asset] = ASSETS, root: Path = VENDOR_DIR, *, opener: Opener = urllib.request.urlopen
) -> list[tuple[Asset, bool]]:
    """Install every asset in turn; stops at the first failure (the ones before it stay installed)."""
    downloaded: dict[str, bytes] = {}
    return [(asset, install(asset, root, opener=opener, downloaded=downloaded)) for asset in assets]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quantriet.site.vendor",
        description="Tải các thư viện giao diện đã ghim phiên bản từ kho npm và kiểm tra mã băm.",
    )
    parser.add_argument("--into", type=Path, default=VENDOR_DIR, help=f"thư mục đích (mặc định {VENDOR_DIR})")
    args = parser.parse_args(argv)
    try:
        for asset, written in install_all(ASSETS, args.into):
            state = "đã tải và kiểm tra" if written else "đã có, đúng mã băm"
            print(f"{asset.label} → {args.into / asset.destination}: {state}")
    except VendorError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
