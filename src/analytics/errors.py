"""Problems found in input files, always named by file and line so a user can go and look."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one input file. `line` is 1-based; None when it concerns the whole file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class InputError(Exception):
    """Bad input that stops the build. The previous database is left as it was."""

    def __init__(self, file: str | Path, line: int | None, message: str) -> None:
        self.problem = Problem(str(file), line, message)
        super().__init__(str(self.problem))


class StorageError(InputError):
    """A write the disk refused (no space left, a quota, a read-only folder): named by file like bad input, and
    raised only once what was half-written is gone."""

    @classmethod
    def of(cls, exc: BaseException, fallback: str | Path) -> StorageError:
        import errno

        file = getattr(exc, "filename", None) or fallback
        reason = getattr(exc, "strerror", None) or str(exc)
        full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or "space" in reason.lower()
        return cls(file, None, f"could not be written: {reason}" if full else reason)


class Warnings:
    """Collects problems the build can safely go on with; they end up in the `build_warnings` table."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str | Path, line: int | None, message: str) -> None:
        self.items.append(Problem(str(file), line, message))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
