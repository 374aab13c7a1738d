"""LocalKafka: format, start, wait for and stop a single-node KRaft broker on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from devtools.broker.runtime import java, kafka_libs
from devtools.broker.tls import ensure_certificates
from services.adapters.kafka_auth import CREDENTIALS_FILE, MECHANISM, Credentials, load_or_create

LOG4J2 = """<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="warn">
  <Appenders>
    <File name="file" fileName="{log}"><PatternLayout pattern="[%d] %p %m (%c)%n"/></File>
  </Appenders>
  <Loggers><Root level="info"><AppenderRef ref="file"/></Root></Loggers>
</Configuration>
"""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalKafka:
    """One broker+controller process; data survives restart() on the same ports.

    Clients must authenticate (SASL/SCRAM-SHA-512 over SASL_PLAINTEXT on loopback, or over SASL_SSL on `ssl_port` with
    a certificate from a private CA made in the data directory) and are authorised by Kafka's
    StandardAuthorizer: nothing is allowed without an ACL, `admin` is the super user. The passwords of every principal
    are generated at the first start and kept in `credentials_file` (mode 0600) in the data directory."""

    def __init__(self, data_dir: Path | str | None = None, port: int | None = None,
                 controller_port: int | None = None, heap: str = "512m", ssl_port: int | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="kafka-"))
        self.port = port or free_port()
        self.controller_port = controller_port or free_port()
        self.ssl_port = ssl_port or free_port()  # SASL_SSL: the same principals over TLS (private CA in tls/)
        self.heap = heap
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def ssl_bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.ssl_port}"

    @property
    def ca_file(self) -> Path:
        """The certificate of the private CA that signed the broker's TLS certificate (clients: KAFKA_SSL_CAFILE)."""
        return self.data_dir / "tls" / "ca.pem"

    @property
    def credentials_file(self) -> Path:
        return self.data_dir / CREDENTIALS_FILE

    @property
    def credentials(self) -> Credentials:
        return Credentials.load(self.credentials_file)

    def client_env(self) -> dict[str, str]:
        """Environment that points the platform's clients at this broker and its credentials."""
        return {"KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers, "KAFKA_CREDENTIALS_FILE": str(self.credentials_file),
                "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT"}

    def admin_config(self) -> dict[str, object]:
        """kafka-python keyword arguments of the super user."""
        return {"bootstrap_servers": self.bootstrap_servers, "security_protocol": "SASL_PLAINTEXT",
                "sasl_mechanism": MECHANISM, "sasl_plain_username": "admin",
                "sasl_plain_password": self.credentials.password("admin")}

    @property
    def log_file(self) -> Path:
        return self.data_dir / "broker.log"

    def _classpath(self) -> str:
        return f"{kafka_libs()}/*"

    def _write_config(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        if (self.data_dir / "logs" / "meta.properties").exists() and not self.credentials_file.exists():
            raise RuntimeError(f"{self.data_dir} holds a broker formatted without authentication (no "
                               f"{CREDENTIALS_FILE}); stop it and delete the directory to start an authenticated one")
        creds, self._new_principals = load_or_create(self.credentials_file)
        admin_pw = creds.password("admin")
        scram_jaas = ("org.apache.kafka.common.security.scram.ScramLoginModule required "
                      f'username="admin" password="{admin_pw}";')
        # The controller listener takes PLAIN with one static user (the broker itself, as admin): SCRAM credentials
        # live in the metadata log the controller serves, so they cannot guard its own door.
        plain_jaas = ("org.apache.kafka.common.security.plain.PlainLoginModule required "
                      f'username="admin" password="{admin_pw}" user_admin="{admin_pw}";')
        _, keystore = ensure_certificates(self.data_dir / "tls")
        props = self.data_dir / "server.properties"
        props.touch(mode=0o600)
        os.chmod(props, 0o600)  # it holds the admin password
        props.write_text("\n".join([
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.bootstrap.servers=127.0.0.1:{self.controller_port}",
            f"listeners=SASL_PLAINTEXT://127.0.0.1:{self.port},SASL_SSL://127.0.0.1:{self.ssl_port},"
            f"CONTROLLER://127.0.0.1:{self.controller_port}",
            f"advertised.listeners=SASL_PLAINTEXT://127.0.0.1:{self.port},SASL_SSL://127.0.0.1:{self.ssl_port}",
            "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT",
            "ssl.keystore.type=PEM",
            f"ssl.keystore.location={keystore}",
            "ssl.client.auth=none",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=SASL_PLAINTEXT",
            f"sasl.enabled.mechanisms={MECHANISM}",
            f"sasl.mechanism.inter.broker.protocol={MECHANISM}",
            f"listener.name.sasl_plaintext.{MECHANISM.lower()}.sasl.jaas.config={scram_jaas}",
            f"listener.name.sasl_ssl.{MECHANISM.lower()}.sasl.jaas.config="
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "sasl.mechanism.controller.protocol=PLAIN",
            "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
            f"listener.name.controller.plain.sasl.jaas.config={plain_jaas}",
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "allow.everyone.if.no.acl.found=false",
            "super.users=User:admin",
            f"log.dirs={self.data_dir / 'logs'}",
            "num.partitions=3",
            "auto.create.topics.enable=true",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=10",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
        ]) + "\n")
        (self.data_dir / "log4j2.xml").write_text(LOG4J2.format(log=self.log_file))
        return props

    def _format(self, props: Path) -> None:
        if (self.data_dir / "logs" / "meta.properties").exists():
            return  # formatted before: keep the data (restart)
        cp = self._classpath()
        cluster = subprocess.run([java(), "-cp", cp, "kafka.tools.StorageTool", "random-uuid"],
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        # Every principal's SCRAM credential goes into the metadata log at format time: the broker's own (admin)
        # must exist before the first inter-broker connection.
        scram = [a for user, pw in sorted(self.credentials.passwords.items())
                 for a in ("--add-scram", f"{MECHANISM}=[name={user},password={pw}]")]
        done = subprocess.run([java(), "-cp", cp, f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.xml'}",
                               "kafka.tools.StorageTool", "format", "-t", cluster, "-c", str(props), "--standalone",
                               *scram], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"formatting Kafka storage failed: {done.stdout}{done.stderr}")

    def start(self) -> LocalKafka:
        """Format (first time only) and launch the broker; returns at once (see wait_ready)."""
        props = self._write_config()
        self._format(props)
        cmd = [java(), f"-Xmx{self.heap}", "-Dlog4j2.shutdownHookEnabled=false",
               f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.xml'}", "-cp", self._classpath(),
               "kafka.Kafka", str(props)]
        with open(self.data_dir / "stdout.log", "ab") as out:  # the broker keeps its own copy of the descriptor
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        (self.data_dir / "broker.pid").write_text(str(self.proc.pid))
        return self

    def wait_ready(self, timeout: float = 90) -> LocalKafka:
        """Block until the broker answers a metadata request."""
        from kafka import KafkaAdminClient
        from kafka.errors import KafkaError

        deadline = time.monotonic() + timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"Kafka exited with {self.proc.returncode}:\n{self._tail()}")
            if not self._port_open():
                # No client until the port listens: kafka-python logs every refused connection as an error.
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Kafka did not listen within {timeout}s:\n{self._tail()}")
                time.sleep(0.2)
                continue
            try:
                admin = KafkaAdminClient(**self.admin_config(), request_timeout_ms=3000)
                try:
                    admin.list_topics()
                    self._add_principals(admin)
                finally:
                    admin.close()
                return self
            except (KafkaError, OSError):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Kafka did not answer within {timeout}s:\n{self._tail()}") from None
                time.sleep(0.5)

    def _add_principals(self, admin: object) -> None:
        """Principals added to the credentials file after the data directory was formatted (a new purpose)."""
        new = getattr(self, "_new_principals", [])
        if not new or not (self.data_dir / "logs" / "meta.properties").exists():
            return
        from kafka.admin import ScramMechanism, UserScramCredentialUpsertion

        creds = self.credentials
        existing = admin.describe_user_scram_credentials(None)  # type: ignore[attr-defined]
        missing = [u for u in new if u not in existing or existing[u]["error"]]
        if missing:
            admin.alter_user_scram_credentials(  # type: ignore[attr-defined]
                [UserScramCredentialUpsertion(u, ScramMechanism.SCRAM_SHA_512, creds.password(u)) for u in missing])
        self._new_principals = []

    def _port_open(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (clean shutdown), SIGKILL if it takes too long."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        (self.data_dir / "broker.pid").unlink(missing_ok=True)

    def restart(self) -> LocalKafka:
        """Stop and start again on the same ports and data (fault injection)."""
        self.stop()
        return self.start().wait_ready()

    def _tail(self, lines: int = 30) -> str:
        text = ""
        for f in (self.data_dir / "stdout.log", self.log_file):
            if f.exists():
                text += "\n".join(f.read_text(errors="replace").splitlines()[-lines:]) + "\n"
        return text

    def __enter__(self) -> LocalKafka:
        return self.start().wait_ready()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def stop_detached(data_dir: Path | str, timeout: float = 30) -> bool:
    """Stop a broker started with --detach by its pid file; False if none was running."""
    pid_file = Path(data_dir) / "broker.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pid_file.unlink(missing_ok=True)
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return True
