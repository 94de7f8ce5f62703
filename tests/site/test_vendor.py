"""The installer of front-end assets: pinned, verified before writing, idempotent; no network here.

The tarballs are made in tmp_path and fetched through file:// URLs (urllib's own opener), or an opener
that fails the test if it is called at all.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import stat
import tarfile
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

import pytest
from django.contrib.staticfiles import finders

from quantriet.site import vendor
from quantriet.site.vendor import Asset, VendorError

LIBRARY = b"(function(){ window.fakeQr = function(){ return null; }; })();\n"


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def published(tmp_path: Path, *, content: bytes = LIBRARY, integrity: str | None = None) -> Asset:
    """A package "published" as a file, with a manifest entry pinning it (or pinning ``integrity``)."""
    data = tarball(
        {
            "package/package.json": b'{"name": "fakeqr"}',
            "package/dist/fakeqr.js": content,
            "package/README": b"x",
        }
    )
    path = tmp_path / "registry" / "fakeqr-1.0.0.tgz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Asset(
        package="fakeqr",
        version="1.0.0",
        tarball=path.as_uri(),
        integrity=integrity or sri(data),
        member="package/dist/fakeqr.js",
        destination="fakeqr/fakeqr.js",
        sha256=hashlib.sha256(LIBRARY).hexdigest(),
    )


def no_network(url: str, **_kwargs: Any) -> IO[bytes]:
    raise AssertionError(f"the installer went to the network for {url}")


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_verified_tarball_gives_exactly_its_one_file(tmp_path: Path) -> None:
    asset = published(tmp_path)
    root = tmp_path / "vendored"
    assert vendor.install(asset, root) is True
    assert files_under(root) == ["fakeqr/fakeqr.js"]  # no README, no package.json, no temporary file
    target = root / "fakeqr" / "fakeqr.js"
    assert target.read_bytes() == LIBRARY
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable by a web server running as another user


def test_a_tarball_that_does_not_match_the_pinned_integrity_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    asset = published(tmp_path, integrity=sri(b"the tarball that was pinned"))
    root = tmp_path / "vendored"
    with pytest.raises(VendorError, match="không khớp mã băm đã ghim"):
        vendor.install(asset, root)
    assert files_under(root) == []


def test_a_mismatch_leaves_the_file_already_installed_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "vendored"
    old = root / "fakeqr" / "fakeqr.js"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an older copy")
    asset = published(tmp_path, integrity=sri(b"something else"))
    with pytest.raises(VendorError):
        vendor.install(asset, root)
    assert old.read_bytes() == b"an older copy"
    assert files_under(root) == ["fakeqr/fakeqr.js"]


def test_a_file_in_the_tarball_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    # The tarball matches its own integrity (a new publication pinned by mistake), the file does not.
    asset = published(tmp_path, content=b"window.fakeQr = 'changed';")
    root = tmp_path / "vendored"
    with pytest.raises(VendorError, match="sha256"):
        vendor.install(asset, root)
    assert files_under(root) == []


def test_a_missing_member_is_named_in_the_error(tmp_path: Path) -> None:
    asset = published(tmp_path)
    missing = replace(asset, member="package/dist/other.js")
    with pytest.raises(VendorError, match=re.escape("không có tệp «package/dist/other.js»")):
        vendor.install(missing, tmp_path / "vendored")


def test_a_second_run_finds_the_file_and_needs_no_network(tmp_path: Path) -> None:
    asset = published(tmp_path)
    root = tmp_path / "vendored"
    assert vendor.install(asset, root) is True
    before = (root / asset.destination).stat().st_mtime_ns
    assert vendor.install(asset, root, opener=no_network) is False
    assert (root / asset.destination).stat().st_mtime_ns == before


def test_a_damaged_copy_is_fetched_again(tmp_path: Path) -> None:
    asset = published(tmp_path)
    root = tmp_path / "vendored"
    vendor.install(asset, root)
    (root / asset.destination).write_bytes(b"edited by hand")
    assert vendor.install(asset, root) is True
    assert (root / asset.destination).read_bytes() == LIBRARY


def test_a_network_failure_is_reported_in_vietnamese(tmp_path: Path) -> None:
    def unreachable(url: str, **_kwargs: Any) -> IO[bytes]:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    with pytest.raises(VendorError, match=re.escape("Không tải được fakeqr@1.0.0")) as raised:
        vendor.install(published(tmp_path), tmp_path / "vendored", opener=unreachable)
    assert "kiểm tra kết nối mạng" in str(raised.value)
    assert files_under(tmp_path / "vendored") == []


def test_the_command_exits_nonzero_with_the_reason_when_a_download_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = replace(published(tmp_path), tarball=(tmp_path / "absent.tgz").as_uri())
    monkeypatch.setattr(vendor, "ASSETS", (gone,))
    assert vendor.main(["--into", str(tmp_path / "vendored")]) == 1
    assert "Lỗi: Không tải được fakeqr@1.0.0" in capsys.readouterr().err
    assert files_under(tmp_path / "vendored") == []


def test_the_command_installs_then_reports_the_file_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(vendor, "ASSETS", (published(tmp_path),))
    root = tmp_path / "vendored"
    assert vendor.main(["--into", str(root)]) == 0
    assert "fakeqr@1.0.0" in capsys.readouterr().out
    assert vendor.main(["--into", str(root)]) == 0
    assert "đã có, đúng mã băm" in capsys.readouterr().out


def test_the_manifest_pins_exact_versions_from_the_npm_registry() -> None:
    assert vendor.ASSETS
    for asset in vendor.ASSETS:
        assert re.fullmatch(r"\d+\.\d+\.\d+", asset.version), asset
        name = asset.package.rsplit("/", 1)[-1]
        assert asset.tarball == f"https://registry.npmjs.org/{asset.package}/-/{name}-{asset.version}.tgz"
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", asset.integrity), asset
        assert re.fullmatch(r"[0-9a-f]{64}", asset.sha256), asset
        assert not Path(asset.destination).is_absolute() and ".." not in Path(asset.destination).parts


def test_an_installed_asset_is_served_as_a_static_file() -> None:
    for asset in vendor.ASSETS:
        installed = vendor.VENDOR_DIR / asset.destination
        if not installed.is_file():
            pytest.skip(f"{asset.label} is not installed: run `python -m quantriet.site.vendor`")
        assert hashlib.sha256(installed.read_bytes()).hexdigest() == asset.sha256
        found = finders.find(f"{vendor.STATIC_PREFIX}/{asset.destination}")
        assert found is not None and Path(str(found)) == installed


def test_several_files_of_one_package_cost_one_download(tmp_path: Path) -> None:
    library = published(tmp_path)
    readme = replace(
        library, member="package/README", destination="fakeqr/README", sha256=hashlib.sha256(b"x").hexdigest()
    )
    calls: list[str] = []

    def counting(url: str, **kwargs: Any) -> IO[bytes]:
        calls.append(url)
        opened: IO[bytes] = urllib.request.urlopen(url, **kwargs)  # noqa: S310 (a file:// URL made here)
        return opened

    root = tmp_path / "vendored"
    results = vendor.install_all([library, readme], root, opener=counting)
    assert [written for _asset, written in results] == [True, True]
    assert calls == [library.tarball]
    assert files_under(root) == ["fakeqr/README", "fakeqr/fakeqr.js"]
