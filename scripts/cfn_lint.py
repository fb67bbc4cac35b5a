#!/usr/bin/env python3
"""cfn-lint, with resource types loaded by --registry-schemas validated like built-in ones.

cfn-lint 1.58.0 (pinned in requirements.txt) loads the schemas given with --registry-schemas and
stops reporting E3006 "Resource type does not exist" for their types, but then checks nothing
else about those resources: the property rules (E3002 unknown property, E3003 required, E3018
oneOf, E3030 enum, E3031 pattern, ...) and the GetAtt rules (E1010, E6101) ask the schema manager
for `get_resource_schemas_by_regions`, which only looks at cfn-lint's bundled provider
schemas and never at the registry ones. A template that misspells KmsMasterKeyId or sets
KeyPolicyMode: Maybe passes with exit code 0.

This wrapper makes that lookup fall back to the registry schema when the bundled providers know
nothing of the type, then runs cfn-lint's own command line unchanged (same options, same rules,
same exit codes). Once cfn-lint yields registry schemas itself, the fallback is never reached.
If cfn-lint's internals move so that the fallback cannot be installed, it stops with an error
rather than linting without the type's schema.
"""

from __future__ import annotations

import sys
from typing import Iterator, Sequence

from cfnlint.runner.cli import main
from cfnlint.schema._schema import Schema
from cfnlint.schema.manager import ProviderSchemaManager

_original = getattr(ProviderSchemaManager, "get_resource_schemas_by_regions", None)
if _original is None or not hasattr(ProviderSchemaManager, "load_registry_schemas"):
    sys.exit(
        "scripts/cfn_lint.py: this cfn-lint has no get_resource_schemas_by_regions /"
        " load_registry_schemas; check whether --registry-schemas validates properties now"
        " and drop this wrapper"
    )


def _with_registry_schemas(
    self: ProviderSchemaManager, resource_type: str, regions: Sequence[str]
) -> Iterator[tuple[list[str], Schema]]:
    found = False
    for found_regions, schema in _original(self, resource_type, regions):
        found = True
        yield found_regions, schema
    registry = getattr(self, "_registry_schemas", None)
    if registry is None:
        raise RuntimeError(
            "scripts/cfn_lint.py: cfn-lint keeps registry schemas elsewhere now; the type's"
            " schema cannot be applied"
        )
    if not found and resource_type in registry:
        # A registry type is the same in every region the template is linted for.
        yield list(regions), registry[resource_type]


ProviderSchemaManager.get_resource_schemas_by_regions = _with_registry_schemas

if __name__ == "__main__":
    sys.exit(main())
