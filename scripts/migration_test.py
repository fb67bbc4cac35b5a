"""Migration test: templates written for AWS::SNS::Topic switch to AWS::SNS::SSETopic by one line.

For every template in src/test/resources/migration/ (each uses AWS::SNS::Topic properties):

1. plain cfn-lint accepts it as written (it really is a stock template);
2. with only the `Type:` line changed, cfn-lint with the type's own schema accepts it
   (scripts/cfn_lint.py, as `make lint-examples` runs it);
3. the resource is deployed on the local AWS through the local handler endpoint, exactly as
   CloudFormation would call it: CREATE, then READ by identifier alone must give back every
   property the template set; UPDATE to the template's variant b (same identifier: every stock
   property the templates change updates without replacement), READ again; DELETE, after which
   READ answers NotFound.

The template's parameters are filled in from resources this script creates on the local AWS
(a KMS key and alias, SQS queues, an IAM role ARN). A tiny resolver expands Ref, Fn::Sub, Fn::If
and Fn::Equals, which is all the templates use.

Usage (with make local-up running): python scripts/migration_test.py
"""

import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import boto3
from cfnlint.decode import decode_str

sys.path.insert(0, str(Path(__file__).parent))
from demo import DemoFailure, Handler, caller_credentials  # noqa: E402  (one way to invoke)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "src/test/resources/migration"
REGION = os.environ.get("AWS_REGION", "us-east-1")
STOCK, TYPE = "AWS::SNS::Topic", "AWS::SNS::SSETopic"
# Properties whose arrays are sets (insertionOrder: false) in both schemas.
SETS = {"Subscription", "Tags", "DeliveryStatusLogging"}


def lint_with_type_schema(path):
    schemas = Path(tempfile.mkdtemp()) / "schemas"
    schemas.mkdir()
    (schemas / "aws-sns-ssetopic.json").write_text((ROOT / "aws-sns-ssetopic.json").read_text())
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts/cfn_lint.py"), "--registry-schemas", str(schemas),
         "--override-spec", str(ROOT / "scripts/cfn-lint-override.json"), "--", str(path)],
        capture_output=True, text=True)


def switched(text):
    """The template with its one `Type: AWS::SNS::Topic` line changed, nothing else."""
    lines = text.splitlines(keepends=True)
    typed = [i for i, line in enumerate(lines) if re.fullmatch(rf"\s*Type: {STOCK}\s*", line)]
    if len(typed) != 1:
        raise DemoFailure(f"expected exactly one 'Type: {STOCK}' line, found {len(typed)}")
    lines[typed[0]] = lines[typed[0]].replace(STOCK, TYPE)
    return "".join(lines)


class Resolver:
    def __init__(self, template, parameters, account):
        self.parameters = dict(parameters, **{
            "AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": account})
        self.conditions = template.get("Conditions", {})

    def condition(self, name):
        return self.value(self.conditions[name])

    def value(self, node):
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), = node.items()
            if key == "Ref":
                return self.parameters[argument]
            if key == "Fn::Sub":
                return re.sub(r"\$\{([^}]+)\}", lambda m: self.parameters[m.group(1)], argument)
            if key == "Fn::If":
                name, yes, no = argument
                return self.value(yes if self.condition(name) else no)
            if key == "Fn::Equals":
                left, right = (self.value(side) for side in argument)
                return left == right
        return {key: self.value(value) for key, value in node.items()}


def normalised(name, value):
    """A property value as compared: sets of canonical JSON for unordered arrays."""
    if name in SETS and isinstance(value, list):
        return sorted(json.dumps(item, sort_keys=True) for item in value)
    return json.dumps(value, sort_keys=True)


def same_properties(declared, read):
    return [name for name, value in declared.items()
            if normalised(name, value) != normalised(name, read.get(name))]


