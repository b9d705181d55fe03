"""Error types, caught once in the CLI (cli/app.py) and turned into exit codes.

- :class:`InputError` — bad input or usage: exit code 2, one message naming the place.
- :class:`GateFailed` — a check the user asked for failed (e.g. ``--fail-under``): exit 1.
Anything else is a bug: the CLI logs the traceback and says where the log is.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem at one place (file, line or row, field). ``message`` is already translated."""

    message: str
    file: str | None = None
    location: str | None = None  # "line 12", "dòng 12", "row 5", "QLRR-01" ...

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, self.location) if p)
        return f"{where}: {self.message}" if where else self.message


class SecassessError(Exception):
    """Base class for errors that the CLI reports without a traceback."""

    exit_code = 2


@dataclass
class InputError(SecassessError):
    """Bad input: a file, a value or an option that cannot be used. Exit code 2.

    ``problems`` holds every problem found (validators report all of them at once).
    """

    message: str
    file: str | None = None
    location: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @classmethod
    def from_problems(cls, headline: str, problems: list[Problem]) -> InputError:
        return cls(headline, problems=list(problems))

    def __str__(self) -> str:
        head = str(Problem(self.message, self.file, self.location))
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class GateFailed(SecassessError):
    """A gate the user asked for failed (``--fail-under``). Exit code 1."""

    exit_code = 1


class ConflictError(InputError):
    """Someone else changed the record since it was read (optimistic locking). Exit code 2."""


class NothingToChange(InputError):
    """A change that changes nothing. Its message names the command line's options; another edge (the
    web) says it in its own words. Exit code 2."""


class NotFoundError(InputError):
    """A record that does not exist — or that the actor may not see, which is told the same way
    (the web answers 404). Exit code 2."""


class ForbiddenError(InputError):
    """An action the actor's role does not allow (the web answers 403). Exit code 2."""
