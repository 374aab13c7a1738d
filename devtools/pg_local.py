"""LocalPostgres: a throwaway PostgreSQL cluster from Debian's packages, for tests and benchmarks."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from devtools.broker.kraft import free_port


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<v>/bin with initdb."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise PostgresMissing("PostgreSQL is not installed: apt-get install -y postgresql")
    return Path(found[-1]).parent


class LocalPostgres:
    """initdb + pg_ctl in a temp dir on a free port; runs as the postgres user when we are root (it refuses root)."""

    def __init__(self, database: str = "childcare") -> None:
        self.bin = bin_dir()
        self.port = free_port()
        self.database = database
        self.dir = Path(tempfile.mkdtemp(prefix="pg-"))
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *cmd: str) -> None:
        full = (["runuser", "-u", "postgres", "--"] if self._as_postgres else []) + list(cmd)
        done = subprocess.run(full, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {done.stdout}{done.stderr}")

    def start(self) -> LocalPostgres:
        """Create the cluster and the database, and wait until it accepts connections."""
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-locale")
        self.resume()
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  self.database)
        return self

    def pause(self) -> None:
        """Stop the server but keep its data (fault injection: the store is unavailable for a while)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server on the same port and data."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "server.log"), "-w",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def create_database(self, name: str) -> str:
        """Another empty database on this server; returns its URL."""
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        """Stop the server and delete the cluster."""
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        except RuntimeError:
            time.sleep(0.1)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
