"""Reading the IR after each pass: from ONNX to npu, to fp16, to npuhw.

    PYTHONPATH=build/python /usr/bin/python3 examples/walkthrough/ir_after_each_pass.py

npu.compile(..., dump_ir=DIR) writes the IR after every pass that changed
it: one numbered directory per stage (01 graph passes, then quantization
when int8, precision, lowering), one file per pass in pipeline order.
npu-compile's --mlir-print-ir-after-all prints the same to stderr.
"""

from common import REPO, arguments

import npu

args = arguments(__doc__.splitlines()[0])
model = REPO / "examples" / "tiny_resnet.onnx"

# The importer's output: the npu dialect, one op per ONNX node.
imported = npu.import_onnx(model)
ops = [line.strip() for line in imported.splitlines()
       if "= npu." in line and "npu.constant" not in line]
print(f"imported: {len(ops)} npu ops besides constants, starting with")
for line in ops[:4]:
    print("  " + (line if len(line) < 160 else line[:157] + "..."))

dump = args.work / "tiny-ir"
npu.compile(model, args.work / "tiny.npub", target=args.target, dump_ir=dump)
for path in sorted(dump.rglob("*.mlir")):
    text = path.read_text()
    ops = sum(1 for line in text.splitlines() if " = npu" in line or line.strip().startswith("npuhw."))
    print(f"{path.relative_to(dump)}: {len(text.splitlines())} lines, {ops} npu/npuhw ops")
