"""The console transcripts of README.md and docs/cli.md are what the commands print today.

Each ```console block is a golden file: scripts/transcripts.py runs its commands (the diagnose
ones on state it builds in the local AWS) and compares. Needs the CLI jar and make local-up; after
an intended change of output, `make goldens` rewrites the blocks.
"""

import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "docs/cli.md")


class TranscriptsTest(unittest.TestCase):
    def test_every_transcript_is_what_its_commands_print(self):
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "transcripts.py"), *DOCUMENTS],
            cwd=ROOT, capture_output=True, text=True, timeout=900)
        self.assertEqual(done.returncode, 0, f"\n{done.stdout}\n{done.stderr}")


if __name__ == "__main__":
    unittest.main()
