"""Stages the type under a namespace of your own and registers it (`make register`).

The registry reserves the AWS namespace (and Alexa, AMZN, Amazon, ASK, Custom, Dev) for its own
types, so a private registration needs a name of the user's own, for example Acme::SNS::SSETopic.
Only the type name changes: the Java package, the handler and the jar stay as built.

Staging writes build/<Namespace>/ (settings, schema, inputs, sources, the jar) and runs
`cfn generate` there, so the cfn CLI itself writes that folder's resource-role.yaml: the execution
role whose trust policy names <Namespace>-SNS-SSETopic, with exactly the schema's handler
permissions, to which scripts/resource_role.py adds the conditions the generator cannot write.
`cfn submit` deploys that role, which is why the root copy (AWS-SNS-SSETopic) cannot serve a
registration under another name.

Usage: python scripts/namespace.py <Namespace> --dry-run
           stage, run `cfn submit --dry-run` there, and check the package and the role
       python scripts/namespace.py <Namespace> --region <region> [--no-set-default]
           stage and run `cfn submit --set-default --region <region>`: registers the type in the
           account of the current AWS credentials (docs/operations.md says what that creates)
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

import resource_role

ROOT = Path(__file__).resolve().parent.parent
RESERVED = {"aws", "alexa", "amzn", "amazon", "ask", "custom", "dev"}
ROLE_FILE = "resource-role.yaml"


class RegistrationError(Exception):
    """The staged package or role is not what registration needs."""


def type_name_of(namespace):
    return f"{namespace}::SNS::SSETopic"


def check_namespace(namespace):
    if not re.fullmatch(r"[A-Za-z0-9]{2,64}", namespace):
        raise RegistrationError(
            f"'{namespace}' is not a namespace: use 2 to 64 letters and digits, e.g. Acme")
    if namespace.lower() in RESERVED:
        raise RegistrationError(
            f"'{namespace}' is reserved by the registry: choose your organization's name, e.g. Acme")


def cfn(*args, cwd):
    """The cfn CLI of this venv (the one `make venv` installs next to this Python)."""
    subprocess.run([str(Path(sys.executable).with_name("cfn")), *args], cwd=cwd, check=True)


def stage(namespace):
    check_namespace(namespace)
    jars = list((ROOT / "target").glob("aws-sns-ssetopic-*.jar"))
    if len(jars) != 1:
        raise RegistrationError(
            f"build the handler jar first (make build): found {len(jars)} jars in target/")

    type_name = type_name_of(namespace)
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
    shutil.copy2(ROOT / "pom.xml", out / "pom.xml")
    shutil.copy2(jars[0], out / "target" / jars[0].name.replace("aws-sns-ssetopic", hyphenated, 1))
    print(f"register: staging {type_name} in {out.relative_to(ROOT)}; cfn generate writes its"
          f" {ROLE_FILE}", flush=True)
    cfn("generate", cwd=out)
    resource_role.add_conditions(out / ROLE_FILE)
    check_role(out, type_name, schema)
    return out


def check_role(out, type_name, schema):
    """The staged execution role trusts this type only and grants exactly the schema's calls."""
    role = yaml.safe_load((out / ROLE_FILE).read_text())["Resources"]["ExecutionRole"]["Properties"]
    [trust] = role["AssumeRolePolicyDocument"]["Statement"]
    source_arn = trust["Condition"]["StringLike"]["aws:SourceArn"]["Fn::Sub"]
    hyphenated = type_name.replace("::", "-")
    if not source_arn.endswith(f":type/resource/{hyphenated}/*"):
        raise RegistrationError(f"{ROLE_FILE} trusts {source_arn}, not {hyphenated}")
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    granted = {action for statement in statements for action in statement["Action"]}
    needed = {p for handler in schema["handlers"].values() for p in handler["permissions"]}
    if granted != needed:
        raise RegistrationError(
            f"{ROLE_FILE} grants {sorted(granted)}, the schema's handlers need {sorted(needed)}")
    unconditioned = {a for s in statements if "Condition" not in s for a in s["Action"]}
    if unconditioned & set(resource_role.CONDITIONS):
        raise RegistrationError(
            f"{ROLE_FILE} grants {sorted(unconditioned & set(resource_role.CONDITIONS))} without"
            " the conditions in scripts/resource-role-conditions.json")


def dry_run(out, namespace):
    """`cfn submit --dry-run` in the staged folder, then a look inside the package it wrote."""
    type_name = type_name_of(namespace)
    cfn("submit", "--dry-run", cwd=out)
    package = out / (type_name.lower().replace("::", "-") + ".zip")
    with zipfile.ZipFile(package) as zipped:
        names = zipped.namelist()
        registered = {
            "schema.json": json.loads(zipped.read("schema.json"))["typeName"],
            ".rpdk-config": json.loads(zipped.read(".rpdk-config"))["typeName"],
        }
    wrong = {name: value for name, value in registered.items() if value != type_name}
    if wrong or not any(n.endswith(".jar") for n in names):
        raise RegistrationError(
            f"{package.name} does not register {type_name}: {wrong or 'no jar inside'}")
    print(f"register: {package.relative_to(ROOT)} registers {type_name} ({len(names)} files);"
          f" {out.relative_to(ROOT)}/{ROLE_FILE} trusts {type_name.replace('::', '-')} only")


def submit(out, region, set_default):
    args = ["submit", "--region", region] + (["--set-default"] if set_default else [])
    print(f"register: cfn {' '.join(args)} (in {out.relative_to(ROOT)})", flush=True)
    cfn(*args, cwd=out)


def main():
    parser = argparse.ArgumentParser(prog="namespace.py", description=__doc__.split("\n")[0])
    parser.add_argument("namespace")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--region")
    parser.add_argument("--no-set-default", dest="set_default", action="store_false")
    args = parser.parse_args()
    if not args.dry_run and not args.region:
        parser.error("name the region to register in (--region), or pass --dry-run")
    try:
        out = stage(args.namespace)
        if args.dry_run:
            dry_run(out, args.namespace)
        else:
            submit(out, args.region, args.set_default)
    except RegistrationError as error:
        sys.exit(f"register: {error}")
    except subprocess.CalledProcessError as error:
        sys.exit(f"register: `{' '.join(['cfn', *error.cmd[1:]])}` failed"
                 f" (exit {error.returncode}), see its output above")


if __name__ == "__main__":
    main()
