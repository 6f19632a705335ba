"""Publishing a batch's output folder so that no crash, kill or second run can mix it up.

``OUT/<id>`` is a symbolic link to one complete *generation*, a hidden sibling folder
``OUT/.<id>@<stamp>``. A run

1. locks ``OUT`` (a second run waits, then refuses);
2. removes what an earlier, interrupted run left (generations the link does not point to);
3. stages a new generation: the files it rendered, hard links to the unchanged ones and to
   any file a person put there, never the outputs of points or units no longer in the meeting;
4. switches the link to it in one ``rename`` and removes the old generation.

Whenever the process dies, ``OUT/<id>`` is the old generation or the new one, whole: a reader
never sees a mix, and the manifest always describes the files beside it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from briefgen.errors import EnvironmentFault, InputError

#: A test names a step here to have the run SIGKILL itself there (as SQLite's crash tests
#: do): the only way to kill a run at an exact point between two system calls.
FAILPOINT_ENV = "BRIEFGEN_FAILPOINT"
#: How long a second run waits for the first to finish with the same folder, by default.
WAIT_SECONDS = 120.0
_POLL = 0.2


def failpoint(step: str) -> None:
    """Die here, as a SIGKILL would kill us, if a crash test asked for ``step``."""
    if os.environ.get(FAILPOINT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def locked(out_root: Path, *, wait: float = WAIT_SECONDS,
           waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an advisory ``flock`` on the folder ``OUT`` itself (no lock file to leave behind;
    the kernel releases it when the process dies, however it dies). If another run holds
    it, call ``waiting`` once and wait up to ``wait`` seconds before refusing. A folder made
    here and left empty by a failed run is removed again."""
    made = not out_root.exists()
    _make_folder(out_root)
    try:
        fd = os.open(out_root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, out_root) from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EnvironmentFault(
                        out_root, "another briefgen run is writing into this folder",
                        f"waited {wait:g} s; try again when it has finished, or give --wait "
                        "more seconds") from None
                if waiting and not told:
                    waiting()
                    told = True
                time.sleep(_POLL)
        yield
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                out_root.rmdir()
        raise
    finally:
        os.close(fd)


def _make_folder(folder: Path) -> None:
    if folder.is_dir():  # mkdir of an existing folder on a read-only disk says EROFS
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise EnvironmentFault(folder, "this is a file, not a folder",
                               "give --out a folder") from None
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, folder) from None
    if not folder.is_dir():
        raise EnvironmentFault(folder, "this is a file, not a folder", "give --out a folder")


