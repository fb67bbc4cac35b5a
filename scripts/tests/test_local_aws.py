"""The local AWS's patches of moto (scripts/local_aws.py), each checked against the running server.

Needs `make local-up` (the tests talk to the moto that scripts/local_aws.py started, at
AWS_ENDPOINT_URL): every patch named in its docstring answers as real SNS does.
"""

import os
import unittest
import uuid

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")


class LocalAwsPatchesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.environ.get("AWS_ENDPOINT_URL", "").startswith("http://127.0.0.1:"):
            raise unittest.SkipTest("needs the local AWS (make local-up) at AWS_ENDPOINT_URL")
        cls.sns = boto3.client("sns", region_name=REGION)

    def topic(self, fifo=False, **create):
        name = f"patch-{uuid.uuid4().hex[:8]}" + (".fifo" if fifo else "")
        attributes = {"FifoTopic": "true"} if fifo else {}
        arn = self.sns.create_topic(Name=name, Attributes=attributes, **create)["TopicArn"]
        self.addCleanup(self.sns.delete_topic, TopicArn=arn)
        return arn

    def attributes(self, arn):
        return self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]

    def test_signature_version_and_tracing_config_are_reported_with_their_defaults(self):
        attributes = self.attributes(self.topic())
        self.assertEqual(attributes["SignatureVersion"], "1")
        self.assertEqual(attributes["TracingConfig"], "PassThrough")

    def test_reported_when_set_fifo_and_logging_attributes(self):
        arn = self.topic(fifo=True)
        role = "arn:aws:iam::123456789012:role/sns-logs"
        for name, value in (("FifoThroughputScope", "MessageGroup"),
                            ("ArchivePolicy", '{"MessageRetentionPeriod":"30"}'),
                            ("SQSSuccessFeedbackRoleArn", role),
                            ("SQSSuccessFeedbackSampleRate", "20"),
                            ("HTTPFailureFeedbackRoleArn", role)):
            self.sns.set_topic_attributes(TopicArn=arn, AttributeName=name, AttributeValue=value)
            self.assertEqual(self.attributes(arn).get(name), value, name)
        self.sns.set_topic_attributes(
            TopicArn=arn, AttributeName="HTTPFailureFeedbackRoleArn", AttributeValue="")
        self.assertNotIn("HTTPFailureFeedbackRoleArn", self.attributes(arn))
        self.assertNotIn("LambdaSuccessFeedbackRoleArn", self.attributes(arn))

    def test_data_protection_policy_from_create_get_and_put(self):
        policy = '{"Name":"p","Version":"2021-06-01","Statement":[]}'
        arn = self.topic(DataProtectionPolicy=policy)
        self.assertEqual(
            self.sns.get_data_protection_policy(ResourceArn=arn)["DataProtectionPolicy"], policy)
        other = '{"Name":"q","Version":"2021-06-01","Statement":[]}'
        self.sns.put_data_protection_policy(ResourceArn=arn, DataProtectionPolicy=other)
        self.assertEqual(
            self.sns.get_data_protection_policy(ResourceArn=arn)["DataProtectionPolicy"], other)

    def test_a_topic_without_a_data_protection_policy_answers_an_empty_one(self):
        arn = self.topic()
        self.assertEqual(
            self.sns.get_data_protection_policy(ResourceArn=arn).get("DataProtectionPolicy", ""),
            "")


if __name__ == "__main__":
    unittest.main()
