"""A store holding events as the pipeline would: sealed at the edge by the department, applied and sealed by the
handler, in memory. Shared by the care, release and gate tests."""

from dataclasses import dataclass

from events.envelope import Envelope, encode
from privacy.cipher import FieldCipher
from privacy.keyring import Keyring, in_memory_keyring
from services.adapters.store import InMemoryProjectionStore
from services.adapters.topics import Topics
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.usecases.protection import EdgeSealer, RecordProtector


@dataclass
class SealedWorld:
    keyring: Keyring
    cipher: FieldCipher
    store: InMemoryProjectionStore
    topics: Topics


def sealed_world(events: list[Envelope], keyring: Keyring | None = None) -> SealedWorld:
    keyring = keyring or in_memory_keyring()
    cipher, store, topics = FieldCipher(keyring), InMemoryProjectionStore(), Topics("")
    seal = EdgeSealer(cipher)
    msgs = [RawMessage(topics.department(e.source), 0, i, e.child_key.encode(), encode(seal(e)))
            for i, e in enumerate(events)]
    BatchHandler(store, topics, "g", protect=RecordProtector(cipher, None)).handle(msgs)
    return SealedWorld(keyring, cipher, store, topics)