class Release:
    """One new generation of ``OUT/<name>``, staged beside the current one. Use under
    :func:`locked`."""

    def __init__(self, out_root: Path, name: str) -> None:
        self.out_root, self.name = out_root, name
        self.link = out_root / name
        self.current = self._current()
        self.staging = out_root / f".{name}@{time.time_ns():x}-{os.getpid()}"

    # -- before rendering ---------------------------------------------------------------

    def _current(self) -> Path | None:
        """The generation ``OUT/<name>`` shows now; a real folder (made by hand or by an
        older briefgen) counts as one, and so does one an interrupted switch left aside."""
        if self.link.is_symlink():
            target = self.out_root / os.readlink(self.link)
            return target if target.is_dir() else None
        if self.link.is_dir():
            return self.link
        aside = self._aside()
        return aside if aside.is_dir() else None

    def _aside(self) -> Path:
        return self.out_root / f".{self.name}@previous"

    def leftovers(self) -> list[Path]:
        """Generations, staging folders and new links no link points to: what interrupted
        runs left. Everything of ``name`` is named ``.<name>@…``, and no id holds ``@``, so no
        other meeting's files can match (``.bcd@…`` is never ``bcd.link-2``'s); a new link of
        an older briefgen (``.<name>.link-<pid>``) is matched exactly, digits and all."""
        mine = self.current.resolve() if self.current else None
        old_link = re.compile(re.escape(f".{self.name}.link-") + "[0-9]+")
        found = [p for p in self.out_root.iterdir() if p.name.startswith(f".{self.name}@")
                 or (old_link.fullmatch(p.name) and p.is_symlink())]
        return sorted(p for p in found if p.resolve() != mine and p != self.staging)

    def clean_leftovers(self) -> list[Path]:
        gone = self.leftovers()
        for path in gone:
            _remove(path)
        return gone

    def open(self) -> None:
        """Make the staging folder and prove it can be written, before any rendering."""
        if self.link.exists() and not self.link.is_dir():
            raise EnvironmentFault(self.link, "a file of this name is in the way of the output "
                                   "folder", "move it, or give --out another folder")
        twin = next((p.name for p in self.out_root.iterdir() if p.name != self.name
                     and p.name.casefold() == self.name.casefold()), None)
        if twin is not None:
            raise EnvironmentFault(self.link, f"another meeting's folder '{twin}' differs from "
                                   "it only in case, and a disk that ignores case (Windows, "
                                   "macOS) cannot tell them apart",
                                   "give --out another folder; nothing was changed")
        try:
            self.staging.mkdir()
            probe = self.staging / ".write-test"
            probe.write_bytes(b"briefgen")
            probe.unlink()
        except OSError as exc:
            _remove(self.staging)
            raise EnvironmentFault.from_os_error(
                exc, self.out_root, "nothing was rendered and nothing was changed") from None

    # -- staging -----------------------------------------------------------------------

    def old_file(self, name: str) -> Path | None:
        return self.current / name if self.current else None

    def others(self, ours: set[str]) -> list[str]:
        """Files in the current generation that briefgen did not make: kept as they are."""
        if not self.current:
            return []
        return sorted(str(p.relative_to(self.current)) for p in self.current.rglob("*")
                      if (p.is_file() or p.is_symlink()) and
                      str(p.relative_to(self.current)) not in ours)

    def keep(self, name: str) -> None:
        """Carry ``name`` over from the current generation unchanged (a hard link: the same
        bytes and times, no copy)."""
        assert self.current is not None
        source, target = self.current / name, self.staging / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target, follow_symlinks=False)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
                shutil.copy2(source, target, follow_symlinks=False)
        except OSError as exc:
            raise EnvironmentFault.from_os_error(exc, self.link / name) from None

    def write(self, files: Mapping[str, bytes]) -> None:
        """Write new files into the staging folder, each flushed to the disk."""
        for name, data in files.items():
            target = self.staging / name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(target, 0o644)
            except OSError as exc:
                raise EnvironmentFault.from_os_error(
                    exc, self.link / name, "nothing was changed in the output folder") from None

    def discard(self) -> None:
        _remove(self.staging)

    # -- the switch --------------------------------------------------------------------

    def switch(self) -> None:
        """Point ``OUT/<name>`` at the staged generation in one rename, then drop the old."""
        try:
            fsync_dir(self.staging)
            old = self.current
            if old is not None and old == self.link:
                # A real folder, not a link: set it aside first (an interruption here leaves
                # it as ``@previous``, which the next run takes for the current generation).
                os.rename(self.link, self._aside())
                old = self._aside()
            failpoint("switch")
            new_link = self.out_root / f".{self.name}@link-{os.getpid()}"
            with contextlib.suppress(FileNotFoundError):
                new_link.unlink()
            os.symlink(self.staging.name, new_link)
            os.replace(new_link, self.link)
            fsync_dir(self.out_root)
        except OSError as exc:
            raise EnvironmentFault.from_os_error(exc, self.link) from None
        failpoint("switched")
        self.current = self.staging
        if old is not None:
            _remove(old)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path)


# -- render: a few files into a folder the user keeps other files in ---------------------------

#: ``render --out DIR`` writes a few files into a folder the user keeps others in:
#: ``with locked(DIR): recover(DIR); render; commit_files(DIR, files)``.
#: Written once every new file is staged and flushed, removed once all are in place. A run
#: that finds it finishes the interrupted renames first (rolls forward), so a crash between
#: two renames leaves no mix of old and new files behind the next run.
JOURNAL = ".briefgen-journal"
_STAGED = ".briefgen-staged-"


def commit_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (names in ``folder``) all or none: stage each under a hidden name,
    flush, record the renames in a journal, rename, drop the journal. Call under the folder's
    lock (:func:`locked`), after :func:`recover`."""
    staged: list[tuple[str, str]] = []
    try:
        for i, (name, data) in enumerate(files.items()):
            temp = f"{_STAGED}{os.getpid()}-{i}"
            staged.append((temp, name))
            with open(folder / temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(folder / temp, 0o644)
        failpoint("render-staged")
        journal = "".join(f"{temp}\t{name}\n" for temp, name in staged)
        write_synced(folder / JOURNAL, journal.encode())
    except OSError as exc:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                (folder / temp).unlink()
        name = staged[-1][1] if staged else ""
        raise EnvironmentFault.from_os_error(
            exc, folder / name, "nothing was changed in the output folder") from None
    failpoint("journalled")
    _roll_forward(folder)


def recover(folder: Path) -> None:
    """Finish what an interrupted :func:`commit_files` journalled; drop what it staged without
    journalling (the old files are still whole then); then prove the folder can be written,
    before any rendering. Call under the folder's lock."""
    try:
        if (folder / JOURNAL).exists():
            _roll_forward(folder)
        for leftover in folder.glob(f"{_STAGED}*"):
            leftover.unlink()
        probe = folder / f"{_STAGED}{os.getpid()}-probe"
        probe.write_bytes(b"briefgen")
        probe.unlink()
    except OSError as exc:
        raise EnvironmentFault.from_os_error(
            exc, folder, "nothing was rendered and nothing was changed") from None


