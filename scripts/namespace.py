"""Stages the type under another namespace, ready for `cfn submit`.

The registry reserves the AWS namespace (and Alexa, AMZN, Amazon, ASK, Custom, Dev) for its own
types, so a private registration needs a name of the user's own, for example Acme::SNS::SSETopic.
Only the type name changes: the Java package, the handler and the jar stay as built.

Usage: python scripts/namespace.py Acme [--dry-run]
  stages build/Acme/; with --dry-run also runs `cfn submit --dry-run` there and checks that the
  package it writes registers Acme::SNS::SSETopic. Then: cd build/Acme && cfn submit --set-default
"""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPE_NAME = "AWS::SNS::SSETopic"
RESERVED = {"aws", "alexa", "amzn", "amazon", "ask", "custom", "dev"}


def fail(message):
    sys.exit(f"namespace: {message}")


def stage(namespace):
    if not re.fullmatch(r"[A-Za-z0-9]{2,64}", namespace):
        fail(f"'{namespace}' is not a namespace: use 2 to 64 letters and digits, e.g. Acme")
    if namespace.lower() in RESERVED:
        fail(f"'{namespace}' is reserved by the registry: choose your organization's name")
    jars = [j for j in (ROOT / "target").glob("aws-sns-ssetopic-*.jar")]
    if len(jars) != 1:
        fail("build the handler jar first (make build): found " + str(len(jars)) + " jars")

    type_name = f"{namespace}::SNS::SSETopic"
    hyphenated = type_name.lower().replace("::", "-")
    out = ROOT / "build" / namespace
    shutil.rmtree(out, ignore_errors=True)
    (out / "target").mkdir(parents=True)

    settings = json.loads((ROOT / ".rpdk-config").read_text())
    settings["typeName"] = type_name
    (out / ".rpdk-config").write_text(json.dumps(settings, indent=4) + "\n")

    schema = json.loads((ROOT / "aws-sns-ssetopic.json").read_text())
    schema["typeName"] = type_name
    (out / f"{hyphenated}.json").write_text(json.dumps(schema, indent=4) + "\n")

    for name in ("inputs", "src"):
        shutil.copytree(ROOT / name, out / name)
    shutil.copytree(ROOT / "target" / "generated-sources", out / "target" / "generated-sources")
    shutil.copy2(ROOT / "pom.xml", out / "pom.xml")
    # The execution role `cfn submit` deploys, with its conditions, for the new type name.
    role = (ROOT / "resource-role.yaml").read_text()
    (out / "resource-role.yaml").write_text(
        role.replace("AWS-SNS-SSETopic", type_name.replace("::", "-")))
    shutil.copy2(jars[0], out / "target" / jars[0].name.replace("aws-sns-ssetopic", hyphenated, 1))
    print(f"staged {type_name} in {out.relative_to(ROOT)}")
    return out


def dry_run(out, namespace):
    """`cfn submit --dry-run` in the staged folder, then a look inside the package it wrote."""
    type_name = f"{namespace}::SNS::SSETopic"
    cfn = Path(sys.executable).with_name("cfn")
    subprocess.run([str(cfn), "submit", "--dry-run"], cwd=out, check=True)
    package = out / (type_name.lower().replace("::", "-") + ".zip")
    with zipfile.ZipFile(package) as zipped:
        names = zipped.namelist()
        registered = {
            "schema.json": json.loads(zipped.read("schema.json"))["typeName"],
            ".rpdk-config": json.loads(zipped.read(".rpdk-config"))["typeName"],
        }
    wrong = {name: value for name, value in registered.items() if value != type_name}
    if wrong or not any(n.endswith(".jar") for n in names):
        fail(f"{package.name} does not register {type_name}: {wrong or 'no jar inside'}")
    print(f"{package.relative_to(ROOT)} registers {type_name} ({len(names)} files)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--dry-run"]
    if len(args) != 1:
        fail("usage: python scripts/namespace.py <Namespace> [--dry-run]")
    staged = stage(args[0])
    if "--dry-run" in sys.argv:
        dry_run(staged, args[0])
