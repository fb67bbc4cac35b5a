"""The AWS::SNS::SSETopic lifecycle on the local AWS, step by step: what `make demo` runs.

It drives the production handler exactly as CloudFormation would: each action is a Lambda Invoke of
the local endpoint (127.0.0.1:$HANDLER_PORT) with a HandlerRequest body that carries temporary
caller credentials from STS, and an IN_PROGRESS answer is invoked again after its delay with the
returned callback context. After each step it asks the local AWS (moto, at $AWS_ENDPOINT_URL)
through boto3 what it now holds, so what the handler says is checked against what AWS did.

The demo doubles as a smoke test: as soon as anything does not behave as expected it names the step
and exits non-zero. Credentials are never printed.

Usage (normally through `make demo`, which starts and stops the local services):
    AWS_ENDPOINT_URL=http://127.0.0.1:5000 HANDLER_PORT=3001 python scripts/demo.py
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from handler_client import ENDPOINT, REGION, TYPE_NAME, HandlerEndpointError, handler_request, post

LOGICAL_ID = "OrdersTopic"

# CloudFormation invokes an IN_PROGRESS handler again; the demo does too, within these bounds.
MAX_INVOCATIONS = 10
MAX_CALLBACK_DELAY_SECONDS = 60
MAX_LIST_PAGES = 50


class DemoFailure(Exception):
    """A step did not behave as expected."""


def expect(condition, message):
    if not condition:
        raise DemoFailure(message)


def expect_equal(what, actual, wanted):
    expect(actual == wanted, f"{what} is {actual!r}, expected {wanted!r}")


# --- output ---------------------------------------------------------------------------------------

_current_step = "start-up"


def heading(number, title):
    global _current_step
    _current_step = f"step ({number}) {title}"
    print(f"\n({number}) {title}")


def say(text):
    print(f"    {text}")


def show(label, model):
    """A model as JSON: one property a line, each value compact, tags in a stable order."""
    say(f"{label}:")
    if "Tags" in model:  # an unordered set in the schema
        model = {**model, "Tags": sorted(model["Tags"] or [], key=lambda tag: tag["Key"])}
    members = [f"        {json.dumps(name)}: {json.dumps(value)}" for name, value in model.items()]
    print("      {\n" + ",\n".join(members) + "\n      }")


def tag_map(tags):
    """[{"Key": k, "Value": v}, ...], as both the model and the SNS API spell tags, as a dict."""
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def tags_text(tags):
    return ", ".join(f"{key}={value}" for key, value in sorted(tags.items())) or "(none)"


# --- the handler, as CloudFormation calls it ------------------------------------------------------


class Handler:
    """The type's handler behind the local Lambda endpoint, invoked on behalf of one stack."""

    def __init__(self, credentials, account_id):
        self.credentials = credentials
        self.account_id = account_id
        self.stack_id = f"arn:aws:cloudformation:{REGION}:{account_id}:stack/demo/{uuid.uuid4()}"

    def invoke(self, action, model, previous=None):
        """One CloudFormation operation: invoke, and again while the handler says IN_PROGRESS.

        Returns the final ProgressEvent (status SUCCESS or FAILED) as a dict.
        """
        bearer_token = str(uuid.uuid4())  # one client request token for the whole operation
        callback_context = None
        for _ in range(MAX_INVOCATIONS):
            started = time.monotonic()
            request = self._request(action, model, previous, callback_context, bearer_token)
            event = self._post(request)
            status = event.get("status")
            say(f"{action} -> {status} ({time.monotonic() - started:.2f} s)")
            if status != "IN_PROGRESS":
                expect(status in ("SUCCESS", "FAILED"), f"{action} answered status {status!r}")
                return event
            delay = event.get("callbackDelaySeconds") or 0
            expect(
                delay <= MAX_CALLBACK_DELAY_SECONDS,
                f"{action} asked to be called back in {delay} s; the demo waits at most"
                f" {MAX_CALLBACK_DELAY_SECONDS} s",
            )
            say(f"  the handler asks to be called again in {delay} s")
            time.sleep(delay)
            callback_context = event.get("callbackContext")
            model = event.get("resourceModel") or model
        raise DemoFailure(f"{action} was still IN_PROGRESS after {MAX_INVOCATIONS} invocations")

    def list_all(self):
        """LIST, following nextToken as CloudFormation's ListResources does: every model."""
        models, next_token = [], None
        for _ in range(MAX_LIST_PAGES):
            request = self._request("LIST", {}, None, None, str(uuid.uuid4()))
            request["nextToken"] = next_token
            event = self._post(request)
            expect(
                event.get("status") == "SUCCESS",
                f"LIST answered {event.get('status')}: {event.get('errorCode')}:"
                f" {event.get('message')}",
            )
            models += event.get("resourceModels") or []
            next_token = event.get("nextToken")
            if not next_token:
                return models
        raise DemoFailure(f"LIST still had a nextToken after {MAX_LIST_PAGES} pages")

    def _request(self, action, model, previous, callback_context, bearer_token):
        return handler_request(
            action, model, previous, logical_id=LOGICAL_ID, credentials=self.credentials,
            account_id=self.account_id, callback_context=callback_context,
            bearer_token=bearer_token, stack_id=self.stack_id)

    @staticmethod
    def _post(request):
        try:
            return post(request)
        except HandlerEndpointError as e:
            raise DemoFailure(f"{e}, or run `make demo`") from None


