# Every entry point of the project; `make help` lists them. `make demo` and `make test` work on a
# fresh machine: they create the Python venv (cfn CLI, cfn-lint, moto) and let Maven fetch the Java
# dependencies. MOTO_PORT and HANDLER_PORT choose the local services' ports (docs/development.md).
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
CLI_JAR := target/ssetopic-cli.jar
# Clients of the local AWS (tests, demo, cfn test) sign with throwaway credentials.
LOCAL_AWS := AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN= \
	AWS_ENDPOINT_URL=http://127.0.0.1:$(MOTO_PORT)
# What a build reads: a build step reruns only when one of these is newer than its output.
SOURCES := pom.xml aws-sns-ssetopic.json .rpdk-config $(shell find src -type f)
# Stamps of the build steps that have no single output file.
CLASSES := target/.classes-built
TESTED_JAR := target/.jar-built
# Maven prints a line per build step, the test totals and errors, nothing else.
MAVEN_STEPS := 2>&1 | { grep --line-buffered -E '^\[INFO\] --- |^\[INFO\] Tests run: .* -- in |^\[INFO\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$$|^\[ERROR\]|^\[INFO\] BUILD|coverage checks' \
	| sed -u -E -e 's/^\[INFO\] --- ([^ ]+) (\([^)]*\)).*/  maven \1 \2/' \
	-e 's/^\[INFO\] Tests run: ([0-9]+),.*Time elapsed: ([0-9.]+ s).* -- in .*\.([A-Za-z0-9_]+)$$/    \1 tests in \3 (\2)/' || true; }
NEEDS_LOCAL = scripts/local.sh require $@

.PHONY: help venv classes build cli validate lint-examples check-examples bench-check local-up local-down unit integration \
	contract migration package register bench bench-cold cold-classes bench-lifecycle demo test \
	script-tests goldens \
	figures clean

help: ## this list
	@echo "make TARGET, where TARGET is one of (ports: MOTO_PORT=$(MOTO_PORT) HANDLER_PORT=$(HANDLER_PORT)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' \
		| awk -F'\t' '{ printf "  %-16s %s\n", $$1, $$2 }'

venv: $(BIN)/.installed ## the Python venv .venv: cfn CLI and its Java plugin, cfn-lint, moto
$(BIN)/.installed: requirements.txt
	@echo "venv: installing into $(VENV) what requirements.txt pins (cfn CLI, cfn-lint, moto)"
	python3 -m venv $(VENV)
	$(BIN)/pip install --progress-bar off --disable-pip-version-check -r requirements.txt \
		| { grep --line-buffered -E '^(Collecting|Successfully installed)' || true; }
	touch $@

classes: $(CLASSES) ## compile main and test classes (what the local endpoint runs), when sources changed
$(CLASSES): $(SOURCES) | $(BIN)/.installed
	@echo "classes: compiling main and test classes with Maven (cfn generate first)"
	@echo "  mvn -DskipTests process-test-classes"
	@$(MVN) -DskipTests process-test-classes $(MAVEN_STEPS)
	touch $@

build: $(TESTED_JAR) ## the Lambda jar after the unit tests and the coverage gate, when sources changed
$(TESTED_JAR): $(SOURCES) | $(BIN)/.installed
	@echo "build: unit tests, coverage gate and the Lambda jar with Maven (a few minutes)"
	@echo "  mvn package"
	@$(MVN) package $(MAVEN_STEPS)
	@$(BIN)/python scripts/test_report.py surefire --coverage
	touch $@ $(CLASSES)

# bin/ssetopic builds the CLI jar this way when it is missing.
cli: $(CLI_JAR) ## target/ssetopic-cli.jar, which bin/ssetopic runs (no tests), when sources changed
$(CLI_JAR): $(SOURCES) | $(BIN)/.installed
	@echo "cli: building the ssetopic CLI jar with Maven (tests skipped)"
	@echo "  mvn -DskipTests -Djacoco.skip=true package"
	@$(MVN) -DskipTests -Djacoco.skip=true package $(MAVEN_STEPS)

validate: venv ## cfn validate: the schema against the registry's meta-schema
	cfn validate

# cfn-lint over every example with the type's own schema, so a template that misuses
# AWS::SNS::SSETopic (unknown or misspelt property, bad KeyPolicyMode, an EventSources item with
# both ServicePrincipal and RoleArn, a GetAtt the type does not have) fails. No AWS needed.
# - --registry-schemas takes a directory and loads every *.json below it: the schema is staged
#   there alone at lint time (not committed twice).
# - scripts/cfn_lint.py is cfn-lint with one fix: 1.58.0 loads registry schemas but validates
#   nothing with them (see its docstring).
# - scripts/cfn-lint-override.json gives cfn-lint the formats of Ref and KmsKeyArn (see its Comment).
# - The template in README.md is linted too, so the README's one template cannot rot.
# - The canary guards against a cfn-lint upgrade that silently stops applying the schema: the same
#   command must refuse KeyPolicyMode: Maybe (E3030), or the target fails.
LINT_DIR := target/cfn-lint
CFN_LINT_EXAMPLES = $(BIN)/python scripts/cfn_lint.py --registry-schemas $(LINT_DIR)/schemas \
	--override-spec scripts/cfn-lint-override.json --
