"""Topic names, under an optional namespace prefix so that tests and tenants do not see each other's data."""

from __future__ import annotations

from dataclasses import dataclass

from events.departments import Department, department_of_topic, topic_for


@dataclass(frozen=True)
class Topics:
    """Every topic the platform uses."""

    namespace: str = ""

    def department(self, department: str) -> str:
        """Where a department publishes (dept.<department>)."""
        return self.namespace + topic_for(department)

    @property
    def departments(self) -> list[str]:
        """All department ingest topics."""
        return [self.department(d) for d in Department]

    @property
    def dead_letter(self) -> str:
        """Rejected and malformed events, with the reason and the original bytes."""
        return f"{self.namespace}deadletter"

    @property
    def changes(self) -> str:
        """Projection-changed notifications."""
        return f"{self.namespace}projection.changed"

    @property
    def audit(self) -> str:
        """The audit trail."""
        return f"{self.namespace}audit"

    def view(self, purpose: str) -> str:
        """A per-purpose projection view."""
        return f"{self.namespace}view.{purpose}"

    def department_of(self, topic: str) -> str | None:
        """The department whose ingest topic this is."""
        if not topic.startswith(self.namespace):
            return None
        return department_of_topic(topic[len(self.namespace):])
