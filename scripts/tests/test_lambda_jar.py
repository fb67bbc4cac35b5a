"""The Lambda jar itself, as `cfn submit` packages it: what it leaves out, and that it serves.

The shaded jar leaves out what only the RPDK plugin's hook wrappers and its unused callback and
scheduler classes call (pom.xml says which). jdeps must find no class in the jar that refers to
what was left out, and the jar must serve a cold CREATE, READ, UPDATE and DELETE of a topic on the
local AWS through the entry point .rpdk-config names, one fresh JVM each. Needs the jar and the
test classes (make build) and the local AWS (make local-up).
"""

import subprocess
import sys
import tempfile
import unittest
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import boto3  # noqa: E402

from bench_cold_start import MOTO, cold_invoke, current_jar, entry_point  # noqa: E402
from handler_client import LOCAL_ACCOUNT, REGION  # noqa: E402

LEFT_OUT = (
    "software.amazon.awssdk.services.cloudformation.",
    "software.amazon.awssdk.services.cloudwatchevents.",
    "com.amazonaws.services.kms.",
    "com.amazonaws.services.securitytoken.",
    "com.amazonaws.jmespath.",
)


class LambdaJarTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.jar = current_jar(None)

    def test_leaves_out_what_no_resource_handler_path_loads(self):
        with zipfile.ZipFile(self.jar) as jar:
            names = [n.replace("/", ".") for n in jar.namelist() if n.endswith(".class")]
        self.assertEqual([n for n in names if n.startswith(LEFT_OUT)], [])
        self.assertIn("software.amazon.cloudformation.LambdaWrapper.class", names)

    def test_no_class_in_the_jar_refers_to_what_was_left_out(self):
        done = subprocess.run(["jdeps", "--multi-release", "17", "--missing-deps", str(self.jar)],
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        dangling = [line.strip() for line in done.stdout.splitlines()
                    if "->" in line and line.split("->")[1].strip().startswith(LEFT_OUT)]
        self.assertEqual(dangling, [])

    def test_serves_a_cold_lifecycle_through_its_entry_point(self):
        kms = boto3.client("kms", endpoint_url=MOTO, region_name=REGION)
        key = kms.create_key(KeyUsage="ENCRYPT_DECRYPT",
                             KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]["Arn"]
        name = f"jar-{uuid.uuid4().hex[:8]}"
        model = {"TopicName": name, "KmsMasterKeyId": key,
                 "TopicArn": f"arn:aws:sns:{REGION}:{LOCAL_ACCOUNT}:{name}"}
        entry = entry_point()
        with tempfile.TemporaryDirectory() as workdir:
            # cold_invoke fails unless the answer is SUCCESS.
            cold_invoke(self.jar, entry, "CREATE", {"TopicName": name, "KmsMasterKeyId": key},
                        workdir)
            _, text, _, _ = cold_invoke(self.jar, entry, "READ", {"TopicArn": model["TopicArn"]},
                                        workdir)
            self.assertIn(model["TopicArn"], text)
            cold_invoke(self.jar, entry, "UPDATE", dict(model, DisplayName="jar"), workdir,
                        previous=model)
            cold_invoke(self.jar, entry, "DELETE", model, workdir)
        sns = boto3.client("sns", endpoint_url=MOTO, region_name=REGION)
        arns = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
        self.assertNotIn(model["TopicArn"], arns)


if __name__ == "__main__":
    unittest.main()