def expect_success(action, event):
    expect(
        event["status"] == "SUCCESS",
        f"{action} failed: {event.get('errorCode')}: {event.get('message')}",
    )


# --- what AWS holds -------------------------------------------------------------------------------


def topic_arns(sns):
    pages = sns.get_paginator("list_topics").paginate()
    return {topic["TopicArn"] for page in pages for topic in page["Topics"]}


# Tags the type keeps on a topic for itself (the creating request's token): never in the model.
TYPE_TAG_PREFIX = "sns-ssetopic:"


def topic_state(sns, arn):
    """The topic's attributes, the template's tags and the type's own tags, as SNS reports them."""
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    tags = tag_map(sns.list_tags_for_resource(ResourceArn=arn)["Tags"])
    own = {key: value for key, value in tags.items() if key.startswith(TYPE_TAG_PREFIX)}
    return attributes, {key: value for key, value in tags.items() if key not in own}, own


def subscriptions(sns, arn):
    """The topic's subscriptions as SNS lists them, every page: (protocol, endpoint) pairs."""
    pages = sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=arn)
    return sorted((s["Protocol"], s["Endpoint"]) for page in pages for s in page["Subscriptions"])


def subscriptions_of(model):
    return sorted((s["Protocol"], s["Endpoint"]) for s in model.get("Subscription") or [])


def show_subscriptions(sns, arn):
    say("SNS ListSubscriptionsByTopic:")
    for protocol, endpoint in subscriptions(sns, arn):
        say(f"  {protocol:<6} {endpoint}")


def topic_exists(sns, arn):
    try:
        sns.get_topic_attributes(TopicArn=arn)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "NotFound":
            return False
        raise


# --- the steps ------------------------------------------------------------------------------------


def step_key(kms):
    heading(1, "A customer managed KMS key with an alias, in the local AWS")
    key = kms.create_key(
        Description="SSE key for the AWS::SNS::SSETopic demo",
        KeyUsage="ENCRYPT_DECRYPT",
        KeySpec="SYMMETRIC_DEFAULT",
    )["KeyMetadata"]
    alias = f"alias/ssetopic-demo-{uuid.uuid4().hex[:6]}"  # unique: the demo may run again
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    described = kms.describe_key(KeyId=alias)["KeyMetadata"]
    expect_equal(f"the key {alias} names", described["Arn"], key["Arn"])
    say(f"key ARN: {key['Arn']}")
    say(f"alias:   {alias}"
        f"  ({described['KeySpec']}, {described['KeyUsage']}, {described['KeyState']})")
    return key["Arn"], alias


