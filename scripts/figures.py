"""Writes docs/performance.md: every measured figure, with the machine, its load and the date.

Runs the three benchmarks against the running local AWS (make figures starts it) and writes their
output verbatim under the command that reproduces it. Nothing in the page is typed by hand except
the sentences that say what each benchmark measures, so a figure is never older than its page.

Usage: python scripts/figures.py docs/performance.md   (normally through `make figures`)
"""

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"

BENCHMARKS = [
    ("API calls per action", "make bench", "bench_api_calls.py",
     "Each handler action through the production entrypoint on the local endpoint, with moto's"
     " request recorder on: the AWS calls it made. Counts are the same on every machine."),
    ("Lifecycle time", "make bench-lifecycle", "bench_lifecycle.py",
     "Rounds of create, read, update and delete through the warm local endpoint, against the same"
     " API calls made directly with boto3 on the same local AWS: what the handler adds."),
    ("Cold start and jar size", "make bench-cold", "bench_cold_start.py",
     "The Lambda jar's first request in a fresh JVM, through the entry point .rpdk-config names"
     " (as a new Lambda container serves it), with -XX:TieredStopAtLevel=1 as template.yml sets"
     " it; `no-preload` is the same jar with the class preloader off, `floor` the same AWS calls"
     " with the SDK alone, `wrapper-floor` the entry point with a handler that answers at once"
     " and calls nothing. `make bench-cold BASELINE=<rev>` adds the jar of another revision."),
]


def text_of(*command):
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        return (done.stdout or done.stderr).strip()
    except OSError:
        return "(unknown)"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load():
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def main():
    out = ROOT / sys.argv[1]
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = load()
    sections = []
    for title, command, script, what in BENCHMARKS:
        print(f"figures: {command} ...", flush=True)
        done = subprocess.run([sys.executable, str(SCRIPTS / script)], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"figures: {command} failed:\n{done.stdout}{done.stderr}")
        sections.append(f"## {title}\n\n{what}\n\n```console\n$ {command}\n"
                        f"{done.stdout.rstrip()}\n```\n")
    commit = text_of("git", "rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if text_of("git", "status", "--porcelain") else ""
    java = text_of("java", "-version").splitlines()[0]
    header = f"""# Performance and footprint

Written by `make figures` (scripts/figures.py); do not edit by hand. Times depend on the machine
and on what else it runs: the load average below says how busy it was.

| | |
|---|---|
| measured | {started:%Y-%m-%d %H:%M} UTC, commit {commit}{dirty} |
| machine | {cpu_model()}, {os.cpu_count()} cores, {memory_gib()} memory, {platform.system()} {platform.release()} |
| load average | {load_before} before, {load()} after |
| Java | {java} |
"""
    out.write_text(header + "\n" + "\n".join(sections))
    print(f"figures: wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
