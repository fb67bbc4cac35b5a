"""The local AWS: moto's server, with its gaps closed so it answers as AWS does.

- moto 5.2.5 stores SignatureVersion and TracingConfig when they are set but leaves them out of
  GetTopicAttributes, where real SNS always returns them (defaults "1" and "PassThrough"). Without
  this, every read would show drift on those two properties.
- Likewise it stores, but never reports, FifoThroughputScope, ArchivePolicy and the delivery status
  logging attributes (<Protocol>SuccessFeedbackRoleArn, <Protocol>SuccessFeedbackSampleRate,
  <Protocol>FailureFeedbackRoleArn): GetTopicAttributes reports each one that is set
  ("reported_when_set").
- moto 5.2.5 has no GetDataProtectionPolicy / PutDataProtectionPolicy and ignores CreateTopic's
  DataProtectionPolicy parameter: the policy is kept on the topic as the text it was given
  ("data_protection_policy"); a topic without one answers an empty policy.
- A key created by a CloudFormation stack keeps its KeyPolicy as a parsed object, and moto's own
  DescribeKey then fails with HTTP 500 reading it; KMS stores key policies as JSON text.
- The same key's Tags are passed on in CloudFormation's form ({Key, Value}), where moto's KMS
  expects its API's form ({TagKey, TagValue}), and the stack fails with HTTP 500.

Nothing else is changed.

Usage: python scripts/local_aws.py -H 127.0.0.1 -p 5000
"""

import json
import sys

from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import camelcase_to_underscores
from moto.kms.models import Key
from moto.server import main
from moto.sns.responses import SNSResponse

REPORTED_AS_SNS_DOES = {"SignatureVersion": ("signature_version", "1"),
                        "TracingConfig": ("tracing_config", "PassThrough")}

_moto_get_topic_attributes = SNSResponse.get_topic_attributes


# Attributes moto keeps (under its snake_case name) but does not report; reported when set.
REPORTED_WHEN_SET = ["FifoThroughputScope", "ArchivePolicy"] + [
    prefix + field
    for prefix in ("HTTP", "SQS", "Lambda", "Firehose", "Application")
    for field in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn")
]


def reported_when_set(topic, attributes):
    for name in REPORTED_WHEN_SET:
        value = getattr(topic, camelcase_to_underscores(name), None)
        if value not in (None, ""):
            attributes[name] = value


def get_topic_attributes(self):
    result = _moto_get_topic_attributes(self)
    topic = self.backend.get_topic(self._get_param("TopicArn"))
    attributes = result.result["Attributes"]
    for name, (field, default) in REPORTED_AS_SNS_DOES.items():
        attributes[name] = getattr(topic, field, None) or default
    reported_when_set(topic, attributes)
    return result


SNSResponse.get_topic_attributes = get_topic_attributes

_moto_create_topic = SNSResponse.create_topic


def create_topic(self):
    result = _moto_create_topic(self)
    policy = self._get_param("DataProtectionPolicy")
    if policy:
        self.backend.get_topic(result.result["TopicArn"]).data_protection_policy = policy
    return result


def get_data_protection_policy(self):
    topic = self.backend.get_topic(self._get_param("ResourceArn"))
    return ActionResult(
        {"DataProtectionPolicy": getattr(topic, "data_protection_policy", None) or ""}
    )


def put_data_protection_policy(self):
    topic = self.backend.get_topic(self._get_param("ResourceArn"))
    topic.data_protection_policy = self._get_param("DataProtectionPolicy") or ""
    return EmptyResult()


SNSResponse.create_topic = create_topic
SNSResponse.get_data_protection_policy = get_data_protection_policy
SNSResponse.put_data_protection_policy = put_data_protection_policy

_moto_key_from_cloudformation = Key.create_from_cloudformation_json.__func__


def key_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kw):
    properties = cloudformation_json["Properties"]
    if isinstance(properties.get("KeyPolicy"), dict):
        properties["KeyPolicy"] = json.dumps(properties["KeyPolicy"])
    properties["Tags"] = [
        {"TagKey": tag["Key"], "TagValue": tag["Value"]} if "Key" in tag else tag
        for tag in properties.get("Tags", [])
    ]
    return _moto_key_from_cloudformation(
        cls, resource_name, cloudformation_json, account_id, region_name, **kw
    )


Key.create_from_cloudformation_json = classmethod(key_from_cloudformation)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