lint-examples: venv ## cfn-lint examples/*.yaml and README.md's template with the type's schema; template.yml
	@echo "lint-examples: cfn-lint with the type's schema over examples/*.yaml and README.md's template"
	@rm -rf $(LINT_DIR) && mkdir -p $(LINT_DIR)/schemas
	@cp aws-sns-ssetopic.json $(LINT_DIR)/schemas/
	@printf '%s\n' 'Resources:' '  T:' '    Type: AWS::SNS::SSETopic' '    Properties:' \
		'      KeyPolicyMode: Maybe' > $(LINT_DIR)/canary.yaml
	@canary=$$($(CFN_LINT_EXAMPLES) $(LINT_DIR)/canary.yaml || true); grep -q '^E3030 ' <<<"$$canary" \
		|| { echo "lint-examples: cfn-lint did not apply the type's schema (canary: $$canary)" >&2; exit 1; }
	@awk '/^```yaml$$/ { inside = 1; next } /^```$$/ { inside = 0 } inside' README.md > $(LINT_DIR)/readme.yaml
	@$(CFN_LINT_EXAMPLES) examples/*.yaml $(LINT_DIR)/readme.yaml
	@$(BIN)/cfn-lint template.yml

# ssetopic check over every example: nothing above info (exit 3 on a warning or an error).
check-examples: $(CLI_JAR) ## ssetopic check every examples/*.yaml: nothing above info
	@echo "check-examples: ssetopic check --fail-on warning examples/*.yaml"
	@bin/ssetopic check --fail-on warning examples/*.yaml

bench-check: $(CLI_JAR) ## ssetopic check's time on a generated template of 1,000 resources
	python3 scripts/bench_check.py

# The ports are checked before anything is built: a taken port fails at once.
local-up: venv ## start moto and the handler endpoint in the background (builds classes if sources changed)
	scripts/local.sh check-ports
	@$(MAKE) --no-print-directory classes
	scripts/local.sh up

local-down: ## stop the services local-up started (by their recorded process IDs)
	scripts/local.sh down

unit: venv ## the unit tests with the coverage gate
	@echo "  mvn test"
	@$(MVN) test $(MAVEN_STEPS)
	@$(BIN)/python scripts/test_report.py surefire --coverage

# The diagnose tests run bin/ssetopic, so the CLI jar is built first when it is missing.
integration: venv $(CLI_JAR) ## the Java integration tests against the local AWS (needs local-up)
	@$(NEEDS_LOCAL)
	@echo "  mvn -DskipITs=false failsafe:integration-test failsafe:verify"
	@$(LOCAL_AWS) $(MVN) -DskipITs=false failsafe:integration-test failsafe:verify $(MAVEN_STEPS)
	@$(BIN)/python scripts/test_report.py failsafe

contract: venv ## cfn test, the registry's contract suite, against the local endpoint (needs local-up)
	@$(NEEDS_LOCAL)
	$(LOCAL_AWS) $(BIN)/python scripts/cfn_test_local.py --endpoint http://127.0.0.1:$(HANDLER_PORT)

# Templates written for AWS::SNS::Topic (src/test/resources/migration/): plain cfn-lint, then only
# the Type: line changed, cfn-lint with the type's schema, then create, read, update, read, delete
# through the local endpoint.
migration: venv ## AWS::SNS::Topic templates switched by their Type: line, linted and deployed (needs local-up)
	@$(NEEDS_LOCAL)
	$(LOCAL_AWS) $(BIN)/python scripts/migration_test.py

package: build ## the registry package, offline (cfn submit --dry-run)
	cfn submit --dry-run

# Registers the type as NAMESPACE::SNS::SSETopic (AWS:: is reserved) in REGION of the account of
# the current AWS credentials and makes it the default version (SET_DEFAULT=0 does not); DRY_RUN=1
# stages and checks the package and role offline instead. docs/operations.md says what
# registration creates and which permissions it needs.
NAMESPACE ?= Acme
SET_DEFAULT ?= 1
register: build ## NAMESPACE=Acme REGION=eu-west-1: register NAMESPACE::SNS::SSETopic (DRY_RUN=1: offline)
	$(BIN)/python scripts/namespace.py $(NAMESPACE) \
		$(if $(DRY_RUN),--dry-run,$(if $(REGION),--region $(REGION)) \
		$(if $(filter 0,$(SET_DEFAULT)),--no-set-default))

bench: venv ## API calls per handler action, counted by moto's recorder (needs local-up)
	@$(NEEDS_LOCAL)
	$(LOCAL_AWS) $(BIN)/python scripts/bench_api_calls.py

bench-lifecycle: venv ## lifecycle time through the handler against the bare API calls (needs local-up)
	@$(NEEDS_LOCAL)
	$(LOCAL_AWS) $(BIN)/python scripts/bench_lifecycle.py

# BASELINE=REV (default: the commit before HEAD) is built once in a worktree under target/.
BASELINE ?= HEAD~1
RUNS ?= 7
bench-cold: venv ## cold CREATE and READ in fresh JVMs: this jar, BASELINE's and the SDK floor (needs local-up)
	@$(NEEDS_LOCAL)
	@$(MAKE) --no-print-directory build
	$(LOCAL_AWS) $(BIN)/python scripts/bench_cold_start.py --baseline $(BASELINE) --runs $(RUNS)

# The list is made with preloading off, from what the request thread alone loads; the jar is
# rebuilt with it.
cold-classes: venv ## rewrite the classes ClassPreloader loads from cold runs of this jar (needs local-up)
	@$(NEEDS_LOCAL)
	@$(MAKE) --no-print-directory build
	$(LOCAL_AWS) $(BIN)/python scripts/cold_start_classes.py
	@$(MAKE) --no-print-directory build

# The trap is set before `up`, so a half-started environment (one service up, the other failing)
# is stopped too. The ports are checked before anything is built.
demo: venv ## the full lifecycle of an SSE topic on the local AWS, step by step
	@scripts/local.sh check-ports
	@$(MAKE) --no-print-directory classes $(CLI_JAR)
	@trap 'scripts/local.sh down' EXIT; scripts/local.sh up; \
		$(LOCAL_AWS) $(BIN)/python scripts/demo.py

# The Python tests of scripts/: offline ones always, the transcripts when the local AWS is up.
script-tests: venv $(CLI_JAR) $(TESTED_JAR) ## tests of scripts/: registration, transcripts, the Lambda jar (needs local-up)
	@$(NEEDS_LOCAL)
	$(LOCAL_AWS) $(BIN)/python -m unittest discover -s scripts/tests -v 2>&1 \
		| { grep --line-buffered -vE '^$$|^-+$$' || true; }

# Regenerates every console transcript of README.md and docs/cli.md from the commands they show
# (after a change to the CLI's output); review the diff before committing it.
goldens: venv $(CLI_JAR) ## rewrite the console transcripts in README.md and docs/cli.md from real runs
	@scripts/local.sh check-ports
	@$(MAKE) --no-print-directory classes
	@trap 'scripts/local.sh down' EXIT; scripts/local.sh up; \
		$(LOCAL_AWS) $(BIN)/python scripts/transcripts.py --write README.md docs/cli.md

figures: venv ## docs/performance.md: every measured figure, with this machine and date
	@scripts/local.sh check-ports
	@$(MAKE) --no-print-directory build classes
	@trap 'scripts/local.sh down' EXIT; scripts/local.sh up; \
		$(LOCAL_AWS) $(BIN)/python scripts/figures.py docs/performance.md

# Everything CI runs. The local services are stopped however the run ends. `verify` adds the CLI's
# process tests (bin/ssetopic run as a user runs it) to `package`; they need no local AWS.
test: venv ## everything CI runs: lint, build, unit and process tests, package, integration, contract, transcripts
	@scripts/local.sh check-ports
	$(MAKE) --no-print-directory lint-examples
	@echo "test: build, unit tests, coverage gate, format check and the CLI run as a process (Maven verify)"
	@rm -rf target/surefire-reports target/failsafe-reports  # counts of this run only
	@echo "  mvn verify"
	@$(MVN) verify $(MAVEN_STEPS)
	@$(BIN)/python scripts/test_report.py surefire --coverage
	@$(BIN)/python scripts/test_report.py failsafe
	touch $(CLASSES) $(TESTED_JAR)
	$(MAKE) --no-print-directory check-examples
	cfn validate
	cfn submit --dry-run
	trap 'scripts/local.sh down' EXIT; scripts/local.sh up; \
		$(MAKE) --no-print-directory integration && \
		$(MAKE) --no-print-directory migration && \
		$(MAKE) --no-print-directory contract && \
		$(MAKE) --no-print-directory script-tests

clean: ## delete target/, build/ and .local/ (refused while local services run)
	scripts/local.sh refuse-if-running
	rm -rf target build .local *.zip
