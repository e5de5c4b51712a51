"""Writes the hostile models of hostile.mlir into the directory argv[1]."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]


def save(name, nodes, inputs, outputs, initializers=(), opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, f"{out}/{name}.onnx")


x4 = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 8, 8])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
w = numpy_helper.from_array(np.ones((2, 2, 3, 3), np.float32), "w")
save("conv_zero_stride", [helper.make_node("Conv", ["x", "w"], ["y"], name="conv1",
                                           strides=[0, 0])], [x4], [y], [w])
save("conv_group_zero", [helper.make_node("Conv", ["x", "w"], ["y"], name="conv1",
                                          group=0)], [x4], [y], [w])
save("avgpool_zero_stride", [helper.make_node("AveragePool", ["x"], ["y"], name="pool1",
                                              kernel_shape=[2, 2], strides=[0, 1])],
     [x4], [y])
x2 = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])
shape = numpy_helper.from_array(np.array([2**31, 2**31], np.int64), "shape")
save("expand_huge", [helper.make_node("Expand", ["x", "shape"], ["y"], name="expand1")],
     [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1])], [y], [shape])
pads = numpy_helper.from_array(np.array([2**40, 0, 0, 0], np.int64), "pads")
save("pad_huge", [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad1")], [x2], [y],
     [pads])
target = numpy_helper.from_array(np.array([2**62, 4], np.int64), "target")
save("reshape_huge", [helper.make_node("Reshape", ["x", "target"], ["y"], name="reshape1")],
     [x2], [y], [target])

# Resize with constant scales on an input declared without any shape (a
# libFuzzer find: it read dimensions of a rank it did not have), and with a
# scale whose size overflows an integer (UBSan).
scales = numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales")
roi = numpy_helper.from_array(np.zeros((0,), np.float32), "roi")
resize = helper.make_node("Resize", ["x", "roi", "scales"], ["y"], name="up1", mode="nearest")
save("resize_input_without_shape", [resize],
     [helper.make_tensor_value_info("x", TensorProto.FLOAT, None)], [y], [roi, scales])
huge = numpy_helper.from_array(np.array([1, 1, 1e30, 2], np.float32), "scales")
save("resize_huge_scale", [resize], [x4], [y], [roi, huge])
nan = numpy_helper.from_array(np.array([1, 1, np.nan, 2], np.float32), "scales")
save("resize_nan_scale", [resize], [x4], [y], [roi, nan])

# A convolution too wide to tile: the error names the node, and stderr stays
# small (MLIR's dump of the failing operation is off for users).
wide = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64, 4, 65536])
w64 = numpy_helper.from_array(np.ones((64, 64, 3, 3), np.float32), "w")
save("conv_too_wide", [helper.make_node("Relu", ["x"], ["r"], name="relu0"),
                       helper.make_node("Conv", ["r", "w"], ["y"], name="wide_conv",
                                        pads=[1, 1, 1, 1])], [wide], [y], [w64])
