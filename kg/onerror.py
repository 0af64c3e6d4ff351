"""What to do when one article cannot be read or extracted: stop the run, or report it and go on.

``kg build`` and ``kg extract`` run for hours over whatever a scraper produced, so one bad file must
not have to stop them (``--on-error skip``); ``fail`` (the default) stops at the first bad article
with one ``Error:`` line, which suits scripts that must not silently lose input. The reader and
the pipeline call :meth:`ErrorPolicy.handle` where they would raise; the policy raises again
(fail) or records the message and lets them continue with the next article (skip).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from kg.errors import InputError, KgError

T = TypeVar("T")
OnError = Literal["skip", "fail"]
ON_ERROR_CHOICES: tuple[str, ...] = ("fail", "skip")
DEFAULT_ON_ERROR: OnError = "fail"

# short reasons for the summary ("2 skipped: 1 binary file, 1 malformed JSON"), first match wins
_REASONS: tuple[tuple[str, str], ...] = (
    (r"no such file or directory", "missing path"),
    (r"holds no \.txt or \.jsonl", "no articles in directory"),
    (r"looks like .*, not text", "binary file"),
    (r"not valid \S+ at byte", "undecodable text"),
    (r"not valid JSON", "malformed JSON"),
    (r"JSON object", "not a JSON object"),
    (r"no 'text' field|'text' must be a string", "no text"),
    (r"already read from", "duplicate id"),
    (r"empty|no articles|no input", "empty"),
    (r"limit for one (?:article|web page)|longer than", "too large"),
    (r"no article text", "no article text"),
    (r"not a readable WARC", "unreadable archive"),
    (r"extraction failed", "extraction failed"),
    (r"cannot read", "unreadable"),
)


def reason_of(message: str) -> str:
    """The short reason a skip is counted under in the summary."""
    for pattern, reason in _REASONS:
        if re.search(pattern, message):
            return reason
    return "other"


@dataclass
class ErrorPolicy:
    """``fail`` re-raises; ``skip`` records the error, reports it, and lets the caller go on."""

    mode: OnError = DEFAULT_ON_ERROR
    report: Callable[[str], None] | None = None  # one line per skipped article (to stderr)
    note: Callable[[str], None] | None = None  # one line per directory's ignored files
    skipped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    taken: int = 0  # articles that got through (see ``count``)
    passed: Counter[str] = field(default_factory=Counter)  # WARC records that are no articles

    def __post_init__(self) -> None:
        if self.mode not in ON_ERROR_CHOICES:
            raise KgError(f"--on-error {self.mode!r}: choose one of {', '.join(ON_ERROR_CHOICES)}")

    def handle(self, error: KgError) -> None:
        """Called instead of ``raise error`` for one article's problem."""
        if self.mode == "fail":
            raise error
        self.skipped.append(str(error))
        if self.report:
            self.report(f"Skipped {error}")

    def ignore(self, paths: list[str], why: str) -> None:
        """Files seen but not taken (not errors: e.g. images in an article directory)."""
        if not paths:
            return
        self.ignored.extend(paths)
        if self.note:
            shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
            files = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
            self.note(f"Ignored {files} ({why}): {shown}")

    def pass_over(self, kind: str) -> None:
        """A web-archive record that is not an article (a request, an image …), by kind."""
        self.passed[kind] += 1

    def count(self, articles: Iterable[T]) -> Iterator[T]:
        """Pass articles through, counting them in ``taken``."""
        for article in articles:
            self.taken += 1
            yield article

    def check_any(self, articles: int) -> None:
        """After a skip run: nothing at all could be read is still an error (exit 1)."""
        if articles == 0 and self.skipped:
            raise InputError(f"no article could be read; {self.summary()}")

    def summary(self) -> str:
        """'' when nothing was skipped, else '3 skipped (2 binary file, 1 malformed JSON)'."""
        if not self.skipped:
            return ""
        counts = Counter(reason_of(m) for m in self.skipped)
        parts = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
        return f"{len(self.skipped)} skipped ({parts})"

    def notes(self) -> str:
        """For the run's summary line: what was skipped and what web-archive records were passed
        over ('7 WARC records passed over (4 request, 1 warcinfo, …)'), or ''."""
        parts = [self.summary()] if self.skipped else []
        if self.passed:
            kinds = ", ".join(f"{n} {kind}" for kind, n in self.passed.most_common())
            parts.append(f"{sum(self.passed.values())} WARC records passed over ({kinds})")
        return "; ".join(parts)
