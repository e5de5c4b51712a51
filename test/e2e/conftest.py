"""Shared fixtures of the end-to-end tests: the build's tools and the model zoo.

The zoo (scripts/gen_model_zoo.py: torchvision CNNs, a BERT-style encoder, a
YOLO-style detector, pre-quantized models) is generated on demand into
<build>/models and regenerated only when the generator changes.
"""

import hashlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("NPU_BUILD_DIR", REPO / "build"))


def tool(name):
    path = BUILD / "bin" / name
    if not path.exists():
        pytest.fail(f"{path} is not built")
    return str(path)


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


# Zoo models that fail because of a known importer bug: expected to fail
# (strictly, so that the fix shows up as an unexpected pass to clean up here).
KNOWN_IMPORTER_BUGS = {
}


def zoo_params(names):
    """pytest parameters for model names, known importer bugs marked xfail."""
    return [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_IMPORTER_BUGS[n], strict=True))
            if n in KNOWN_IMPORTER_BUGS else n for n in names]


@pytest.fixture(scope="session")
def model_zoo():
    """Directory of the generated zoo, (re)generating it when stale."""
    out = BUILD / "models"
    script = REPO / "scripts" / "gen_model_zoo.py"
    digest = hashlib.sha256(script.read_bytes()).hexdigest()
    stamp = out / "generator.sha256"
    if not (out / "index.json").exists() or not stamp.exists() or \
            stamp.read_text().strip() != digest:
        result = run([sys.executable, str(script), "--out", str(out)])
        if result.returncode != 0:
            pytest.fail("model zoo generation failed:\n" + result.stdout + result.stderr)
        stamp.write_text(digest + "\n")
    return out


@pytest.fixture(scope="session")
def zoo_index(model_zoo):
    return json.loads((model_zoo / "index.json").read_text())


def zoo_io(model_zoo, name, opset):
    """A zoo model's saved I/O: its directory, the `--input name=file.npy`
    arguments of npu-run for its saved inputs, and its output names."""
    directory = model_zoo / f"{name}_opset{opset}"
    manifest = json.loads((directory / "manifest.json").read_text())
    args = []
    for entry in manifest["inputs"]:
        n = entry["name"] if isinstance(entry, dict) else entry
        args += ["--input", f"{n}={directory / (n + '.npy')}"]
    outputs = [o["name"] if isinstance(o, dict) else o for o in manifest["outputs"]]
    return directory, args, outputs
