"""Department edge (publisher SDK) benchmark: how fast events are sealed on one core, no broker.

Two figures, CPU time of this process (time.process_time, so that other processes on a shared machine do not count):
- sealing for children whose data keys exist: events/s through EdgeSealer.many (the SDK's publish_many) plus the wire
  encoding;
- key creation for new children: children/s through Keyring.data_keys (one keyring transaction per batch), and the
  same children's events sealed with their keys created on the way (children/s and events/s).

    .venv/bin/python bench/sdk_bench.py --children 20000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.synthetic import events_for, generate_children  # noqa: E402
from events.envelope import encode  # noqa: E402
from privacy.cipher import FieldCipher  # noqa: E402
from services.adapters.keyring_files import file_keyring  # noqa: E402
from services.usecases.protection import EdgeSealer  # noqa: E402

RESULTS = Path(__file__).with_name("results")


def say(name: str, value: object) -> None:
    print(f"{name:<52} {value}", flush=True)


def seal_all(edge: EdgeSealer, envelopes: list, batch: int) -> float:
    """CPU seconds to seal and encode every envelope, `batch` at a time (as Publisher.publish_many does)."""
    started = time.process_time()
    for i in range(0, len(envelopes), batch):
        for env in edge.many(envelopes[i:i + batch]):
            encode(env)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=5000, help="events per publish_many chunk")
    args = parser.parse_args()
    kids = generate_children(args.children, b"s" * 32, seed=5)
    envelopes = [env for child in kids for env in events_for(child, seed=0)]
    child_keys = {env.child_key for env in envelopes}
    figures: dict = {"children": len(child_keys), "events": len(envelopes), "batch": args.batch}
    say("corpus", f"{len(envelopes)} events over {len(child_keys)} children")
    with tempfile.TemporaryDirectory() as tmp:
        keyring = file_keyring(Path(tmp) / "keys-only")
        started = time.process_time()
        ordered = sorted(child_keys)
        for i in range(0, len(ordered), args.batch):
            keyring.data_keys(ordered[i:i + args.batch])
        cpu = time.process_time() - started
        figures["new_keys_per_s"] = round(len(child_keys) / cpu)
        say("key creation for new children (data_keys)", f"{figures['new_keys_per_s']} children/s")
        keyring.close()

        keyring = file_keyring(Path(tmp) / "keys")
        edge = EdgeSealer(FieldCipher(keyring))
        cpu = seal_all(edge, envelopes, args.batch)
        figures["new_children_per_s"] = round(len(child_keys) / cpu)
        figures["new_children_events_per_s"] = round(len(envelopes) / cpu)
        say("new children, keys created and every event sealed", f"{figures['new_children_per_s']} children/s "
            f"({figures['new_children_events_per_s']} events/s)")
        cpu = seal_all(edge, envelopes, args.batch)
        figures["existing_keys_events_per_s"] = round(len(envelopes) / cpu)
        say("sealing for children whose keys exist", f"{figures['existing_keys_events_per_s']} events/s")
        keyring.close()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "sdk.json"
    out.write_text(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "figures": figures}, indent=1))
    say("written", out)


if __name__ == "__main__":
    main()
