"""npu-mlir from Python: compile ONNX models for the NPU and run them.

    import numpy as np, npu

    result = npu.compile("resnet18.onnx", "resnet18.npub", target="edge",
                         precision="int8", calibration="samples/")
    session = npu.Session("resnet18.npub")
    outputs = session.run({"input": np.zeros((1, 3, 224, 224), np.float32)})
    print(session.stats["time_us"], session.stats["queues"]["matrix"]["utilisation"])

The compiler is the same pipeline as ``npu-compile`` (lib/Driver) and the
runtime the same Session as ``npu-run``, through the extension ``npu._npu``.
Compiler errors raise :class:`CompileError` with every diagnostic line, each
naming its ONNX node (the driver checks the options, as for npu-compile);
warnings are issued as :class:`CompileWarning`; runtime errors raise
:class:`SessionError`.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _npu

__all__ = ["compile", "import_onnx", "Session", "TensorInfo", "CompileResult",
           "CompileError", "SessionError", "CompileWarning"]

#: The compiler failed; the message holds every diagnostic (each names its
#: ONNX node). A subclass of RuntimeError.
CompileError = _npu.CompileError
#: Loading or running an artifact failed (corrupt file, wrong input dtype
#: or shape, a fault in the simulator). A subclass of RuntimeError.
SessionError = _npu.SessionError


class CompileWarning(UserWarning):
    """A compiler warning (for example, weights split to fit int8)."""


PathLike = Union[str, os.PathLike]
Shapes = Optional[Mapping[str, Sequence[int]]]


def _shape_options(input_shapes: Shapes) -> List[str]:
    """{"x": (1, 3, 224, 224)} -> ["x=1x3x224x224"], as npu-compile takes them."""
    options = []
    for name, shape in (input_shapes or {}).items():
        dims = [int(d) for d in shape]
        if any(d < 0 for d in dims):
            raise ValueError(f"input_shapes['{name}'] has a negative dimension: {shape}")
        options.append(f"{name}=" + "x".join(str(d) for d in dims))
    return options


def import_onnx(model: PathLike, input_shapes: Shapes = None,
                debug_info: bool = False) -> str:
    """The ONNX model as MLIR text in the npu dialect (``npu-translate
    --import-onnx``). ``debug_info`` keeps each op's location, which names
    its ONNX node."""
    return _npu.import_onnx(os.fspath(model), _shape_options(input_shapes), debug_info)


@dataclass
class CompileResult:
    """What :func:`compile` wrote and measured."""
    output: str
    precision: str
    seconds: float
    warnings: List[str]
    #: Memory plan and command count (artifacts only).
    summary: Dict[str, object] = field(default_factory=dict)
    #: Per-layer precision choices (``precision="mixed"`` or overrides).
    layers: List[Dict[str, object]] = field(default_factory=list)
    calibration_table: Optional[str] = None
    precision_table: Optional[str] = None


def compile(model: PathLike, output: PathLike, *, target: str = "edge",  # noqa: A001
            precision: str = "fp16", calibration: Optional[PathLike] = None,
            calibration_table: Optional[PathLike] = None,
            calibration_method: str = "minmax", percentile: float = 99.99,
            symmetric_activations: bool = False,
            layer_precision: Optional[PathLike] = None,
            mixed_min_sqnr: float = 35.0, mixed_fp16_budget: float = 0.25,
            input_shapes: Shapes = None, emit: str = "artifact",
            dump_ir: Optional[PathLike] = None) -> CompileResult:
    """Compiles an ONNX model to an artifact (``emit="artifact"``, a .npub
    file) or to the int8/fp16 graph the reference interpreter runs
    (``emit="graph"``, MLIR text), as ``npu-compile`` does.

    ``target`` is a preset ("edge", "server") or a target JSON file;
    ``precision`` is "fp16", "int8" or "mixed". int8 and mixed need
    ``calibration`` (a directory of .npy samples per input,
    docs/quantization.md) or a ``calibration_table`` an earlier run wrote.
    ``dump_ir`` names a directory that receives the IR after every pass
    that changed it: one numbered directory per stage (graph passes,
    quantization, precision, lowering), one file per pass in pipeline
    order.
    """
    raw = _npu.compile(
        os.fspath(model), os.fspath(output), target, precision, emit,
        _shape_options(input_shapes), os.fspath(calibration or ""),
        os.fspath(calibration_table or ""), calibration_method, percentile,
        symmetric_activations, os.fspath(layer_precision or ""), mixed_min_sqnr,
        mixed_fp16_budget, os.fspath(dump_ir or ""))
    for message in raw["warnings"]:
        warnings.warn(message, CompileWarning, stacklevel=2)
    summary = {key: raw[key] for key in ("commands", "constant_bytes", "activation_bytes",
                                         "activation_bytes_lower_bound", "sram_bytes",
                                         "target") if key in raw}
    return CompileResult(output=raw["output"], precision=raw["precision"],
                         seconds=raw["seconds"], warnings=list(raw["warnings"]),
                         summary=summary, layers=list(raw["layers"]),
                         calibration_table=raw.get("calibration_table"),
                         precision_table=raw.get("precision_table"))


@dataclass(frozen=True)
class TensorInfo:
    """A model input or output as the host sees it."""
    name: str
    dtype: np.dtype
    shape: Tuple[int, ...]
    #: The device's element type ("i8", "f16", ...).
    device_dtype: str
    #: uint8 in the model, int8 on the device (the runtime converts).
    host_unsigned: bool


class Session:
    """A compiled artifact loaded on the simulator of its target.

    ``run`` takes one C-contiguous-able numpy array per input, of exactly
    the input's dtype and shape (nothing is cast behind your back), and
    returns the outputs by name. ``stats`` and ``trace`` describe the last
    run; ``write_trace`` saves it as Chrome trace-event JSON for Perfetto.
    """

    def __init__(self, artifact: PathLike):
        self._session = _npu.Session(os.fspath(artifact))
        self.inputs = [self._info(t) for t in self._session.inputs]
        self.outputs = [self._info(t) for t in self._session.outputs]
        self.target: str = self._session.target

    @staticmethod
    def _info(raw) -> TensorInfo:
        return TensorInfo(raw["name"], np.dtype(raw["dtype"]), tuple(raw["shape"]),
                          raw["device_dtype"], raw["host_unsigned"])

    def run(self, inputs: Mapping[str, np.ndarray], *, trace: bool = False
            ) -> Dict[str, np.ndarray]:
        return self._session.run(dict(inputs), trace)

    @property
    def stats(self) -> Dict[str, object]:
        """Cycles, simulated time, per-queue utilisation, DRAM traffic, MACs
        and host wall time of the last run."""
        return self._session.stats

    @property
    def trace(self) -> List[Dict[str, object]]:
        """Per-command timing of the last run (``run(..., trace=True)``):
        queue, command index, opcode, ONNX node, start and end cycle."""
        return self._session.trace

    def write_trace(self, path: PathLike) -> None:
        """The last traced run as Chrome trace-event JSON (ui.perfetto.dev)."""
        self._session.write_trace(os.fspath(path))

    def __repr__(self) -> str:
        def fmt(infos):
            return ", ".join(f"{t.name}: {t.dtype}{list(t.shape)}" for t in infos)
        return f"npu.Session(target={self.target!r}, inputs=[{fmt(self.inputs)}], " \
               f"outputs=[{fmt(self.outputs)}])"
