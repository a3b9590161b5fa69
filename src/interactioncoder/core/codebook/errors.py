"""Problems found in a codebook file, each with the file, line and column it is about.

The loader collects every problem it can find before it gives up, so a research assistant
fixing a codebook sees the whole list at once instead of one error per attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CodebookProblem:
    """One thing wrong in a codebook file. ``line`` and ``column`` count from 1."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class CodebookError(ValueError):
    """A codebook file that cannot be used; ``problems`` lists everything wrong with it.

    ``str()`` gives one ``file:line:column: message`` line per problem, in file order.
    """

    def __init__(self, problems: Iterable[CodebookProblem]) -> None:
        unique = list(dict.fromkeys(problems))  # drops repeats, keeps order
        # sorted() is stable: problems at the same place keep the order they were found in.
        self.problems: tuple[CodebookProblem, ...] = tuple(
            sorted(unique, key=lambda p: (p.line, p.column))
        )
        super().__init__(self._text())

    def _text(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __str__(self) -> str:
        return self._text()