def fixtures(account):
    """The resources the templates' parameters name, created on the local AWS."""
    kms = boto3.client("kms", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    alias = f"alias/migration-{uuid.uuid4().hex[:8]}"
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])

    def queue_arn(name, **attributes):
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        return sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    suffix = uuid.uuid4().hex[:8]
    return {
        "KeyArn": key["Arn"], "KeyAlias": alias,
        "QueueArn": queue_arn(f"migration-{suffix}"),
        "FifoQueueArn": queue_arn(f"migration-{suffix}.fifo", FifoQueue="true"),
        "LogRoleArn": f"arn:aws:iam::{account}:role/sns-delivery-logs",
    }


VARIANTS = {
    "a": {"Variant": "a", "Retention": "30", "Scope": "MessageGroup"},
    "b": {"Variant": "b", "Retention": "60", "Scope": "Topic"},
}


def deploy(handler, template, shared, account):
    (logical, resource), = template["Resources"].items()
    name = f"migration-{uuid.uuid4().hex[:8]}"

    def properties(variant):
        values = dict(shared, Name=name, **VARIANTS[variant])
        return Resolver(template, values, account).value(resource.get("Properties", {}))

    first = properties("a")
    created = handler.invoke("CREATE", first)
    expect_status("CREATE", created, "SUCCESS")
    arn = created["resourceModel"]["TopicArn"]
    read = handler.invoke("READ", {"TopicArn": arn})
    expect_status("READ", read, "SUCCESS")
    differ = same_properties(first, read["resourceModel"])
    if differ:
        raise DemoFailure(f"READ after CREATE differs in {differ}: {read['resourceModel']}")

    second = properties("b")
    updated = handler.invoke("UPDATE", dict(second, TopicArn=arn), dict(first, TopicArn=arn))
    expect_status("UPDATE", updated, "SUCCESS")
    if updated["resourceModel"]["TopicArn"] != arn:
        raise DemoFailure("UPDATE replaced the topic; every property changed here updates in place")
    read = handler.invoke("READ", {"TopicArn": arn})
    expect_status("READ", read, "SUCCESS")
    differ = same_properties(second, read["resourceModel"])
    if differ:
        raise DemoFailure(f"READ after UPDATE differs in {differ}: {read['resourceModel']}")

    expect_status("DELETE", handler.invoke("DELETE", {"TopicArn": arn}), "SUCCESS")
    gone = handler.invoke("READ", {"TopicArn": arn})
    if gone.get("errorCode") != "NotFound":
        raise DemoFailure(f"READ after DELETE answered {gone.get('status')} {gone.get('errorCode')}")
    return sorted(first)


def expect_status(action, event, status):
    if event.get("status") != status:
        raise DemoFailure(f"{action} answered {event.get('status')}: {event.get('errorCode')}:"
                          f" {event.get('message')}")


def main():
    credentials, account = caller_credentials()
    handler = Handler(credentials, account)
    shared = fixtures(account)
    templates = sorted(TEMPLATES.glob("*.yaml"))
    if not templates:
        raise DemoFailure(f"no templates in {TEMPLATES}")
    for path in templates:
        text = path.read_text()
        print(f"\n{path.relative_to(ROOT)}")
        stock = subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(path)],
                               capture_output=True, text=True)
        if stock.returncode != 0:
            raise DemoFailure(f"plain cfn-lint refuses the stock template:\n{stock.stdout}")
        print(f"    cfn-lint, as {STOCK}: clean")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as swapped:
            swapped.write(switched(text))
        linted = lint_with_type_schema(swapped.name)
        if linted.returncode != 0:
            raise DemoFailure(f"cfn-lint with the type's schema refuses the switched template:\n"
                              f"{linted.stdout}{linted.stderr}")
        print(f"    cfn-lint, Type: line changed to {TYPE}, type's schema: clean")
        template, matches = decode_str(text)
        if matches:
            raise DemoFailure(f"cannot read {path}: {matches}")
        checked = deploy(handler, copy.deepcopy(template), shared, account)
        print(f"    create, read, update, read, delete on the local AWS: {', '.join(checked)}"
              " read back as declared")
    print(f"\nAll {len(templates)} templates switch by one line.")


if __name__ == "__main__":
    try:
        main()
    except DemoFailure as failure:
        print(f"\nMIGRATION TEST FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
