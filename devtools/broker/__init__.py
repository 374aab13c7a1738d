"""A real single-node Apache Kafka (KRaft) from Maven Central, for development, tests and the demo."""

from devtools.broker.kraft import LocalKafka, stop_detached
from devtools.broker.runtime import kafka_libs

__all__ = ["LocalKafka", "kafka_libs", "stop_detached"]
