"""What a Maven run tested, in a few lines: test counts from the JUnit reports, coverage from JaCoCo.

Maven runs quietly in `make test`; this prints what it would otherwise hide: how many unit tests
and process tests ran, and the coverage of hand-written code against the gate in pom.xml.

Usage: python scripts/test_report.py surefire|failsafe [--coverage]
"""

import csv
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"
LABELS = {"surefire": "unit tests", "failsafe": "integration and process tests"}
COUNTERS = {"INSTRUCTION": "instructions", "BRANCH": "branches", "LINE": "lines", "METHOD": "methods"}


def counts(reports):
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "time": 0.0}
    files = sorted(reports.glob("TEST-*.xml"))
    for report in files:
        suite = ET.parse(report).getroot()
        for key in total:
            total[key] += float(suite.get(key, 0)) if key == "time" else int(suite.get(key, 0))
    return len(files), total


def coverage_gate():
    """The minimum ratios jacoco:check enforces, read from pom.xml: {counter: minimum}."""
    pom = (ROOT / "pom.xml").read_text()
    return {counter: float(minimum) for counter, minimum in re.findall(
        r"<counter>(\w+)</counter>\s*<value>COVEREDRATIO</value>\s*<minimum>([\d.]+)</minimum>", pom)}


def coverage():
    rows = list(csv.DictReader((TARGET / "site" / "jacoco" / "jacoco.csv").open()))
    parts = []
    for counter, minimum in coverage_gate().items():
        covered = sum(int(r[f"{counter}_COVERED"]) for r in rows)
        missed = sum(int(r[f"{counter}_MISSED"]) for r in rows)
        parts.append(f"{COUNTERS.get(counter, counter.lower())}"
                     f" {100 * covered / (covered + missed):.1f} %"
                     f" (gate {100 * minimum:.0f} %)")
    return "coverage of hand-written code: " + ", ".join(parts)


def main():
    kind = sys.argv[1]
    _, total = counts(TARGET / f"{kind}-reports")
    passed = total["tests"] - total["failures"] - total["errors"] - total["skipped"]
    print(f"{LABELS[kind]}: {total['tests']} run, {passed} passed,"
          f" {total['failures'] + total['errors']} failed, {total['skipped']} skipped"
          f" ({total['time']:.0f} s)")
    if "--coverage" in sys.argv:
        print(coverage())


if __name__ == "__main__":
    main()
