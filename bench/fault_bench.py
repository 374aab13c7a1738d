"""Fault drills at scale on a real local broker: a flood of malformed messages of every kind among valid events, and a
kill -9 storm while events stream. Prints lost / doubled / dead-lettered / duplicates / longest pause / stop times for
each engine (the same drills run at 10k in tests/integration/test_flood.py).

    .venv/bin/python bench/fault_bench.py --malformed 100000 --children 10000 --kills 30
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.broker import LocalKafka  # noqa: E402
from devtools.synthetic.fault_drill import flood, storm  # noqa: E402
from services.bootstrap import Platform  # noqa: E402
from services.settings import Settings  # noqa: E402

RESULTS = Path(__file__).with_name("results")


def platform_for(bootstrap: str, workdir: Path, name: str, engine: str, partitions: int) -> Platform:
    settings = Settings().with_(bootstrap_servers=bootstrap, namespace=f"drill{int(time.time())}{name}.",
                                database_url=f"sqlite:///{workdir}/{name}.db", keyring_dir=workdir / "keys",
                                state_dir=workdir / f"state-{name}", partitions=partitions, batch_size=500,
                                engine=engine)
    platform = Platform(settings)
    platform.ensure_topics()
    return platform


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--malformed", type=int, default=100_000, help="malformed messages in the flood")
    parser.add_argument("--children", type=int, default=10_000, help="children whose valid events go along (~8 each)")
    parser.add_argument("--kills", type=int, default=30, help="SIGKILLs in the storm")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between kills (±50%%)")
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--engine", action="append", choices=["direct", "faust"], help="default: both")
    parser.add_argument("--skip-flood", action="store_true")
    parser.add_argument("--skip-storm", action="store_true")
    parser.add_argument("--bootstrap", help="use this broker instead of starting one")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        broker = None
        if not args.bootstrap:
            broker = LocalKafka(data_dir=workdir / "kafka", heap="1g").start().wait_ready()
            os.environ.update(broker.client_env())
        bootstrap = args.bootstrap or broker.bootstrap_servers
        try:
            for engine in args.engine or ["direct", "faust"]:
                if not args.skip_flood:
                    report = flood(platform_for(bootstrap, workdir, f"flood{engine}", engine, args.partitions),
                                   engine, workdir, children=args.children, malformed=args.malformed)
                    print(f"--- flood, {engine}\n" + "\n".join(report.lines()), flush=True)
                    results[f"flood-{engine}"] = report.__dict__
                if not args.skip_storm:
                    report = storm(platform_for(bootstrap, workdir, f"storm{engine}", engine, args.partitions),
                                   engine, workdir, children=args.children, kills=args.kills, every_s=args.every,
                                   malformed=args.malformed // 100)
                    print(f"--- storm, {engine}\n" + "\n".join(report.lines()), flush=True)
                    results[f"storm-{engine}"] = report.__dict__
        finally:
            if broker:
                broker.stop()
    out = RESULTS / "faults.json"
    out.write_text(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "args": vars(args),
                               "results": results}, indent=1, default=str))
    print("written", out)


if __name__ == "__main__":
    main()
