"""Run netjournal as the command line does, then write the process's peak memory (KiB) to a file.

python benchmarks/peak_memory.py OUT_FILE [netjournal arguments ...]
"""

import resource
import sys

from netjournal.cli import main

if __name__ == "__main__":
    out, argv = sys.argv[1], sys.argv[2:]
    code = main(argv)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\n")
    sys.exit(code)