#: A journal lists a few renames; a larger one is not ours.
MAX_JOURNAL_BYTES = 1_000_000
_STAGED_NAME = re.compile(re.escape(_STAGED) + r"[0-9]+-[0-9]+")


def _journal_entries(folder: Path) -> list[tuple[str, str]]:
    """The renames a journal lists, each checked: a staged name this module makes, to a plain
    file name in ``folder`` (never a path, a hidden name of ours, ``.`` or ``..``). A damaged
    journal is refused, saying how to recover, and nothing is renamed."""
    journal = folder / JOURNAL
    recovery = (f"nothing was changed; look at the files in {folder} (an interrupted run may "
                f"have left its new files under {_STAGED}… names), then delete {JOURNAL} and "
                "run again")
    try:
        fd = os.open(journal, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise EnvironmentFault(journal, "the journal of an interrupted run is not a "
                                       "plain file", recovery)
            raw = handle.read(MAX_JOURNAL_BYTES + 1)
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, journal, recovery) from None
    entries = []
    try:
        lines = raw.decode("utf-8").splitlines() if len(raw) <= MAX_JOURNAL_BYTES else None
    except UnicodeDecodeError:
        lines = None
    if lines is None:
        raise EnvironmentFault(journal, "the journal of an interrupted run is damaged (too "
                               "large, or not text)", recovery)
    for n, line in enumerate(lines, 1):
        temp, _, name = line.partition("\t")
        if not (_STAGED_NAME.fullmatch(temp) and _plain_name(name)):
            raise EnvironmentFault(journal, f"the journal of an interrupted run is damaged "
                                   f"(line {n} is not a rename of a staged file to a file "
                                   "of this folder)", recovery)
        entries.append((temp, name))
    return entries


def _plain_name(name: str) -> bool:
    return (name not in ("", ".", "..", JOURNAL) and "/" not in name and "\x00" not in name
            and not name.startswith(_STAGED))


def _roll_forward(folder: Path) -> None:
    entries = _journal_entries(folder)
    name = ""
    try:
        for n, (temp, name) in enumerate(entries):
            if (folder / temp).exists():
                os.replace(folder / temp, folder / name)
            if n == 0:
                failpoint("renaming")
        fsync_dir(folder)
        (folder / JOURNAL).unlink()
        fsync_dir(folder)
    except OSError as exc:
        raise EnvironmentFault.from_os_error(
            exc, folder / name, f"an interrupted run's new files are staged in {folder}: move "
            f"what is in the way, and run again to finish them (or delete {JOURNAL} and the "
            f"{_STAGED}… files to keep the old ones)") from None


def stage_synced(path: Path, data: bytes) -> Path:
    """``data`` in a hidden temporary file beside ``path``, flushed to the disk: to be renamed
    over ``path`` once every file of a run is staged (or removed if one cannot be)."""
    temp = path.with_name(f"{_STAGED}{os.getpid()}-{path.name}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_synced(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a hidden temporary file beside it, flushed to the
    disk, renamed over it, the folder flushed too; the temporary file goes if that fails."""
    temp = stage_synced(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
    fsync_dir(path.parent)


# -- the one check every writing command makes before it writes --------------------------------


def guard_targets(targets: Iterable[Path], *, inputs: Iterable[Path] = (), force: bool = True,
                  option: str = "--out") -> None:
    """Refuse, before anything is written, to write any of ``targets`` where that would lose
    something: over one of the command's own ``inputs`` (the meeting file, its sheets, annexes
    and response log, an earlier file it compares), even with ``--force`` (exit 2); over a
    folder or anything else that is not a plain file (exit 3, naming it); over an existing file
    without ``force`` (exit 2). A refusal changes nothing."""
    read = [p for p in inputs if p.exists()]
    for target in targets:
        same = next((p for p in read if _same_file(target, p)), None)
        if same is not None:
            raise InputError.single(target, (
                f"this command also reads this file ({same}: a meeting file, sheet, annex, "
                f"response log or form), and writing over it would lose it; nothing was "
                f"written: give {option} another name"), path=option)
        if target.exists() and not target.is_file():
            kind = "a folder" if target.is_dir() else "a pipe, device or other special file"
            raise EnvironmentFault(target, f"{kind} is in the way of this file",
                                   "move it, or give another --out; nothing was changed")
        if target.exists() and not force:
            raise InputError.single(target, "already exists; give --force to overwrite it, or "
                                    f"{option} another name; nothing was written", path=option)


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (also through links, or by another spelling)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and os.path.samefile(a, b))
    except OSError:
        return False
