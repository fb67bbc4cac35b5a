"""`cfn generate`, keeping the hand-written pages in docs/.

`cfn generate` deletes docs/ and writes the property reference there from the schema (README.md
and one page per definition). The project's hand-written pages (error codes, event sources, the CLI
manual, operations) live in docs/ too, so that each page has one home and the README links work on
a code host: this wrapper keeps every page that existed before and that the generator does not
write, byte for byte. Maven runs it in generate-sources (see pom.xml).

Usage: python scripts/cfn_generate.py [cfn generate arguments...]
"""

import sys
from pathlib import Path

from rpdk.core.cli import main as cfn_main

DOCS = Path("docs")


def main():
    kept = {page: page.read_bytes() for page in DOCS.glob("*.md")} if DOCS.is_dir() else {}
    try:
        cfn_main(args_in=["generate", *sys.argv[1:]])
    finally:
        DOCS.mkdir(exist_ok=True)
        for page, text in kept.items():
            if not page.exists():
                page.write_bytes(text)


if __name__ == "__main__":
    main()
