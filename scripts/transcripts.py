"""The console transcripts of the documentation, run and compared: they are golden files.

Every ```console block of the given Markdown files holds commands (lines starting with `$ `, a
trailing backslash continues a command on the next line) each followed by the output it printed,
standard output and standard error merged as a terminal shows them. This script runs each command
from the repository root and compares what it prints now with what the block says.

A block that needs AWS state names a setup on the line before its fence, for example
`<!-- transcript: setup=alarm-without-grant -->`; the setups below build that state on the local
AWS (make local-up), reset and seeded so that key IDs come out the same on every run.

Usage: python scripts/transcripts.py FILE...          compare; exit 1 and print diffs on drift
       python scripts/transcripts.py --write FILE...  rewrite the blocks with today's output
                                                      (this is what `make goldens` runs)
"""

import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE = "```console"
SETUP = re.compile(r"<!-- transcript: setup=([a-z0-9-]+) -->")
REGION = "us-east-1"
# The names the documented transcripts use; the key's ID comes from moto's seeded generator.
ALARM_TOPIC = "orders-alarms"
SEED = 14


@dataclass
class Block:
    path: Path
    start: int  # index of the first line after the fence
    end: int  # index of the closing fence
    setup: str | None
    commands: list = field(default_factory=list)  # [(command text as shown, recorded output)]


def parse(path):
    lines = path.read_text().split("\n")
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() == FENCE:
            match = SETUP.fullmatch(lines[i - 1].strip()) if i > 0 else None
            end = lines.index("```", i + 1)
            block = Block(path, i + 1, end, match.group(1) if match else None)
            body = lines[i + 1:end]
            j = 0
            while j < len(body):
                if not body[j].startswith("$ "):
                    raise SystemExit(f"{path}:{i + 2 + j}: a console block must start with `$ `")
                shown = [body[j]]
                while shown[-1].endswith("\\"):
                    j += 1
                    shown.append(body[j])
                j += 1
                output = []
                while j < len(body) and not body[j].startswith("$ "):
                    output.append(body[j])
                    j += 1
                block.commands.append(("\n".join(shown), "\n".join(output)))
            blocks.append(block)
            i = end
        i += 1
    return blocks


def run(shown):
    """One documented command, as a person types it in the repository root."""
    command = shown[2:]
    env = {**os.environ, "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true"}
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)
    return done.stdout.rstrip("\n")


# --- setups: AWS state on the local AWS for the blocks that read it --------------------------------


def moto(path):
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if not re.match(r"http://(127\.0\.0\.1|localhost)(:\d+)?$", endpoint):
        raise SystemExit("transcripts: a setup needs the local AWS: AWS_ENDPOINT_URL must be"
                         " http://127.0.0.1:<port> (make local-up; make goldens starts it)")
    request = urllib.request.Request(f"{endpoint}{path}", data=b"", method="POST")
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except OSError as error:
        raise SystemExit(f"transcripts: the local AWS at {endpoint} does not answer ({error}):"
                         " run make local-up") from None


def alarm_topic(grant):
    """An alarm's topic, made without the type, encrypted with a new key; granted or not."""
    import boto3  # only the setups need AWS

    moto("/moto-api/reset")
    moto(f"/moto-api/seed?a={SEED}")
    kms = boto3.client("kms", region_name=REGION)
    sns = boto3.client("sns", region_name=REGION)
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    arn = sns.create_topic(Name=ALARM_TOPIC, Attributes={"KmsMasterKeyId": key["Arn"]})["TopicArn"]
    if grant:  # what the FAIL line's fix says to do, done with the toolkit itself
        with tempfile.TemporaryDirectory() as work:
            current = Path(work) / "policy.json"
            current.write_text(kms.get_key_policy(KeyId=key["Arn"], PolicyName="default")["Policy"])
            merged = run(f"$ bin/ssetopic key-policy --key-arn {key['Arn']} --topic-arn {arn}"
                         " --service-principal cloudwatch.amazonaws.com"
                         f" --merge-into {current} --format json 2>/dev/null")
        kms.put_key_policy(KeyId=key["Arn"], PolicyName="default",
                           Policy=json.dumps(json.loads(merged)["policy"]))


SETUPS = {
    "alarm-without-grant": lambda: alarm_topic(grant=False),
    "alarm-with-grant": lambda: alarm_topic(grant=True),
}


# --- compare or rewrite ---------------------------------------------------------------------------


def main():
    args = sys.argv[1:]
    write = "--write" in args
    paths = [ROOT / a for a in args if a != "--write"]
    drifted = 0
    for path in paths:
        lines = path.read_text().split("\n")
        blocks = parse(path)
        for block in reversed(blocks):  # rewriting from the end keeps earlier indexes valid
            if block.setup:
                if block.setup not in SETUPS:
                    raise SystemExit(f"{path.name}: unknown setup '{block.setup}'")
                SETUPS[block.setup]()
            body = []
            for shown, recorded in block.commands:
                actual = run(shown)
                body += shown.split("\n") + (actual.split("\n") if actual else [])
                if actual != recorded:
                    drifted += 1
                    first = shown.split("\n")[0]
                    print(f"{path.relative_to(ROOT)}: `{first[2:]}` prints something else now:")
                    sys.stdout.writelines(difflib.unified_diff(
                        (recorded + "\n").splitlines(True), (actual + "\n").splitlines(True),
                        "documented", "actual", n=1))
                    print()
            lines[block.start:block.end] = body
        if write:
            path.write_text("\n".join(lines))
        print(f"{path.relative_to(ROOT)}: {sum(len(b.commands) for b in blocks)} commands in"
              f" {len(blocks)} transcripts" + (", rewritten" if write else ""))
    if drifted and not write:
        print(f"{drifted} transcripts differ from what the commands print: if the change is"
              " intended, run `make goldens` and review the diff", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
