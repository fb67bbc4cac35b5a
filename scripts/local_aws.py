"""The local AWS: moto's server, with three gaps closed so it answers as AWS does.

- moto 5.2.5 stores SignatureVersion and TracingConfig when they are set but leaves them out of
  GetTopicAttributes, where real SNS always returns them (defaults "1" and "PassThrough"). Without
  this, every read would show drift on those two properties.
- A key created by a CloudFormation stack keeps its KeyPolicy as a parsed object, and moto's own
  DescribeKey then fails with HTTP 500 reading it; KMS stores key policies as JSON text.
- The same key's Tags are passed on in CloudFormation's form ({Key, Value}), where moto's KMS
  expects its API's form ({TagKey, TagValue}), and the stack fails with HTTP 500.

Nothing else is changed.

Usage: python scripts/local_aws.py -H 127.0.0.1 -p 5000
"""

import json
import sys

from moto.kms.models import Key
from moto.server import main
from moto.sns.responses import SNSResponse

REPORTED_AS_SNS_DOES = {"SignatureVersion": ("signature_version", "1"),
                        "TracingConfig": ("tracing_config", "PassThrough")}

_moto_get_topic_attributes = SNSResponse.get_topic_attributes


def get_topic_attributes(self):
    result = _moto_get_topic_attributes(self)
    topic = self.backend.get_topic(self._get_param("TopicArn"))
    attributes = result.result["Attributes"]
    for name, (field, default) in REPORTED_AS_SNS_DOES.items():
        attributes[name] = getattr(topic, field, None) or default
    return result


SNSResponse.get_topic_attributes = get_topic_attributes

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
