"""The malformed-model corpus is refused with the expected errors.

test/Importer/ONNX/Inputs/malformed/ (scripts/gen_onnx_test_models.py) holds
files the importer must reject, each with a sibling <name>.expected listing,
one per line, substrings the error message must contain (case-insensitively).
For every such file, `npu-translate --import-onnx FILE -o OUT` must exit with
status 1 (an error, not a crash), write no OUT, print nothing on stdout, and
report an error containing every expected substring.

Two kinds of files in the corpus are valid ONNX:
  - those whose .expected is the single line "ok" (external/ok.onnx, external
    data inside the model's directory) must import;
  - symbolic_dim.onnx is refused without --input-shape, like the others, and
    imports once --input-shape gives its symbolic dimension a value.

Also checks that the committed importer inputs are exactly what the generator
produces (gen_onnx_test_models.py --check).
"""

import sys

import pytest

from conftest import REPO, run, tool

INPUTS = REPO / "test" / "Importer" / "ONNX" / "Inputs"
CORPUS = INPUTS / "malformed"
GENERATOR = REPO / "scripts" / "gen_onnx_test_models.py"

# An .expected file holding only this line: the model is valid and must import.
MUST_IMPORT = "ok"
# Valid models that import only with these options (and are refused without).
NEEDS_OPTIONS = {"symbolic_dim.onnx": (["--input-shape", "x=2x3"], "tensor<2x3xf32>")}


def corpus():
    """Every .onnx of the corpus (external/ included), relative to CORPUS."""
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.onnx"))


def expected_substrings(name):
    path = CORPUS / (name[:-len(".onnx")] + ".expected")
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def must_import(name):
    return expected_substrings(name) == [MUST_IMPORT]


REFUSED = [n for n in corpus() if not must_import(n)]
VALID = [n for n in corpus() if must_import(n)]


def import_model(name, out, extra=()):
    return run([tool("npu-translate"), "--import-onnx", str(CORPUS / name), "-o", str(out),
                *extra])


def test_corpus_is_complete():
    """Each model has its .expected (and no .expected is orphaned); the
    special cases named here exist."""
    names = corpus()
    assert len(names) >= 20, names
    expected = sorted(p.relative_to(CORPUS).as_posix()[:-len(".expected")] + ".onnx"
                      for p in CORPUS.rglob("*.expected"))
    assert expected == names
    for name in names:
        assert expected_substrings(name), f"{name}: empty .expected"
    assert "external/ok.onnx" in VALID
    for name in NEEDS_OPTIONS:
        assert name in REFUSED


@pytest.mark.parametrize("name", REFUSED)
def test_refused_with_expected_error(name, tmp_path):
    out = tmp_path / "out.mlir"
    result = import_model(name, out)
    assert result.returncode == 1, \
        f"exit status {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert not out.exists(), "an output file was written for a refused model"
    assert result.stdout == ""
    stderr = result.stderr.lower()
    assert "error:" in stderr, result.stderr
    missing = [s for s in expected_substrings(name) if s.lower() not in stderr]
    assert not missing, f"error lacks {missing}:\n{result.stderr}"


@pytest.mark.parametrize("name", VALID)
def test_valid_model_imports(name, tmp_path):
    out = tmp_path / "out.mlir"
    result = import_model(name, out)
    assert result.returncode == 0, result.stderr
    assert "func.func @main" in out.read_text()


@pytest.mark.parametrize("name", sorted(NEEDS_OPTIONS))
def test_imports_with_options(name, tmp_path):
    options, signature = NEEDS_OPTIONS[name]
    out = tmp_path / "out.mlir"
    result = import_model(name, out, options)
    assert result.returncode == 0, result.stderr
    ir = out.read_text()
    assert "func.func @main" in ir and signature in ir, ir


def test_committed_inputs_match_generator():
    """The committed ops/ and malformed/ inputs are what the script generates."""
    result = run([sys.executable, str(GENERATOR), "--check"], cwd=str(REPO))
    assert result.returncode == 0, result.stdout + result.stderr
