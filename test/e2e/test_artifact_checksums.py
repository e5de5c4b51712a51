"""Refactors of the compiler change nothing it produces.

scripts/artifact_checksums.py compiles every zoo model and the bundled
example in fp16 and int8 for the edge and server presets and compares each
artifact's SHA-256 (or, for a model that does not compile, its first error)
with test/e2e/artifact-checksums.json. A change made on purpose re-records
the file (`--record`) in the same commit and says why.
"""

import subprocess
import sys

from conftest import BUILD, REPO


def test_every_zoo_artifact_is_unchanged(model_zoo):
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "artifact_checksums.py"),
         "--check", str(REPO / "test" / "e2e" / "artifact-checksums.json"),
         "--build", str(BUILD)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
