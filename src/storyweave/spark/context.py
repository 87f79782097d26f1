"""What the stages of a batch (linking.py, reconciling.py, loading.py) read of the running
job (job.py): kept apart so that the stages need not import the job that calls them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..config import Settings
from .files import OutDir

__all__ = ["BatchReport", "Job"]


@dataclass
class BatchReport:
    """What one batch did."""

    out: str
    articles: int = 0
    analyzed: int = 0  # analyzed by this run (a resumed run skips finished rounds)
    rounds: int = 0
    rounds_skipped: int = 0
    unsupported: int = 0
    copies: int = 0
    stories: int = 0
    storylines: int = 0
    windows: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


class Job(Protocol):
    """The running batch: its Spark session, output folder, settings, log and report."""

    spark: Any
    sc: Any
    out: OutDir
    settings: Settings
    say: Callable[[str], Any]
    report: BatchReport

    def stage_done(self, stage_name: str) -> bool: ...
