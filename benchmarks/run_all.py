"""Issue 20's speed figures, each next to its floor, in one run — or the older per-area scripts.

    python benchmarks/run_all.py                       # every figure of benchmarks/speed.py
    python benchmarks/run_all.py --skip scaling        # options of speed.py (--only, --skip…)
    python benchmarks/run_all.py --scripts [name ...]  # the bench_*.py scripts, one by one

The figures are recorded in benchmarks/README.md (machine, load, method, where the time goes).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def scripts(wanted: set[str]) -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"\n## {name}\n", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


def main() -> int:
    if sys.argv[1:2] == ["--scripts"]:
        return scripts(set(sys.argv[2:]))
    from benchmarks import speed

    speed.main(sys.argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
