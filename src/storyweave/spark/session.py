"""The Spark session a batch runs in.

``local[N]`` runs on this machine with no network: the driver binds to the loopback
address and the web UI stays off. Any other master (``spark://host:7077``, ``yarn``,
``k8s://...``) is the cluster's; spark-submit's own options then apply (docs/scale.md)."""

from __future__ import annotations

import os
import sys
from typing import Any

from ..errors import StoryweaveError

__all__ = ["spark_session", "is_local", "memory_and_disk"]


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def spark_session(master: str = "local[*]", app: str = "storyweave batch") -> Any:
    """A Spark session on ``master`` (an error that says how to install Spark if missing)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise StoryweaveError(
            "PySpark is not installed",
            None,
            "install the extra: pip install 'storyweave[spark]' (it needs Java 17 or later)",
        ) from None
    builder = SparkSession.builder.appName(app).master(master)
    settings = {
        # Python workers stay up between tasks: the NLP models load once per worker process.
        "spark.python.worker.reuse": "true",
        # Rewriting one analysis round replaces only the partitions that round wrote.
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.sql.session.timeZone": "UTC",
    }
    if is_local(master):
        # The same Python for the driver and the workers (the one running storyweave).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        # The JVM picks its own address from this (else from the host's interfaces).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings.update(
            {
                "spark.driver.bindAddress": "127.0.0.1",
                "spark.driver.host": "127.0.0.1",
                "spark.ui.enabled": "false",
                "spark.ui.showConsoleProgress": "false",
                # A few shuffle partitions per core: the default 200 are mostly empty here.
                "spark.sql.shuffle.partitions": str(4 * _cores(master)),
                "spark.default.parallelism": str(2 * _cores(master)),
                "spark.driver.memory": os.environ.get("STORYWEAVE_DRIVER_MEMORY", "2g"),
            }
        )
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _cores(master: str) -> int:
    inside = master[len("local[") : -1] if master.startswith("local[") else "1"
    if inside in ("*", ""):
        return os.cpu_count() or 1
    try:
        return max(1, int(inside.split(",")[0]))
    except ValueError:
        return os.cpu_count() or 1


def memory_and_disk() -> Any:
    """The storage level for data a stage reads twice (kept in memory, spilled to disk)."""
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK
