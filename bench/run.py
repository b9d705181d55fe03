"""Run every benchmark in bench/ (``make bench``). Each bench_*.py prints its own numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    failed = 0
    only = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        if only and not any(o in script.stem for o in only):
            continue
        print(f"=== {script.stem}", flush=True)
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        failed |= rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
