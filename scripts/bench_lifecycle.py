"""Lifecycle time through the handler, against the floor: the same API calls made directly.

Each round creates, reads, updates and deletes one topic through the local Lambda endpoint (the
production wrapper in a warm JVM), then makes the API calls the handler makes for those actions
directly with boto3. Both run against the same local AWS in the same process, so the ratio says
what the handler adds (request parsing, schema validation, the call chain, logging) over the bare
calls. Needs make local-up.

Usage: python scripts/bench_lifecycle.py [rounds]
"""

import os
import statistics
import sys
import time
import uuid

import boto3

from handler_client import LOCAL_ACCOUNT as ACCOUNT
from handler_client import REGION, HandlerEndpointError, invoke

MOTO = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"


def through_handler(key_arn):
    name = f"life-{uuid.uuid4().hex[:8]}"
    created = {"TopicName": name, "KmsMasterKeyId": key_arn, "Tags": [{"Key": "a", "Value": "1"}]}
    arn = invoke("CREATE", created)["resourceModel"]["TopicArn"]
    invoke("READ", {"TopicArn": arn})
    previous = dict(created, TopicArn=arn)
    invoke("UPDATE", dict(previous, DisplayName="Bench", Tags=[{"Key": "a", "Value": "2"}]), previous)
    invoke("DELETE", {"TopicArn": arn})


def directly(sns, kms, key_arn):
    """The calls the handler makes for the same four actions (make bench lists them)."""
    name = f"life-{uuid.uuid4().hex[:8]}"
    arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"
    kms.describe_key(KeyId=key_arn)
    try:
        sns.get_topic_attributes(TopicArn=arn)
    except sns.exceptions.NotFoundException:
        pass
    sns.create_topic(Name=name, Attributes={"KmsMasterKeyId": key_arn},
                     Tags=[{"Key": "a", "Value": "1"}])
    sns.get_topic_attributes(TopicArn=arn)
    sns.list_tags_for_resource(ResourceArn=arn)
    sns.get_topic_attributes(TopicArn=arn)
    sns.list_tags_for_resource(ResourceArn=arn)
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Bench")
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "2"}])
    sns.get_topic_attributes(TopicArn=arn)
    sns.delete_topic(TopicArn=arn)


def timed(action, rounds):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    sns = boto3.client("sns", endpoint_url=MOTO, region_name=REGION)
    kms = boto3.client("kms", endpoint_url=MOTO, region_name=REGION)
    key_arn = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")[
        "KeyMetadata"]["Arn"]
    for _ in range(3):  # warm both paths up before measuring
        through_handler(key_arn)
        directly(sns, kms, key_arn)
    handler = timed(lambda: through_handler(key_arn), rounds)
    floor = timed(lambda: directly(sns, kms, key_arn), rounds)
    h, f = statistics.median(handler), statistics.median(floor)
    print(f"create+read+update+delete, {rounds} rounds each, medians:")
    print(f"  through the handler endpoint  {h * 1000:7.1f} ms")
    print(f"  the same 12 API calls direct  {f * 1000:7.1f} ms")
    print(f"  ratio                         {h / f:7.2f}x")


if __name__ == "__main__":
    try:
        main()
    except HandlerEndpointError as error:
        sys.exit(f"bench-lifecycle: {error}")
