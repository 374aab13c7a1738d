"""Resolve the Kafka jars with Maven from deploy/kafka/pom.xml into a cache under the user's home."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

REPO_POM = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "pom.xml"


class BrokerSetupError(RuntimeError):
    """Java, Maven or the jars are missing, with what to do about it."""


def pom_path() -> Path:
    """The pom that pins the Kafka version (override with CHILDCARE_KAFKA_POM)."""
    path = Path(os.environ.get("CHILDCARE_KAFKA_POM", REPO_POM))
    if not path.exists():
        raise BrokerSetupError(f"Kafka pom not found at {path}")
    return path


def kafka_version(pom: Path | None = None) -> str:
    """The kafka.version property of the pom."""
    match = re.search(r"<kafka.version>([^<]+)</kafka.version>", (pom or pom_path()).read_text())
    if not match:
        raise BrokerSetupError("the pom has no <kafka.version> property")
    return match.group(1)


def cache_base() -> Path:
    """Where downloaded runtimes live: never inside the repo."""
    return Path(os.environ.get("CHILDCARE_CACHE_DIR", Path.home() / ".cache" / "childcare"))


def kafka_libs(version: str | None = None) -> Path:
    """The folder of Kafka's run-time jars, resolving them with `mvn` the first time."""
    pom = pom_path()
    version = version or kafka_version(pom)
    libs = cache_base() / f"kafka-{version}" / "libs"
    if any(libs.glob("kafka_2.13-*.jar")):
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerSetupError("Maven (mvn) is needed to resolve Kafka from Maven Central: apt-get install maven")
    libs.mkdir(parents=True, exist_ok=True)
    cmd = [mvn, "-B", "-q", "-f", str(pom), f"-Dkafka.version={version}", "dependency:copy-dependencies",
           "-DincludeScope=runtime", f"-DoutputDirectory={libs}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BrokerSetupError(f"mvn failed to resolve Kafka {version}:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return libs


def java() -> str:
    """The java executable (Java 17 or newer)."""
    path = shutil.which("java")
    if path is None:
        raise BrokerSetupError("Java 17 is needed to run Kafka: apt-get install openjdk-17-jre-headless")
    return path
