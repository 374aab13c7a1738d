"""Privacy on the pipeline: seal personal fields at the edge, redact and seal in the processor, seal dead letters."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable

from events.contracts.common import FieldsCorrected
from events.envelope import Envelope
from privacy.aead import Aead
from privacy.cipher import FieldCipher, is_sealed
from privacy.keyring import ChildErased, Keyring
from privacy.per_child import PerChildSealer
from projections.fields import FIELDS
from projections.record import ChildRecord, FieldValue
from projections.risk_record import ENTRY_SEALED, RISK_HISTORY
from projections.updates import sealable_attributes
from services.usecases.access import is_child_key

Redact = Callable[[str], str]
# Fields gathering entries whose values are sealed one by one (the entry's key -> the field it is sealed under).
SEALED_ENTRIES = {RISK_HISTORY: ENTRY_SEALED}
MAX_FREE_TEXT = 4000  # the contracts' limit on a note (events.types.Note); corrections are held to it too


class TextTooLong(ValueError):
    """Free text over the limit: refused (redaction time grows faster than the text)."""


class EdgeSealer:
    """Publisher-side: every payload attribute bound for a personal or sensitive field leaves the department sealed."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    def __call__(self, envelope: Envelope) -> Envelope:
        payload = envelope.payload
        if isinstance(payload, FieldsCorrected):
            fields = {f: self._seal(envelope.child_key, f, v) for f, v in payload.fields.items()}
            return envelope.model_copy(update={"payload": payload.model_copy(update={"fields": fields})})
        data = payload.model_dump(mode="json")
        updates = {attr: self._seal(envelope.child_key, field, data[attr])
                   for attr, field in sealable_attributes(type(payload)).items()
                   if data.get(attr) is not None and field in FIELDS and FIELDS[field].encrypted}
        return envelope.model_copy(update={"payload": payload.model_copy(update=updates)}) if updates else envelope

    def many(self, envelopes: Iterable[Envelope]) -> list[Envelope]:
        """Seal a batch: the children's data keys are read, and the missing ones created, in one keyring transaction
        each (per value, key creation was a write transaction per new child)."""
        envelopes = list(envelopes)
        with self.cipher.batch({e.child_key for e in envelopes}):
            return [self(e) for e in envelopes]

    def _seal(self, child_key: str, field: str, value: object) -> object:
        if value is None or is_sealed(value) or field not in FIELDS or not FIELDS[field].encrypted:
            return value
        return self.cipher.seal(child_key, field, value)


class RecordProtector:
    """Processor-side: free text is redacted, and every personal value set by this event is sealed before storage."""

    def __init__(self, cipher: FieldCipher, redact: Redact | None) -> None:
        self.cipher, self.redact = cipher, redact

    def __call__(self, record: ChildRecord, changed: tuple[str, ...]) -> ChildRecord:
        try:
            return self._protect(record, changed)
        except ChildErased:
            # The keys are gone (erasure is under way, or a replay meets the erasure's effect before its event):
            # nothing may be stored in the clear, so the record becomes the tombstone it is about to be anyway.
            return record.erase()

    def _protect(self, record: ChildRecord, changed: tuple[str, ...]) -> ChildRecord:
        fields = record.fields
        sealed: dict[str, FieldValue] = {}
        for name in changed:
            if name not in fields:  # cleared by erasure
                continue
            spec = FIELDS[name]
            fv = fields[name]
            value = fv.value
            if spec.free_text and value is not None:
                plain = self.cipher.open(record.child_key, name, value) if is_sealed(value) else value
                if len(str(plain)) > MAX_FREE_TEXT:
                    raise TextTooLong(f"{name}: {len(str(plain))} characters, over the {MAX_FREE_TEXT} a note may have")
            if spec.free_text and self.redact is not None and value is not None:
                value = self.cipher.seal(record.child_key, name, self.redact(str(plain)))
            elif spec.encrypted and value is not None and not is_sealed(value):
                value = self.cipher.seal(record.child_key, name, value)
            elif name in SEALED_ENTRIES and isinstance(value, list):
                value = self._seal_entries(record.child_key, SEALED_ENTRIES[name], value)
            if value is not fv.value:
                sealed[name] = FieldValue(value, fv.source, fv.event_id, fv.occurred_at)
        return record.with_values(sealed) if sealed else record


    def _seal_entries(self, child_key: str, keys: dict[str, str], entries: list[object]) -> list[object]:
        # A department that sent a level in the clear does not leave it in the clear inside the history.
        out: list[object] = []
        for e in entries:
            if isinstance(e, dict):
                e = {k: (self.cipher.seal(child_key, keys[k], v) if k in keys and v is not None and not is_sealed(v)
                         else v) for k, v in e.items()}
            out.append(e)
        return out if out != entries else entries


class DeadLetterSealer:
    """Dead letters keep the original bytes sealed, so operators can see what a department sent wrong. Where the child
    is known (the message names a child key), the bytes are sealed under a key of that child, so erasing the child
    makes them unreadable; for an erased child nothing of the original is kept. Bytes that name no child are sealed
    under the platform's dead-letter key (v1)."""

    PREFIX = b"dlq:v1:"
    CHILD_PREFIX = b"dlq:v2:"
    DROPPED = b"dlq:dropped"  # the child was erased: the original is not kept at all

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self._aead = Aead(keyring.secret("deadletter"))
        self._per_child = PerChildSealer(keyring, "deadletter", self.CHILD_PREFIX)

    def seal(self, original: bytes, origin: str, child_key: str | None = None) -> bytes:
        if child_key is not None and is_child_key(child_key):
            try:
                return self._per_child.seal(child_key, original, origin.encode())
            except ChildErased:
                return self.DROPPED
        return self.PREFIX + base64.b64encode(self._aead.seal(original, origin.encode()))

    def open(self, sealed: bytes, origin: str) -> bytes:
        """The original bytes; ChildErased when the child was erased since (or before: nothing was kept)."""
        if not sealed or sealed == self.DROPPED:
            raise ChildErased("nothing of this dead letter's original was kept (its child was erased, or it named two)")
        if sealed.startswith(self.CHILD_PREFIX):
            return self._per_child.open(sealed, origin.encode())
        raw = base64.b64decode(sealed[len(self.PREFIX):])
        return self._aead.open(raw, origin.encode())
