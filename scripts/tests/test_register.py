"""Registration under a namespace of one's own, offline: what `make register DRY_RUN=1` stages.

Runs the staging script as `make register` does, with `cfn submit --dry-run`, and reads what it
wrote with its own eyes: the package must register Acme::SNS::SSETopic with the built jar and the
project's schema, and the execution role `cfn submit` would deploy must trust that type only and
grant exactly the calls the schema's handlers declare. Needs the handler jar (make build).
"""

import json
import subprocess
import sys
import unittest
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "namespace.py"


def stage(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def assert_put_key_policy_only_on_opted_in_keys(test, statements):
    """kms:PutKeyPolicy sits alone in a statement conditioned on the Manage opt-in tag."""
    [put] = [s for s in statements if "kms:PutKeyPolicy" in s["Action"]]
    test.assertEqual(put["Action"], ["kms:PutKeyPolicy"])
    test.assertEqual(put["Condition"],
                     {"StringEquals": {"aws:ResourceTag/sns-ssetopic:manage": "true"}})


class RegisterDryRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        done = stage("Acme", "--dry-run")
        if done.returncode != 0:
            raise AssertionError(f"staging failed:\n{done.stdout}\n{done.stderr}")
        cls.out = ROOT / "build" / "Acme"
        cls.schema = json.loads((ROOT / "aws-sns-ssetopic.json").read_text())

    def role(self):
        template = yaml.safe_load((self.out / "resource-role.yaml").read_text())
        return template["Resources"]["ExecutionRole"]["Properties"]

    def test_role_trusts_the_registered_type_only(self):
        [trust] = self.role()["AssumeRolePolicyDocument"]["Statement"]
        self.assertEqual(trust["Principal"], {"Service": "resources.cloudformation.amazonaws.com"})
        self.assertEqual(trust["Action"], "sts:AssumeRole")
        self.assertEqual(trust["Condition"]["StringEquals"]["aws:SourceAccount"],
                         {"Ref": "AWS::AccountId"})
        self.assertEqual(
            trust["Condition"]["StringLike"]["aws:SourceArn"]["Fn::Sub"],
            "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}"
            ":type/resource/Acme-SNS-SSETopic/*")

    def test_role_grants_exactly_the_handler_permissions(self):
        statements = self.role()["Policies"][0]["PolicyDocument"]["Statement"]
        declared = {p for h in self.schema["handlers"].values() for p in h["permissions"]}
        self.assertEqual({s["Effect"] for s in statements}, {"Allow"})
        self.assertEqual({a for s in statements for a in s["Action"]}, declared)
        assert_put_key_policy_only_on_opted_in_keys(self, statements)

    def test_package_registers_the_namespaced_type_with_the_built_jar(self):
        with zipfile.ZipFile(self.out / "acme-sns-ssetopic.zip") as package:
            schema = json.loads(package.read("schema.json"))
            settings = json.loads(package.read(".rpdk-config"))
            jars = [n for n in package.namelist() if n.endswith(".jar")]
            self.assertEqual(len(jars), 1, jars)
            jar_size = package.getinfo(jars[0]).file_size
        self.assertEqual(schema["typeName"], "Acme::SNS::SSETopic")
        self.assertEqual(settings["typeName"], "Acme::SNS::SSETopic")
        project = json.loads((ROOT / ".rpdk-config").read_text())
        self.assertEqual({k: v for k, v in settings.items() if k != "typeName"},
                         {k: v for k, v in project.items() if k != "typeName"})
        self.assertEqual({k: v for k, v in schema.items() if k != "typeName"},
                         {k: v for k, v in self.schema.items() if k != "typeName"})
        [built] = (ROOT / "target").glob("aws-sns-ssetopic-handler-*.jar")
        self.assertEqual(jar_size, built.stat().st_size)


class StackSetExampleTest(unittest.TestCase):
    """examples/stackset-registration.yaml registers the same type with the same role."""

    def test_execution_role_matches_the_one_cfn_generate_writes(self):
        from cfnlint.decode import cfn_yaml  # reads the short-form intrinsics (!Sub, !Ref)

        template = cfn_yaml.load(str(ROOT / "examples" / "stackset-registration.yaml"))
        resources = template["Resources"]
        role = resources["ExecutionRole"]["Properties"]
        [trust] = role["AssumeRolePolicyDocument"]["Statement"]
        self.assertEqual(
            trust["Condition"]["StringLike"]["aws:SourceArn"]["Fn::Sub"],
            "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}"
            ":type/resource/${Namespace}-SNS-SSETopic/*")
        statements = role["Policies"][0]["PolicyDocument"]["Statement"]
        schema = json.loads((ROOT / "aws-sns-ssetopic.json").read_text())
        declared = {p for h in schema["handlers"].values() for p in h["permissions"]}
        self.assertEqual({a for s in statements for a in s["Action"]}, declared)
        assert_put_key_policy_only_on_opted_in_keys(self, statements)
        version = resources["TypeVersion"]
        self.assertEqual(version["Type"], "AWS::CloudFormation::ResourceVersion")
        self.assertEqual(version["Properties"]["TypeName"], {"Fn::Sub": "${Namespace}::SNS::SSETopic"})
        self.assertEqual(version["Properties"]["ExecutionRoleArn"],
                         {"Fn::GetAtt": ["ExecutionRole", "Arn"]})
        self.assertEqual(resources["DefaultVersion"]["Properties"]["TypeVersionArn"],
                         {"Fn::GetAtt": ["TypeVersion", "Arn"]})


class RegisterRefusalsTest(unittest.TestCase):
    def test_reserved_namespace_is_refused_in_one_line_before_staging(self):
        done = stage("Amazon", "--dry-run")
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stderr.strip().count("\n"), 0, done.stderr)
        self.assertIn("'Amazon' is reserved", done.stderr)
        self.assertFalse((ROOT / "build" / "Amazon").exists())

    def test_malformed_namespace_is_refused(self):
        done = stage("Acme::SNS", "--dry-run")
        self.assertEqual(done.returncode, 1)
        self.assertIn("is not a namespace", done.stderr)

    def test_a_real_registration_needs_a_region(self):
        done = stage("Acme")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--region", done.stderr)


if __name__ == "__main__":
    unittest.main()
