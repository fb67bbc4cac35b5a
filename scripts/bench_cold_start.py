"""Cold start of the Lambda jar: one request in a fresh JVM, as a new Lambda container serves it.

Runs the jar's HandlerWrapperExecutable (the production wrapper, one request per JVM) against the
local AWS several times and prints the wall time of each run, the median, and the jar's size.
Needs `make build` (the jar) and `make local-up` (the local AWS).

Usage: python scripts/bench_cold_start.py [jar] [runs]
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3

from handler_client import LOCAL_ACCOUNT, REGION, handler_request

ROOT = Path(__file__).resolve().parent.parent
MOTO = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"
ENTRY = "software.amazon.sns.ssetopic.HandlerWrapperExecutable"


def request(action, properties):
    return handler_request(action, properties, logical_id="ColdStartTopic")


def run_once(jar, payload, workdir):
    env = dict(os.environ, AWS_ENDPOINT_URL=MOTO, AWS_REGION=REGION)
    # The wrapper empties java.io.tmpdir on every request: give it a folder of its own.
    scratch = Path(workdir) / "tmp"
    scratch.mkdir(exist_ok=True)
    started = time.perf_counter()
    result = subprocess.run(
        ["java", f"-Djava.io.tmpdir={scratch}", "-XX:+TieredCompilation",
         "-XX:TieredStopAtLevel=1", "-cp", str(jar), ENTRY, json.dumps(payload)],
        cwd=workdir, env=env, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    body = result.stdout.split("__CFN_RESOURCE_START_RESPONSE__")[1].split(
        "__CFN_RESOURCE_END_RESPONSE__")[0]
    status = json.loads(body)["status"]
    if status != "SUCCESS":
        raise SystemExit(f"{payload['action']} answered {status}: {body}")
    return elapsed


def main():
    jar = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else next(
        (ROOT / "target").glob("aws-sns-ssetopic-handler-*.jar"))
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    kms = boto3.client("kms", endpoint_url=MOTO, region_name=REGION)
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    with tempfile.TemporaryDirectory() as workdir:
        creates, reads = [], []
        for _ in range(runs):
            name = f"cold-{uuid.uuid4().hex[:8]}"
            creates.append(run_once(
                jar, request("CREATE", {"TopicName": name, "KmsMasterKeyId": key["Arn"]}), workdir))
            arn = f"arn:aws:sns:{REGION}:{LOCAL_ACCOUNT}:{name}"
            reads.append(run_once(jar, request("READ", {"TopicArn": arn}), workdir))
    size = jar.stat().st_size
    print(f"jar {jar.name}: {size / 1e6:.1f} MB")
    for action, times in (("CREATE", creates), ("READ", reads)):
        listed = ", ".join(f"{t:.2f}" for t in times)
        print(f"{action:6} fresh JVM, {runs} runs: median {statistics.median(times):.2f} s ({listed})")


if __name__ == "__main__":
    main()
