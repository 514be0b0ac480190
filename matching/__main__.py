"""Command line: python -m matching --suppliers S --needs N --top K --json [--lang es|en]."""

from __future__ import annotations

import argparse
import json
import sys

from matching.files import InputError, match_files


def main(argv: list[str] | None = None) -> int:
    """Print the matches of a suppliers file for a needs file as JSON."""
    parser = argparse.ArgumentParser(prog="python -m matching", description=__doc__)
    parser.add_argument("--suppliers", required=True)
    parser.add_argument("--needs", required=True)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    parser.add_argument("--lang", choices=("es", "en"), default="en")
    args = parser.parse_args(argv)
    try:
        result = match_files(
            args.suppliers, args.needs, args.top, "es" if args.lang == "es" else "en"
        )
    except InputError as e:
        print(f"matching: {e}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
