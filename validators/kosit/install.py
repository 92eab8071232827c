"""Installing a KoSIT configuration (a folder or the official release zip) and choosing the current one.

`install(source, target_root)` copies the configuration whose `scenarios.xml` is at the top of
`source` (or of its single top-level folder, as in a zip) to
`target_root/<name>_<date>/` (a safe folder name made of the configuration's name and date),
after checking that it loads and — unless `verify=False` — that every stylesheet, schema and
XPath compiles. It then records that folder as current (the file `target_root/current`, written
atomically) and returns its path. Installing the same configuration again only marks it current;
a different one under the same name and date is refused.

Unpacking is defensive: members with absolute paths, drive letters, `..`, links or device
entries are refused; at most `MAX_FILES` files and `MAX_TOTAL_BYTES` bytes (counted while
copying, not taken from the archive's headers). Every problem is a `ConfigurationError` that
says what was wrong.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from validators.kosit.configuration import Configuration, ConfigurationError

MAX_FILES = 10_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
CURRENT_FILE = "current"
_CHUNK = 1024 * 1024


def install(source: str | Path, target_root: str | Path, *, verify: bool = True) -> Path:
    """Install the configuration at `source` (folder or zip) under `target_root`; return its folder."""
    source, target_root = Path(source), Path(target_root)
    target_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target_root, prefix=".installing-") as scratch:
        staged = Path(scratch) / "configuration"
        if source.is_dir():
            _copy_tree(source, staged)
        elif zipfile.is_zipfile(source):
            _unzip(source, staged)
        else:
            raise ConfigurationError(f"{source} is neither a configuration folder nor a zip file.")
        root = _configuration_root(staged, source)
        configuration = Configuration.load(root)
        if verify:
            _compile(configuration)
        target = target_root / folder_name(configuration)
        if target.exists():
            if _digest(target) != _digest(root):
                raise ConfigurationError(
                    f"{target} already holds a different configuration named {configuration.name!r} of "
                    f"{configuration.date!r}; remove that folder first if it should be replaced.")
        else:
            root.rename(target)
    _mark_current(target_root, target.name)
    return target


def current(target_root: str | Path) -> Path | None:
    """The folder of the current configuration under `target_root`, or None when none is installed."""
    marker = Path(target_root) / CURRENT_FILE
    try:
        name = marker.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = Path(target_root) / name
    if not name or "/" in name or "\\" in name or name in (".", "..") or not (folder / "scenarios.xml").is_file():
        return None
    return folder


def folder_name(configuration: Configuration) -> str:
    """A folder name made of the configuration's name and date: letters, digits, '.', '_' and '-' only."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{configuration.name}_{configuration.date}").strip("-.")
    return name[:150] or "configuration"


def _compile(configuration: Configuration) -> None:
    from validators.kosit.runner import Runner  # Saxon starts only when a check is wanted

    Runner(configuration)


def _configuration_root(staged: Path, source: Path) -> Path:
    if (staged / "scenarios.xml").is_file():
        return staged
    entries = [entry for entry in staged.iterdir() if not entry.name.startswith(".")] if staged.is_dir() else []
    if len(entries) == 1 and (entries[0] / "scenarios.xml").is_file():
        return entries[0]
    raise ConfigurationError(f"{source}: no scenarios.xml at its top (or in its single top-level folder); "
                             "a KoSIT configuration has scenarios.xml beside its resources folder.")


def _copy_tree(source: Path, target: Path) -> None:
    budget = _Budget(source)
    for folder, directories, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in directories + files:
            mode = os.lstat(Path(folder) / name).st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise ConfigurationError(f"{source}: {relative / name} is a link or special file; "
                                         "only plain files and folders are installed.")
        for name in files:
            with open(Path(folder) / name, "rb") as reader:
                _write(reader, target / relative / name, budget, relative / name)


def _unzip(source: Path, target: Path) -> None:
    budget = _Budget(source)
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
        if len(members) > MAX_FILES:
            raise ConfigurationError(f"{source}: {len(members):,} entries; at most {MAX_FILES:,} are accepted.")
        for member in members:
            relative = _safe_member_path(member, source)
            if member.is_dir():
                (target / relative).mkdir(parents=True, exist_ok=True)
                continue
            with archive.open(member) as reader:
                _write(reader, target / relative, budget, relative)


def _safe_member_path(member: zipfile.ZipInfo, source: Path) -> Path:
    name = member.filename.replace("\\", "/")
    path = PurePosixPath(name)
    kind = stat.S_IFMT(member.external_attr >> 16)
    if (path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name) or not path.parts
            or kind not in (0, stat.S_IFREG, stat.S_IFDIR)):
        raise ConfigurationError(f"{source}: refused to unpack {member.filename!r} (absolute path, '..', "
                                 "drive letter, link or special file).")
    return Path(*path.parts)


class _Budget:
    """How many files and bytes may still be written for one installation."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.files = MAX_FILES
        self.bytes = MAX_TOTAL_BYTES

    def take(self, files: int = 0, size: int = 0) -> None:
        self.files -= files
        self.bytes -= size
        if self.files < 0:
            raise ConfigurationError(f"{self.source}: more than {MAX_FILES:,} files; not a KoSIT configuration.")
        if self.bytes < 0:
            raise ConfigurationError(f"{self.source}: more than {MAX_TOTAL_BYTES:,} bytes unpacked; refused.")


def _write(reader, path: Path, budget: _Budget, shown: Path) -> None:
    budget.take(files=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise ConfigurationError(f"{budget.source}: {shown} occurs twice.")
    with open(path, "wb") as writer:
        while chunk := reader.read(_CHUNK):
            budget.take(size=len(chunk))
            writer.write(chunk)


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _mark_current(target_root: Path, name: str) -> None:
    with tempfile.NamedTemporaryFile("w", dir=target_root, prefix=".current-", delete=False,
                                     encoding="utf-8") as marker:
        marker.write(name + "\n")
    os.replace(marker.name, target_root / CURRENT_FILE)

