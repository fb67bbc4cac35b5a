"""Cold start of the Lambda jar: one request in a fresh JVM, as a new Lambda container serves it.

Calls the Lambda entry point the revision's .rpdk-config names (RequestStreamHandler.handleRequest,
one request per JVM, through ColdLambdaInvoke from the test classes) against the local AWS, for a
cold CREATE, READ, UPDATE (DisplayName) and DELETE of one topic, and prints per variant and action the medians of: wall time; JVM start
(until the entry point's class loads); the wrapper's class and constructor (until the request is
parsed, HandlerRequest loads); the request itself (the rest); classes loaded; peak RSS. The split
points come from the class-load log's uptime stamps, so they are approximate.

Variants, run interleaved so that a busy machine slows them alike:
- current:  the jar of this work tree (target/, from make build);
- current, no preload: the same jar with ClassPreloader switched off, which shows what loading
            classes on a second thread gains on this machine (nothing on a single core);
- baseline: with --baseline REV, the jar of that git revision, built once in a worktree under
            target/bench-cold/ and kept there by commit;
- floor:    a fresh JVM that makes the same AWS calls with the same SDK and nothing else
            (ColdStartFloor, from the test classes), for CREATE and READ;
- wrapper floor: the entry point with a handler that answers at once and calls nothing
            (WrapperFloor, from the test classes): what the RPDK wrapper alone costs, for CREATE
            and READ. A cold request pays both floors' work; on a machine whose cores are busy
            with the JIT they barely overlap.

Needs `make build` (the jar, test classes) and `make local-up` (the local AWS).

Usage: python scripts/bench_cold_start.py [--baseline REV] [--runs N] [jar]
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import boto3

from handler_client import LOCAL_ACCOUNT, REGION, handler_request

ROOT = Path(__file__).resolve().parent.parent
MOTO = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"
INVOKE = "software.amazon.sns.ssetopic.local.ColdLambdaInvoke"
FLOOR = "software.amazon.sns.ssetopic.local.ColdStartFloor"
WRAPPER_FLOOR = "software.amazon.sns.ssetopic.local.WrapperFloor"
JVM = ["java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"]  # as template.yml sets it
REQUEST_CLASS = "software.amazon.cloudformation.proxy.HandlerRequest"


def current_jar(given):
    if given:
        return Path(given).resolve()
    return next((ROOT / "target").glob("aws-sns-ssetopic-handler-*.jar"))


def entry_point(revision=None):
    """The Lambda handler class the revision (None: the work tree) registers."""
    if revision is None:
        text = (ROOT / ".rpdk-config").read_text()
    else:
        text = subprocess.run(["git", "show", f"{revision}:.rpdk-config"], cwd=ROOT, check=True,
                              text=True, capture_output=True).stdout
    return json.loads(text)["entrypoint"].split("::")[0]


def baseline_jar(revision):
    """The jar of a revision, built once in a worktree of its own and kept by commit."""
    sha = subprocess.run(["git", "rev-parse", revision], cwd=ROOT, check=True, text=True,
                         capture_output=True).stdout.strip()
    cache = ROOT / "target" / "bench-cold"
    jar = cache / f"{sha[:12]}.jar"
    if jar.exists():
        return sha, jar
    tree = cache / f"tree-{sha[:12]}"
    cache.mkdir(parents=True, exist_ok=True)
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=ROOT,
                       check=True, capture_output=True)
    print(f"building the baseline jar of {sha[:12]} in {tree.relative_to(ROOT)} ...", flush=True)
    try:
        subprocess.run(["mvn", "-B", "-ntp", "-q", "-DskipTests", "-Djacoco.skip=true",
                        f"-Dcfn.executable={ROOT / '.venv' / 'bin' / 'cfn'}", "package"],
                       cwd=tree, check=True)
        built = next((tree / "target").glob("aws-sns-ssetopic-handler-*.jar"))
        built.replace(jar)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                       capture_output=True)
    return sha, jar


def measure(command, workdir):
    """Runs one fresh JVM; returns wall seconds, its output, peak RSS (MB) and its class log."""
    log = Path(workdir) / f"classes-{uuid.uuid4().hex}.log"
    out = Path(workdir) / "out.txt"
    env = dict(os.environ, AWS_ENDPOINT_URL=MOTO, AWS_REGION=REGION)
    full = command[:1] + [f"-Xlog:class+load:file={log}:uptime"] + command[1:]
    started = time.perf_counter()
    with open(out, "w") as stdout:
        process = subprocess.Popen(full, cwd=workdir, env=env, stdout=stdout,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:6])}... exited {process.returncode}: {text[-2000:]}")
    lines = log.read_text().splitlines()
    log.unlink()
    return elapsed, text, usage.ru_maxrss / 1024, lines


def uptime_of(lines, class_name):
    for line in lines:
        if f" {class_name} " in line:
            return float(line.split("]")[0].lstrip("[").rstrip("s"))
    return None


def cold_invoke(jar, entry, action, properties, workdir, previous=None, jvm_options=()):
    """One request in a fresh JVM; fails unless it succeeds. Returns what measure() returns."""
    scratch = Path(workdir) / "tmp"  # the wrapper empties java.io.tmpdir on every request
    scratch.mkdir(exist_ok=True)
    payload = handler_request(action, properties, previous, logical_id="ColdStartTopic")
    classpath = f"{jar}:{ROOT / 'target' / 'test-classes'}"
    wall, text, rss, lines = measure(
        JVM + list(jvm_options) + [f"-Djava.io.tmpdir={scratch}", "-cp", classpath, INVOKE, entry,
                                   json.dumps(payload)],
        workdir)
    body = text.split("__CFN_RESOURCE_START_RESPONSE__")[1].split(
        "__CFN_RESOURCE_END_RESPONSE__")[0]
    if json.loads(body)["status"] != "SUCCESS":
        raise SystemExit(f"{action} answered: {body}")
    return wall, text, rss, lines


NO_PRELOAD = ["-Dssetopic.preloadClasses=false"]


def run_wrapper(jar, entry, action, properties, workdir, jvm_options=(), previous=None):
    wall, _, rss, lines = cold_invoke(jar, entry, action, properties, workdir, previous=previous,
                                      jvm_options=jvm_options)
    boot = uptime_of(lines, entry)
    parsed = uptime_of(lines, REQUEST_CLASS)
    return {"wall": wall, "boot": boot, "constructor": parsed - boot,
            "request": wall - parsed, "classes": len(lines), "rss": rss}


def run_floor(jar, args, workdir):
    classpath = f"{jar}:{ROOT / 'target' / 'test-classes'}"
    wall, text, rss, lines = measure(JVM + ["-cp", classpath, FLOOR] + args, workdir)
    if "SUCCESS" not in text:
        raise SystemExit(f"floor failed: {text[-2000:]}")
    return {"wall": wall, "boot": None, "constructor": None, "request": None,
            "classes": len(lines), "rss": rss}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("jar", nargs="?")
    parser.add_argument("--baseline", help="git revision whose jar to compare with")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    jars = {"current": current_jar(options.jar)}
    entries = {"current": entry_point()}
    if options.baseline:
        sha, jars["baseline"] = baseline_jar(options.baseline)
        entries["baseline"] = entry_point(sha)
        print(f"baseline: {options.baseline} = {sha[:12]}")
    kms = boto3.client("kms", endpoint_url=MOTO, region_name=REGION)
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    variants = [("current", jars["current"], entries["current"], ()),
                ("no-preload", jars["current"], entries["current"], NO_PRELOAD)]
    if "baseline" in jars:
        variants.append(("baseline", jars["baseline"], entries["baseline"], ()))
    variants.append(("floor", jars["current"], None, ()))
    variants.append(("wrapper-floor", jars["current"], WRAPPER_FLOOR, ()))
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for _ in range(options.runs):
            for variant, jar, entry, jvm_options in variants:
                name = f"cold-{uuid.uuid4().hex[:8]}"
                arn = f"arn:aws:sns:{REGION}:{LOCAL_ACCOUNT}:{name}"
                if variant == "floor":
                    runs = {"CREATE": run_floor(jar, ["CREATE", name, key["Arn"]], workdir),
                            "READ": run_floor(jar, ["READ", arn], workdir)}
                elif variant == "wrapper-floor":
                    runs = {"CREATE": run_wrapper(jar, entry, "CREATE",
                                                  {"TopicName": name, "KmsMasterKeyId": key["Arn"]},
                                                  workdir),
                            "READ": run_wrapper(jar, entry, "READ", {"TopicArn": arn}, workdir)}
                else:
                    model = {"TopicName": name, "KmsMasterKeyId": key["Arn"], "TopicArn": arn}
                    runs = {
                        "CREATE": run_wrapper(jar, entry, "CREATE",
                                              {"TopicName": name, "KmsMasterKeyId": key["Arn"]},
                                              workdir, jvm_options),
                        "READ": run_wrapper(jar, entry, "READ", {"TopicArn": arn}, workdir,
                                            jvm_options),
                        "UPDATE": run_wrapper(jar, entry, "UPDATE", dict(model, DisplayName="cold"),
                                              workdir, jvm_options, previous=model),
                        "DELETE": run_wrapper(jar, entry, "DELETE", model, workdir, jvm_options),
                    }
                for action, run in runs.items():
                    results.setdefault((variant, action), []).append(run)

    for variant, jar in jars.items():
        print(f"jar {variant}: {jar.name} {jar.stat().st_size / 1e6:.1f} MB")
    print(f"\nmedians of {options.runs} interleaved runs each (fresh JVM per run)")
    print(f"{'variant':13} {'action':7} {'wall s':>7} {'JVM s':>6} {'ctor s':>7} {'request s':>10}"
          f" {'classes':>8} {'peak RSS MB':>12}")

    def cell(value, digits=2):
        return "-" if value is None else f"{value:.{digits}f}"

    order = ["CREATE", "READ", "UPDATE", "DELETE"]
    for (variant, action), runs in sorted(results.items(),
                                          key=lambda item: (order.index(item[0][1]), item[0][0])):
        row = {k: median([run[k] for run in runs]) for k in runs[0]}
        print(f"{variant:13} {action:7} {cell(row['wall']):>7} {cell(row['boot']):>6}"
              f" {cell(row['constructor']):>7} {cell(row['request']):>10}"
              f" {row['classes']:>8.0f} {row['rss']:>12.0f}")
    for action in order:
        now = median([r["wall"] for r in results[("current", action)]])
        alone = median([r["wall"] for r in results[("no-preload", action)]])
        line = f"{action}: wall time current/no-preload {now / alone:.2f}"
        if "baseline" in jars:
            then = median([r["wall"] for r in results[("baseline", action)]])
            line += f", current/baseline {now / then:.2f}"
            if ("floor", action) in results:
                sdk = median([r["wall"] for r in results[("floor", action)]])
                wrapper = median([r["wall"] for r in results[("wrapper-floor", action)]])
                line += (f"; floors/baseline: SDK {sdk / then:.2f}, wrapper {wrapper / then:.2f}")
        print(line)


if __name__ == "__main__":
    main()