def step_create(handler, sns, key_arn, alias, queue_arn):
    heading(2, f"CREATE an {TYPE_NAME} encrypted with {alias}, with two subscriptions")
    desired = {
        "DisplayName": "Orders",
        "KmsMasterKeyId": alias,
        "Subscription": [{"Protocol": "sqs", "Endpoint": queue_arn},
                         {"Protocol": "email", "Endpoint": "orders-team@example.com"}],
        "Tags": [{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": "demo"}],
    }
    show("template properties", desired)
    event = handler.invoke("CREATE", desired)
    expect_success("CREATE", event)
    model = event.get("resourceModel") or {}
    show("returned model", model)
    expect(model.get("TopicArn"), "CREATE returned no TopicArn")
    expect_equal("KmsKeyArn", model.get("KmsKeyArn"), key_arn)
    say("KmsKeyArn is the ARN of the key from step (1), resolved from the alias at deploy time:")
    say("hand it to IAM policies, which must name the key ARN, not an alias.")

    attributes, tags, own = topic_state(sns, model["TopicArn"])
    say("what AWS now holds (SNS GetTopicAttributes, ListTagsForResource):")
    say(f"  KmsMasterKeyId:  {attributes.get('KmsMasterKeyId')}")
    say(f"  DisplayName:     {attributes.get('DisplayName')}")
    say(f"  Tags:            {tags_text(tags)}")
    say(f"  and the type's:  {tags_text(own)}  (how a create knows its own topic; not in the model)")
    expect_equal("the topic's KmsMasterKeyId", attributes.get("KmsMasterKeyId"), alias)
    expect_equal("the topic's DisplayName", attributes.get("DisplayName"), "Orders")
    expect_equal("the topic's tags", tags, tag_map(desired["Tags"]))
    show_subscriptions(sns, model["TopicArn"])
    expect_equal("the topic's subscriptions", subscriptions(sns, model["TopicArn"]),
                 subscriptions_of(desired))
    say("Subscribed in the same CREATE, right after the topic: no wait, no sleep.")
    return model


def step_read(handler, created, alias):
    heading(3, "READ the topic, as CloudFormation does after an operation and for drift detection")
    event = handler.invoke("READ", {"TopicArn": created["TopicArn"]})
    expect_success("READ", event)
    model = event.get("resourceModel") or {}
    show("model", model)
    expect_equal("READ's TopicArn", model.get("TopicArn"), created["TopicArn"])
    expect_equal("READ's KmsMasterKeyId", model.get("KmsMasterKeyId"), alias)
    expect_equal("READ's DisplayName", model.get("DisplayName"), "Orders")
    expect_equal("READ's tags", tag_map(model.get("Tags")), tag_map(created.get("Tags")))
    expect_equal("READ's subscriptions", subscriptions_of(model), subscriptions_of(created))
    say(f"KmsMasterKeyId comes back exactly as written ({alias}), not as a key ARN: no drift.")


def step_update(handler, sns, created, alias):
    heading(4, "UPDATE DisplayName, Tags, SignatureVersion and one subscription; the key stays")
    arn = created["TopicArn"]
    before, before_tags, _ = topic_state(sns, arn)
    template = {
        "DisplayName": "Orders (v2)",
        "KmsMasterKeyId": alias,
        "SignatureVersion": "2",
        "Subscription": [s for s in created["Subscription"] if s["Protocol"] == "sqs"]
        + [{"Protocol": "https", "Endpoint": "https://orders.example.com/sns"}],
        "Tags": [{"Key": "team", "Value": "billing"}, {"Key": "tier", "Value": "gold"}],
    }
    show("new template properties", template)
    desired = {"TopicArn": arn, **template}  # CloudFormation adds the primary identifier
    expect_success("UPDATE", handler.invoke("UPDATE", desired, previous=created))

    after, after_tags, _ = topic_state(sns, arn)
    say("what AWS now holds (SNS GetTopicAttributes, ListTagsForResource):")
    rows = [(name, before.get(name), after.get(name))
            for name in ("DisplayName", "SignatureVersion", "KmsMasterKeyId", "TracingConfig")]
    rows.append(("Tags", tags_text(before_tags), tags_text(after_tags)))
    for name, old, new in rows:
        change = f"{new}   (unchanged)" if old == new else f"{new}   (was: {old})"
        say(f"  {name + ':':<18}{change}")
    expect_equal("the topic's DisplayName", after.get("DisplayName"), "Orders (v2)")
    expect_equal("the topic's SignatureVersion", after.get("SignatureVersion"), "2")
    expect_equal("the topic's KmsMasterKeyId", after.get("KmsMasterKeyId"), alias)
    expect_equal("the topic's tags", after_tags, tag_map(template["Tags"]))
    show_subscriptions(sns, arn)
    expect_equal("the topic's subscriptions", subscriptions(sns, arn), subscriptions_of(template))
    say("The queue subscription was kept, the email one removed, the HTTPS one added.")
    return {**created, **desired}


def step_list(handler, arn):
    heading(5, "LIST the topics of this account and region")
    started = time.monotonic()
    models = handler.list_all()
    say(f"LIST -> SUCCESS ({time.monotonic() - started:.2f} s): {len(models)} topic(s)")
    for model in models[:5]:
        say(f"  {model.get('TopicArn')}")
    if len(models) > 5:
        say(f"  ... and {len(models) - 5} more")
    expect(any(model.get("TopicArn") == arn for model in models), f"LIST does not name {arn}")
    say("The demo topic is in the list.")


def step_bad_request(handler, sns, number, title, bad_key, named):
    """A CREATE the handler must refuse with InvalidRequest, naming `named`, creating nothing."""
    heading(number, title)
    before = topic_arns(sns)
    event = handler.invoke("CREATE", {"DisplayName": "Broken", "KmsMasterKeyId": bad_key})
    say(f"errorCode: {event.get('errorCode')}")
    say(f"message:   {event.get('message')}")
    expect_equal("the status", event["status"], "FAILED")
    expect_equal("the errorCode", event.get("errorCode"), "InvalidRequest")
    expect(named in (event.get("message") or ""), f"the message does not name {named}")
    after = topic_arns(sns)
    expect(after == before, f"the failed CREATE left topics behind: {sorted(after - before)}")
    say(f"SNS ListTopics: {len(after)} topic(s) before and after; nothing was created.")


def disabled_key(kms):
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    return key["Arn"]


def step_delete(handler, sns, model):
    heading(8, "DELETE the topic")
    arn = model["TopicArn"]
    expect_success("DELETE", handler.invoke("DELETE", model))
    event = handler.invoke("READ", {"TopicArn": arn})
    say(f"READ afterwards: {event.get('errorCode')}: {event.get('message')}")
    expect_equal("READ's errorCode after DELETE", event.get("errorCode"), "NotFound")
    expect(not topic_exists(sns, arn), f"SNS GetTopicAttributes still finds {arn}")
    expect(arn not in topic_arns(sns), f"SNS ListTopics still names {arn}")
    say("SNS GetTopicAttributes answers NotFound and ListTopics no longer names it: it is gone.")


def ssetopic(*args):
    """bin/ssetopic as a person runs it, on the same local AWS; returns (exit code, stdout)."""
    env = {**os.environ, "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true"}
    launcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bin", "ssetopic")
    done = subprocess.run([launcher, *args], capture_output=True, text=True, env=env, timeout=120)
    expect(done.returncode in (0, 3), f"ssetopic {args[0]} exited {done.returncode}: {done.stderr}")
    return done.returncode, done.stdout


def show_output(text):
    for line in text.rstrip("\n").splitlines():
        say(f"  {line}")


def step_diagnose(kms, sns):
    heading(9, "ssetopic diagnose: why doesn't my alarm notify?")
    say("A topic made without the type: encrypted with a new customer managed key whose policy")
    say("is the default one, and a CloudWatch alarm that is meant to publish to it.")
    key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    name = f"demo-alarms-{uuid.uuid4().hex[:6]}"
    arn = sns.create_topic(Name=name, Attributes={"KmsMasterKeyId": key["Arn"]})["TopicArn"]
    try:
        diagnose = ["diagnose", "--topic-arn", arn, "--service-principal", "cloudwatch.amazonaws.com"]
        say(f"$ bin/ssetopic {' '.join(diagnose)}")
        code, out = ssetopic(*diagnose)
        show_output(out)
        expect_equal("diagnose's exit code on the broken setup", code, 3)
        expect("FAIL" in out and "key policy" in out, "diagnose did not name the key policy")

        say("The fix it names, merged into the key's policy by ssetopic key-policy:")
        with tempfile.TemporaryDirectory() as work:
            current = os.path.join(work, "policy.json")
            with open(current, "w") as f:
                f.write(kms.get_key_policy(KeyId=key["Arn"], PolicyName="default")["Policy"])
            merge = ["key-policy", "--key-arn", key["Arn"], "--topic-arn", arn,
                     "--service-principal", "cloudwatch.amazonaws.com", "--merge-into", current]
            say(f"$ bin/ssetopic {' '.join(merge)} > new-policy.json  (then PutKeyPolicy)")
            _, merged = ssetopic(*merge)
        kms.put_key_policy(KeyId=key["Arn"], PolicyName="default",
                           Policy=json.dumps(json.loads(merged)))

        say(f"$ bin/ssetopic {' '.join(diagnose)}")
        code, out = ssetopic(*diagnose)
        show_output(out)
        expect_equal("diagnose's exit code once the key policy grants the alarm", code, 0)
    finally:
        sns.delete_topic(TopicArn=arn)


# --- main -----------------------------------------------------------------------------------------


def caller_credentials():
    """Temporary credentials and the account ID from STS, as the cfn CLI gets them."""
    sts = boto3.client("sts", region_name=REGION)
    account_id = sts.get_caller_identity()["Account"]
    session = sts.get_session_token()["Credentials"]
    credentials = {
        "accessKeyId": session["AccessKeyId"],
        "secretAccessKey": session["SecretAccessKey"],
        "sessionToken": session["SessionToken"],
    }
    return credentials, account_id


def main():
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    print(f"{TYPE_NAME}: the whole lifecycle through the production handler")
    print(f"  local AWS {endpoint or '(AWS_ENDPOINT_URL not set)'}, "
          f"handler endpoint {ENDPOINT}, region {REGION}")
    expect(
        urllib.parse.urlsplit(endpoint).hostname in ("127.0.0.1", "localhost", "::1"),
        "AWS_ENDPOINT_URL must name the local AWS (http://127.0.0.1:<port>): the demo creates and"
        " deletes resources, so it never runs against a real account. Run `make demo`.",
    )
    kms = boto3.client("kms", region_name=REGION)
    sns = boto3.client("sns", region_name=REGION)
    handler = Handler(*caller_credentials())

    key_arn, alias = step_key(kms)
    sqs = boto3.client("sqs", region_name=REGION)
    queue_url = sqs.create_queue(QueueName=f"ssetopic-demo-{uuid.uuid4().hex[:6]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    created = step_create(handler, sns, key_arn, alias, queue_arn)
    step_read(handler, created, alias)
    updated = step_update(handler, sns, created, alias)
    step_list(handler, created["TopicArn"])
    step_bad_request(handler, sns, 6, "A bad request: KmsMasterKeyId 'not a key!!', refused by the"
                     " type's schema (cfn-lint with the schema catches it before any deploy)",
                     "not a key!!", "#/KmsMasterKeyId")
    disabled = disabled_key(kms)
    step_bad_request(handler, sns, 7, "A disabled key: caught at deploy, not at the first publish",
                     disabled, disabled)
    step_delete(handler, sns, updated)
    step_diagnose(kms, sns)
    print("\nAll 9 steps behaved as expected.")


if __name__ == "__main__":
    try:
        main()
    except DemoFailure as failure:
        print(f"\nDEMO FAILED in {_current_step}:\n  {failure}", file=sys.stderr)
        sys.exit(1)
    except (ClientError, BotoCoreError) as error:
        print(f"\nDEMO FAILED in {_current_step}:\n  the local AWS answered: {error}",
              file=sys.stderr)
        sys.exit(1)
