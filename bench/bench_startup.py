"""Start-up time of the command line, whole process, against ``python -c "import click"``.

Target (issue #2): ``secassess --help`` and ``secassess --version`` under 0.25 s and under 3x
the baseline. Heavy libraries must be imported only where they are used.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15


def timed(cmd: list[str]) -> float:
    samples: list[float] = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    exe = shutil.which("secassess", path=str(Path(sys.executable).parent)) or "secassess"
    baseline = timed([sys.executable, "-c", "import click"])
    print(f"python -c 'import click'   {baseline * 1000:7.1f} ms (median of {RUNS})")
    for args in (["--help"], ["--version"]):
        t = timed([exe, *args])
        verdict = "ok" if t < 0.25 and t < 3 * baseline else "OVER TARGET"
        print(f"secassess {args[0]:<16} {t * 1000:7.1f} ms  = {t / baseline:4.2f}x baseline  [{verdict}]")
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, secassess.cli; print(' '.join(sorted(m for m in "
         "('pydantic','sqlalchemy','reportlab','openpyxl','nmap','yaml','jinja2','alembic') if m in sys.modules)))"],
        capture_output=True, text=True, check=True).stdout.strip()
    print(f"heavy modules imported by the CLI module: {heavy or 'none'}")


if __name__ == "__main__":
    main()
