"""A throwaway PostgreSQL server for the tests and benchmarks: a new cluster under a temporary
folder, listening on a Unix socket only, stopped and removed at the end.

    python tests/pgcluster.py start [DIR]   # prints the URL of its `postgres` database
    python tests/pgcluster.py stop DIR

It uses Debian's `postgresql` package (`make system-deps` installs it). As root, the server
runs as the `postgres` user, who owns the folder; otherwise as the current user. Durability
is switched off (fsync, full-page writes): the data is thrown away anyway."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["Cluster", "ClusterError", "bindir"]

PORT = 5432  # the socket file's name only: nothing listens on TCP


class ClusterError(RuntimeError):
    pass


def bindir() -> Path:
    """The folder of initdb and pg_ctl: Debian's newest installed version, else the PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    if which:
        return Path(which).resolve().parent
    raise ClusterError(
        "PostgreSQL's initdb is not installed: run `make system-deps` (Debian: apt-get install "
        "postgresql postgresql-contrib), or set STORYWEAVE_TEST_PG to a server's URL"
    )


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Cluster:
    """One server: ``Cluster.start()``, ``.url(dbname)``, ``.stop()``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / "sock"

    @classmethod
    def start(cls, folder: str | Path | None = None) -> Cluster:
        bin_ = bindir()
        path = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="storyweave-pg-"))
        path.mkdir(parents=True, exist_ok=True)
        cluster = cls(path)
        cluster.socket.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres")
            shutil.chown(cluster.socket, "postgres")
        cls._run(
            [str(bin_ / "initdb"), "-D", str(path / "data"), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            path,
        )  # fmt: skip
        options = (
            f"-p {PORT} -k {cluster.socket} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off -c max_connections=200"
        )
        cls._run(
            [str(bin_ / "pg_ctl"), "-D", str(path / "data"), "-l", str(path / "log"), "-w",
             "-o", options, "start"],
            path,
        )  # fmt: skip
        return cluster

    @staticmethod
    def _run(cmd: list[str], cwd: Path) -> None:
        # cwd: the server user may not be able to enter the caller's folder.
        done = subprocess.run(_as_owner(cmd), cwd=cwd, capture_output=True, text=True)
        if done.returncode != 0:
            raise ClusterError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()[-600:]}")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.socket}&port={PORT}"

    def stop(self) -> None:
        try:
            self._run(
                [str(bindir() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                 "-w", "stop"],
                self.folder,
            )  # fmt: skip
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "start":
        cluster = Cluster.start(argv[1] if len(argv) > 1 else None)
        print(cluster.url())
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        Cluster(Path(argv[1])).stop()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
