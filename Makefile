# Every entry point of the project. `make demo` and `make test` work on a fresh machine: they
# create the Python venv (cfn CLI, cfn-lint, moto) and let Maven fetch the Java dependencies.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)
export MOTO_PORT ?= 5000
export HANDLER_PORT ?= 3001
export AWS_REGION ?= us-east-1
MVN := mvn -B -ntp
JAR := target/aws-sns-ssetopic-handler-1.0-SNAPSHOT.jar
CLI_JAR := target/ssetopic-cli.jar
# Clients of the local AWS (tests, demo, cfn test) sign with throwaway credentials.
LOCAL_AWS := AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN= \
	AWS_ENDPOINT_URL=http://127.0.0.1:$(MOTO_PORT)

.PHONY: help venv classes build cli validate lint-examples local-up local-down unit integration \
	contract migration package namespace bench bench-cold bench-lifecycle demo test clean

help:
	@echo "make demo        full lifecycle of an SSE topic on the local AWS, step by step"
	@echo "make test        example lint, build, unit, CLI and integration tests, cfn validate, contract tests, package"
	@echo "make cli         build target/ssetopic-cli.jar, which bin/ssetopic runs"
	@echo "make lint-examples  cfn-lint every examples/*.yaml with the type's own schema"
	@echo "make local-up    start moto (127.0.0.1:$(MOTO_PORT)) and the handler endpoint (127.0.0.1:$(HANDLER_PORT))"
	@echo "make local-down  stop them"
	@echo "make contract    cfn test against the running local endpoint"
	@echo "make migration   AWS::SNS::Topic templates switched by their Type: line, linted and deployed (with make local-up)"
	@echo "make bench       API calls per handler action (with make local-up)"
	@echo "make namespace NAMESPACE=Acme   the registry package as Acme::SNS::SSETopic"

venv: $(BIN)/.installed
$(BIN)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt
	touch $@

# Compiled classes plus the test classpath: what the local endpoint runs from.
classes: venv
	$(MVN) -q -DskipTests process-test-classes

# The Lambda jar, after the unit tests and the coverage gate.
build: venv
	$(MVN) -q package

# The ssetopic CLI jar alone (bin/ssetopic runs this when the jar is missing). `make build` and
# `make test` build it too, after the tests.
cli: venv
	$(MVN) -q -DskipTests -Djacoco.skip=true package

$(CLI_JAR):
	$(MAKE) --no-print-directory cli

validate: venv
	cfn validate

# cfn-lint over every example with the type's own schema, so a template that misuses
# AWS::SNS::SSETopic (unknown or misspelt property, bad KeyPolicyMode, an EventSources item with
# both ServicePrincipal and RoleArn, a GetAtt the type does not have) fails. No AWS needed.
# - --registry-schemas takes a directory and loads every *.json below it: the schema is staged
#   there alone at lint time (not committed twice).
# - scripts/cfn_lint.py is cfn-lint with one fix: 1.58.0 loads registry schemas but validates
#   nothing with them (see its docstring).
# - scripts/cfn-lint-override.json gives cfn-lint the formats of Ref and KmsKeyArn (see its Comment).
# - The canary guards against a cfn-lint upgrade that silently stops applying the schema: the same
#   command must refuse KeyPolicyMode: Maybe (E3030), or the target fails.
LINT_DIR := target/cfn-lint
CFN_LINT_EXAMPLES = $(BIN)/python scripts/cfn_lint.py --registry-schemas $(LINT_DIR)/schemas \
	--override-spec scripts/cfn-lint-override.json --
lint-examples: venv
	rm -rf $(LINT_DIR) && mkdir -p $(LINT_DIR)/schemas
	cp aws-sns-ssetopic.json $(LINT_DIR)/schemas/
	printf '%s\n' 'Resources:' '  T:' '    Type: AWS::SNS::SSETopic' '    Properties:' \
		'      KeyPolicyMode: Maybe' > $(LINT_DIR)/canary.yaml
	canary=$$($(CFN_LINT_EXAMPLES) $(LINT_DIR)/canary.yaml || true); grep -q '^E3030 ' <<<"$$canary" \
		|| { echo "lint-examples: cfn-lint did not apply the type's schema (canary: $$canary)" >&2; exit 1; }
	$(CFN_LINT_EXAMPLES) examples/*.yaml
	$(BIN)/cfn-lint template.yml

local-up: classes
	scripts/local.sh up

local-down:
	scripts/local.sh down

unit: venv
	$(MVN) -q test

# Integration tests need `make local-up`; they reach moto and the endpoint on loopback. The
# diagnose tests run bin/ssetopic, so the CLI jar is built first when it is missing.
integration: venv $(CLI_JAR)
	$(LOCAL_AWS) $(MVN) -DskipITs=false failsafe:integration-test failsafe:verify

contract: venv
	$(LOCAL_AWS) $(BIN)/python scripts/cfn_test_local.py --endpoint http://127.0.0.1:$(HANDLER_PORT)

# Templates written for AWS::SNS::Topic (src/test/resources/migration/): plain cfn-lint, then only
# the Type: line changed, cfn-lint with the type's schema, then create, read, update, read, delete
# through the local endpoint (make local-up).
migration: venv
	$(LOCAL_AWS) $(BIN)/python scripts/migration_test.py

# The registry package, offline; needs the jar from `make build`.
package: venv
	cfn submit --dry-run

# The same package under a namespace of your own (AWS:: is reserved): make namespace NAMESPACE=Acme
NAMESPACE ?= Acme
namespace: venv
	$(BIN)/python scripts/namespace.py $(NAMESPACE) --dry-run

# The trap is set before `up`, so a half-started environment (one service up, the other failing)
# is stopped too. Not echoed: the demo's own output is the show.
# API calls per handler action, counted by moto's recorder (needs make local-up).
bench: venv
	$(LOCAL_AWS) $(BIN)/python scripts/bench_api_calls.py

# Lifecycle time through the handler against the same API calls made directly (make local-up).
bench-lifecycle: venv
	$(LOCAL_AWS) $(BIN)/python scripts/bench_lifecycle.py

# The Lambda jar's size and its first request in a fresh JVM (needs make build and make local-up).
bench-cold: venv
	$(LOCAL_AWS) $(BIN)/python scripts/bench_cold_start.py

demo: classes $(CLI_JAR)
	@trap 'scripts/local.sh down' EXIT; scripts/local.sh up; \
		$(LOCAL_AWS) $(BIN)/python scripts/demo.py

# Everything CI runs. The local services are stopped however the run ends. `verify` adds the CLI's
# process tests (bin/ssetopic run as a user runs it) to `package`; they need no local AWS.
test: venv
	$(MAKE) --no-print-directory lint-examples
	$(MVN) -q verify
	cfn validate
	cfn submit --dry-run
	$(BIN)/python scripts/namespace.py Acme --dry-run
	trap 'scripts/local.sh down' EXIT; scripts/local.sh up; \
		$(MAKE) --no-print-directory integration && \
		$(MAKE) --no-print-directory migration && \
		$(MAKE) --no-print-directory contract

clean: local-down
	rm -rf target .local *.zip
