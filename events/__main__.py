"""Command line: python -m events schedule INSTANCE.json -o SCHEDULE.json."""

from __future__ import annotations

import argparse
import sys

from events.files import schedule_file, summary
from events.spec import InstanceError


def main(argv: list[str] | None = None) -> int:
    """Entry point of python -m events."""
    ap = argparse.ArgumentParser(prog="python -m events")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("schedule", help="schedule an instance file")
    sp.add_argument("instance")
    sp.add_argument("-o", "--output")
    sp.add_argument("--previous")
    sp.add_argument("--time-limit", type=float)
    sp.add_argument("--baseline", action="store_true")
    a = ap.parse_args(argv)
    try:
        result = schedule_file(a.instance, a.output, a.previous, a.time_limit, a.baseline)
    except (InstanceError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(summary(result.report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
