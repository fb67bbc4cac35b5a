"""Runs `cfn test` offline: STS goes to the local AWS instead of the public endpoint.

The cfn CLI asks STS for temporary credentials and the account ID at an endpoint it builds itself
(AWS_ENDPOINT_URL does not reach it), so this launcher points that one lookup at moto, deploys the
stack of KMS keys the contract inputs name, and then hands over to the real CLI.

Usage: python scripts/cfn_test_local.py [cfn test arguments...]
"""

import os
import sys
from pathlib import Path

import boto3
from rpdk.core import boto_helpers
from rpdk.core.cli import main as cfn_main

MOTO = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"
REGION = os.environ.get("AWS_REGION", "us-east-1")

FIXTURE_STACK = "ssetopic-contract-fixtures"
FIXTURES = Path(__file__).with_name("contract-fixtures.yaml")


def local_service_endpoint(service, region):
    if service == "sts":
        return MOTO
    raise RuntimeError(f"cfn test asked for the {service} endpoint; only STS is redirected")


def deploy_fixtures():
    """The keys that inputs/ name through exports; deployed once per local AWS."""
    cfn = boto3.client("cloudformation", endpoint_url=MOTO, region_name=REGION)
    stacks = cfn.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]
    if not any(s["StackName"] == FIXTURE_STACK for s in stacks):
        cfn.create_stack(StackName=FIXTURE_STACK, TemplateBody=FIXTURES.read_text())


if __name__ == "__main__":
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        os.environ.setdefault(name, value)
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    deploy_fixtures()
    boto_helpers.get_service_endpoint = local_service_endpoint
    sys.argv = ["cfn", "test", "--region", REGION, "--cloudformation-endpoint-url", MOTO, *sys.argv[1:]]
    sys.exit(cfn_main())
