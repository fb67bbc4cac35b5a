"""The local AWS: moto's server, with GetTopicAttributes reporting what real SNS reports.

moto 5.2.5 stores SignatureVersion and TracingConfig when they are set but leaves them out of
GetTopicAttributes, where real SNS always returns them (defaults "1" and "PassThrough"). Without
this, every read would show drift on those two properties. Nothing else is changed.

Usage: python scripts/local_aws.py -H 127.0.0.1 -p 5000
"""

import sys

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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
