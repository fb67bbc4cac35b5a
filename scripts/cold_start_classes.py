"""Writes the list of classes that ClassPreloader loads in the background of a cold start.

Runs the Lambda jar of this work tree cold (a fresh JVM per request, as bench_cold_start does) for
a CREATE, READ, UPDATE and DELETE of one topic, with preloading off, and writes the classes they
load from the jar or from the JDK's modules, in load order: section [ALL] has those all four load,
started before the request is parsed; section [<action>] the rest of what that action loads,
started once the action is known. So the background threads load nothing the request would not.

Needs `make build` (the jar, test classes) and `make local-up` (the local AWS).

Usage: python scripts/cold_start_classes.py [--output PATH]
"""

import argparse
import re
import tempfile
import uuid
from pathlib import Path

import boto3

from bench_cold_start import MOTO, ROOT, cold_invoke, current_jar, entry_point
from handler_client import LOCAL_ACCOUNT, REGION

OUTPUT = ROOT / "src/main/resources/software/amazon/sns/ssetopic/cold-start-classes.txt"
HEADER = """\
# Classes cold invocations load, which ClassPreloader loads in the background: [ALL] before the
# request is parsed, [<action>] once the action is known.
# Written by `make cold-classes` (scripts/cold_start_classes.py); do not edit by hand.
"""
# The list is made from what the request thread alone loads, not from an earlier list.
ALONE = ["-Dssetopic.preloadClasses=false"]
LOADED = re.compile(r"^\[[^\]]*\] (\S+) source: (\S+)")


def loaded_classes(lines):
    """Classes a run loaded from the jar or the JDK's modules (not the CDS archive, not the
    benchmark's own test classes, not classes generated at run time), in load order."""
    names = []
    for line in lines:
        match = LOADED.match(line)
        if not match:
            continue
        name, source = match.groups()
        from_jar = source.startswith("file:") and "test-classes" not in source
        if (from_jar or source.startswith("jrt:/")) and "$$Lambda" not in name:
            names.append(name)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()

    jar, entry = current_jar(None), entry_point()
    kms = boto3.client("kms", endpoint_url=MOTO, region_name=REGION)
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    name = f"cold-classes-{uuid.uuid4().hex[:8]}"
    created = {"TopicName": name, "KmsMasterKeyId": key["Arn"]}
    model = dict(created, TopicArn=f"arn:aws:sns:{REGION}:{LOCAL_ACCOUNT}:{name}")
    runs = {}
    with tempfile.TemporaryDirectory() as workdir:
        runs["CREATE"] = cold_invoke(jar, entry, "CREATE", created, workdir, jvm_options=ALONE)[3]
        runs["READ"] = cold_invoke(jar, entry, "READ", {"TopicArn": model["TopicArn"]},
                                   workdir, jvm_options=ALONE)[3]
        runs["UPDATE"] = cold_invoke(jar, entry, "UPDATE", dict(model, DisplayName="cold"),
                                     workdir, previous=model, jvm_options=ALONE)[3]
        runs["DELETE"] = cold_invoke(jar, entry, "DELETE", model, workdir, jvm_options=ALONE)[3]
    by_action = {action: list(dict.fromkeys(loaded_classes(lines)))
                 for action, lines in runs.items()}
    common = set.intersection(*(set(names) for names in by_action.values()))
    sections = {"ALL": [n for n in by_action["READ"] if n in common]}
    for action, names in by_action.items():
        sections[action] = [n for n in names if n not in common]
    options.output.write_text(HEADER + "".join(
        f"[{section}]\n" + "".join(f"{name}\n" for name in names)
        for section, names in sections.items()))
    counts = ", ".join(f"{section} {len(names)}" for section, names in sections.items())
    print(f"{options.output.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
