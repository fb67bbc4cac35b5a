"""Time of `ssetopic check` on a generated template of 1,000 resources.

Writes a YAML template of 100 KMS keys (each with a key policy), 100 topics and 800 publishers
(alarms, EventBridge rules, S3 buckets and e-mail subscriptions in turn; the keys grant alarms
only, so every rule and bucket is a finding and the evaluators do real work), runs bin/ssetopic check on
it several times, and prints each run's wall time and the median, next to the same command on a
one-topic template (JVM start and reading the catalog: the floor). Needs the CLI jar (make cli).

Usage: python3 scripts/bench_check.py [runs]
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "bin" / "ssetopic"
TOPICS = 100
PUBLISHERS_PER_TOPIC = 8


def key(i):
    return f"""  Key{i}:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal:
              Service: cloudwatch.amazonaws.com
            Action: [kms:GenerateDataKey*, kms:Decrypt]
            Resource: "*"
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
"""


def topic(i):
    return f"""  Topic{i}:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !GetAtt Key{i}.Arn
"""


def publisher(i, j):
    name = f"Publisher{i}x{j}"
    kind = j % 4
    if kind == 0:
        return f"""  {name}:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateAgeOfOldestMessage
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 60
      ComparisonOperator: GreaterThanThreshold
      AlarmActions: [!Ref Topic{i}]
"""
    if kind == 1:
        return f"""  {name}:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets:
        - Id: t
          Arn: !Ref Topic{i}
"""
    if kind == 2:
        return f"""  {name}:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        TopicConfigurations:
          - Event: s3:ObjectCreated:*
            Topic: !Sub arn:${{AWS::Partition}}:sns:${{AWS::Region}}:${{AWS::AccountId}}:${{Topic{i}.TopicName}}
"""
    return f"""  {name}:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic{i}
      Protocol: email
      Endpoint: ops@example.com
"""


def template(topics):
    parts = ["Resources:\n"]
    for i in range(topics):
        parts.append(key(i))
        parts.append(topic(i))
        for j in range(PUBLISHERS_PER_TOPIC):
            parts.append(publisher(i, j))
    return "".join(parts)


def timed(path):
    start = time.perf_counter()
    done = subprocess.run([str(LAUNCHER), "check", "--format", "json", str(path)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3):
        sys.exit(f"ssetopic check exited {done.returncode}: {done.stderr}")
    return elapsed, done.stdout


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as work:
        big = Path(work) / "big.yaml"
        big.write_text(template(TOPICS))
        size = big.stat().st_size
        small = Path(work) / "small.yaml"
        small.write_text(template(1).split("  Publisher0x1:")[0])
        resources = TOPICS * (2 + PUBLISHERS_PER_TOPIC)
        _, out = timed(big)  # warm the file cache; its findings are the ones timed below
        findings = out.count('"rule"')
        big_times = [timed(big)[0] for _ in range(runs)]
        small_times = [timed(small)[0] for _ in range(runs)]
    print(f"ssetopic check on {resources} resources ({size:,} bytes of YAML): runs "
          f"{', '.join(f'{t:.2f}' for t in big_times)} s; median "
          f"{statistics.median(big_times):.2f} s; {findings} findings")
    print(f"ssetopic check on 1 topic, 1 key, 1 alarm (the floor: JVM start, catalog): "
          f"median {statistics.median(small_times):.2f} s")
    print(f"so the 1,000 resources themselves: "
          f"{statistics.median(big_times) - statistics.median(small_times):.2f} s")


if __name__ == "__main__":
    main()
