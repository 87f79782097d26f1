"""The pipeline on Spark (``storyweave batch``): the same stage functions as ``add``, over a
crawl's worth of input. PySpark is an optional extra (``pip install 'storyweave[spark]'``);
nothing here imports it until a batch runs."""

from __future__ import annotations

from .job import BatchReport, run

__all__ = ["BatchReport", "run"]
