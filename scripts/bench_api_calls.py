"""Counts the AWS API calls each handler action makes, on the local AWS.

Each action runs through the production entrypoint on the local endpoint (make local-up) while
moto's request recorder is on; the recording says which calls reached AWS. Counts, not timings:
they are the same on any machine.

Usage: python scripts/bench_api_calls.py   (with make local-up running)
"""

import base64
import json
import os
import sys
import urllib.parse
import urllib.request
import uuid
from collections import Counter

import boto3

from handler_client import LOCAL_ACCOUNT as ACCOUNT
from handler_client import REGION, HandlerEndpointError, invoke

MOTO = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"


def post(url, body=b""):
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST")) as response:
        return response.read()


def api_call(entry):
    """The service and action of one recorded request."""
    target = entry.get("headers", {}).get("X-Amz-Target")
    if target:
        service = "sqs" if target.startswith("AmazonSQS") else "kms"
        return f"{service}:" + target.split(".")[-1]
    body = base64.b64decode(entry.get("body") or "").decode()  # the recorder stores bodies base64
    action = urllib.parse.parse_qs(body).get("Action", ["?"])[0]
    return "sns:" + action


def counted(action, properties, previous=None):
    post(f"{MOTO}/moto-api/recorder/reset-recording")
    post(f"{MOTO}/moto-api/recorder/start-recording")
    event = invoke(action, properties, previous, logical_id="BenchTopic")
    post(f"{MOTO}/moto-api/recorder/stop-recording")
    with urllib.request.urlopen(f"{MOTO}/moto-api/recorder/download-recording") as response:
        lines = [json.loads(line) for line in response.read().decode().splitlines() if line.strip()]
    return event, Counter(api_call(line) for line in lines)


def main():
    kms = boto3.client("kms", endpoint_url=MOTO, region_name=REGION)
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    alias = f"alias/bench-{uuid.uuid4().hex[:8]}"
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])

    rows = []
    for form, reference in (("key ARN", key["Arn"]), ("key ID", key["KeyId"]), ("alias", alias)):
        name = f"bench-{uuid.uuid4().hex[:8]}"
        create = {"TopicName": name, "KmsMasterKeyId": reference,
                  "Tags": [{"Key": "team", "Value": "bench"}]}
        event, calls = counted("CREATE", create)
        rows.append((form, "CREATE", calls))
        arn = event["resourceModel"]["TopicArn"]
        _, calls = counted("READ", {"TopicArn": arn})
        rows.append((form, "READ", calls))
        previous = dict(create, TopicArn=arn)
        desired = dict(previous, DisplayName="Bench", Tags=[{"Key": "team", "Value": "perf"}])
        _, calls = counted("UPDATE", desired, previous)
        rows.append((form, "UPDATE (DisplayName, one tag)", calls))
        _, calls = counted("UPDATE", desired, desired)
        rows.append((form, "UPDATE (nothing changed)", calls))
        _, calls = counted("DELETE", {"TopicArn": arn})
        rows.append((form, "DELETE", calls))
    _, calls = counted("LIST", {})
    rows.append(("-", "LIST (one page)", calls))

    # EventSources (CloudWatch and EventBridge) by KeyPolicyMode, key named by ARN.
    sources = [{"ServicePrincipal": "cloudwatch.amazonaws.com"},
               {"ServicePrincipal": "events.amazonaws.com"}]
    granting = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "Publishers", "Effect": "Allow",
         "Principal": {"Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]},
         "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}]}
    for mode in ("Verify", "Manage"):
        # Manage writes only into keys that opted in with this tag.
        mode_key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT",
                                  Tags=[{"TagKey": "sns-ssetopic:manage", "TagValue": "true"}],
                                  )["KeyMetadata"]
        if mode == "Verify":
            kms.put_key_policy(KeyId=mode_key["KeyId"], PolicyName="default",
                               Policy=json.dumps(granting))
        create = {"TopicName": f"bench-{uuid.uuid4().hex[:8]}", "KmsMasterKeyId": mode_key["Arn"],
                  "EventSources": sources, "KeyPolicyMode": mode}
        event, calls = counted("CREATE", create)
        rows.append((mode, "CREATE with 2 EventSources", calls))
        model = event["resourceModel"]
        previous = dict(create, TopicArn=model["TopicArn"], KmsKeyArn=model["KmsKeyArn"])
        _, calls = counted("READ", previous)
        rows.append((mode, "READ (reports granted sources)", calls))
        desired = dict(previous, EventSources=sources[:1])
        _, calls = counted("UPDATE", desired, previous)
        rows.append((mode, "UPDATE dropping one source", calls))
        _, calls = counted("DELETE", desired)
        rows.append((mode, "DELETE", calls))

    # Subscription (Verify mode, key by ARN): an email address and an unencrypted SQS queue, then
    # one queue encrypted with a customer managed key whose policy lets SNS use it.
    sqs = boto3.client("sqs", endpoint_url=MOTO, region_name=REGION)

    def queue_arn(name, **attributes):
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        return sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    queue_key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    kms.put_key_policy(KeyId=queue_key["KeyId"], PolicyName="default", Policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [
            {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "Sns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}]}))
    plain = queue_arn(f"bench-{uuid.uuid4().hex[:8]}")
    encrypted = queue_arn(f"bench-{uuid.uuid4().hex[:8]}", KmsMasterKeyId=queue_key["Arn"])
    mail = {"Protocol": "email", "Endpoint": "bench@example.com"}
    create = {"TopicName": f"bench-{uuid.uuid4().hex[:8]}", "KmsMasterKeyId": key["Arn"],
              "Subscription": [mail, {"Protocol": "sqs", "Endpoint": plain}]}
    event, calls = counted("CREATE", create)
    rows.append(("subs", "CREATE with 2 Subscription", calls))
    arn = event["resourceModel"]["TopicArn"]
    _, calls = counted("READ", {"TopicArn": arn})
    rows.append(("subs", "READ (2 subscriptions)", calls))
    previous = dict(create, TopicArn=arn)
    desired = dict(previous, Subscription=[mail, {"Protocol": "sqs", "Endpoint": encrypted}])
    _, calls = counted("UPDATE", desired, previous)
    rows.append(("subs", "UPDATE swapping one queue", calls))
    _, calls = counted("UPDATE", desired, desired)
    rows.append(("subs", "UPDATE (nothing changed)", calls))
    _, calls = counted("DELETE", desired)
    rows.append(("subs", "DELETE", calls))

    print(f"{'key/mode':9} {'action':30} {'calls':>5}  which")
    for form, action, calls in rows:
        which = ", ".join(f"{name} x{n}" if n > 1 else name for name, n in sorted(calls.items()))
        print(f"{form:9} {action:30} {sum(calls.values()):>5}  {which}")


if __name__ == "__main__":
    try:
        main()
    except HandlerEndpointError as error:
        sys.exit(f"bench: {error}")
