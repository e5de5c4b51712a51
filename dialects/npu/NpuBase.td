//===- NpuBase.td - npu dialect definition, enums, base op --*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The graph-level `npu` dialect: ranked, statically shaped tensors, one op per
// *structure* of computation (see docs/dialects.md for why).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_BASE_TD
#define NPU_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"
include "dialects/npu/NpuInterfaces.td"

def Npu_Dialect : Dialect {
  let name = "npu";
  let cppNamespace = "::mlir::npu";
  let summary = "Graph-level neural-network operations for the NPU compiler";
  let description = [{
    The `npu` dialect is what the ONNX importer produces and what the graph
    passes (fusion, quantization, layout, tiling) consume. Every value is a
    ranked, statically shaped tensor whose element type is a float (`f32`,
    `f16`, `bf16`), a signless integer, or a `!quant.uniform` type (per tensor
    or per axis). Activations use ONNX's NCHW layout at this level; layout
    assignment to the NPU-native layout happens on the way to `npuhw`.

    Every op derives from `Npu_Op`, which bundles the interfaces the rest of
    the compiler relies on:
    * shape inference (`InferShapedTypeOpInterface`): no importer or pass
      computes a result shape by hand, and the verifier checks every result
      against the inferred shape;
    * cost (`NpuCostOpInterface`): MACs for the matrix engine, element
      operations for the vector engine, and the compulsory bytes moved;
    * reference evaluation (`NpuReferenceOpInterface`): what the op computes,
      attached to every op by the reference interpreter (lib/Reference) as
      an external model, so the dialect does not depend on the interpreter.
      The element arithmetic (`NpuSemantics.h`) is shared by the interpreter
      and the folders.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// ui8 appears in ONNX models as raw image bytes and ConvInteger operands.
def Npu_ElementType : AnyTypeOf<[AnyFloat, AnySignlessInteger, UI8, quant_QuantizedType],
                                "float, signless integer, ui8 or quantized">;
def Npu_Tensor : RankedTensorOf<[Npu_ElementType]>;
def Npu_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Npu_QuantizedTensor : RankedTensorOf<[quant_QuantizedType]>;
def Npu_IndexTensor : RankedTensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Enums. Plain integer enums print as bare keywords in the custom assembly
// (`npu.unary relu %x`), like `arith.cmpi slt`.
//===----------------------------------------------------------------------===//

def Npu_UnaryKind : I32EnumAttr<"UnaryKind", "parameter-free element-wise function", [
    I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"sigmoid", 1>,
    I32EnumAttrCase<"tanh", 2>, I32EnumAttrCase<"gelu_erf", 3>,
    I32EnumAttrCase<"gelu_tanh", 4>, I32EnumAttrCase<"silu", 5>,
    I32EnumAttrCase<"hard_swish", 6>, I32EnumAttrCase<"exp", 7>,
    I32EnumAttrCase<"log", 8>, I32EnumAttrCase<"sqrt", 9>,
    I32EnumAttrCase<"rsqrt", 10>, I32EnumAttrCase<"reciprocal", 11>,
    I32EnumAttrCase<"erf", 12>, I32EnumAttrCase<"neg", 13>,
    I32EnumAttrCase<"abs", 14>, I32EnumAttrCase<"sin", 15>,
    I32EnumAttrCase<"cos", 16>, I32EnumAttrCase<"floor", 17>,
    I32EnumAttrCase<"ceil", 18>]> {
  let cppNamespace = "::mlir::npu";
}

def Npu_BinaryKind : I32EnumAttr<"BinaryKind", "broadcasting element-wise binary function", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>,
    I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"div", 3>,
    I32EnumAttrCase<"max", 4>, I32EnumAttrCase<"min", 5>,
    I32EnumAttrCase<"pow", 6>]> {
  let cppNamespace = "::mlir::npu";
}

def Npu_ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
    I32EnumAttrCase<"mean", 0>, I32EnumAttrCase<"sum", 1>,
    I32EnumAttrCase<"max", 2>, I32EnumAttrCase<"min", 3>]> {
  let cppNamespace = "::mlir::npu";
}

def Npu_PadMode : I32EnumAttr<"PadMode", "padding mode", [
    I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
    I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::mlir::npu";
}

def Npu_ResizeMode : I32EnumAttr<"ResizeMode", "interpolation", [
    I32EnumAttrCase<"nearest", 0>, I32EnumAttrCase<"linear", 1>]> {
  let cppNamespace = "::mlir::npu";
}

def Npu_CoordinateTransform : I32EnumAttr<"CoordinateTransform",
    "output-to-input coordinate mapping of resize (ONNX names)", [
    I32EnumAttrCase<"half_pixel", 0>, I32EnumAttrCase<"pytorch_half_pixel", 1>,
    I32EnumAttrCase<"align_corners", 2>, I32EnumAttrCase<"asymmetric", 3>]> {
  let cppNamespace = "::mlir::npu";
}

def Npu_NearestRounding : I32EnumAttr<"NearestRounding",
    "rounding of the source coordinate in nearest resize", [
    I32EnumAttrCase<"round_prefer_floor", 0>, I32EnumAttrCase<"round_prefer_ceil", 1>,
    I32EnumAttrCase<"floor", 2>, I32EnumAttrCase<"ceil", 3>]> {
  let cppNamespace = "::mlir::npu";
}

//===----------------------------------------------------------------------===//
// Base op
//===----------------------------------------------------------------------===//

// Checks every result type against the op's own shape inference.
def Npu_VerifiesInferredShapes : NativeOpTrait<"VerifiesInferredShapes"> {
  let cppNamespace = "::mlir::npu";
}

// Every npu op: side-effect free, infers its result shapes and has a cost.
// Ops that override the default cost list the methods in `costMethods`. Its
// reference evaluation is attached by lib/Reference for every op of the
// dialect; an op without one does not compile (ReferenceInterfaces.cpp).
class Npu_Op<string mnemonic, list<Trait> traits = [],
             list<string> costMethods = []>
    : Op<Npu_Dialect, mnemonic, !listconcat([
        Pure,
        InferShapedTypeOpAdaptor,
        DeclareOpInterfaceMethods<NpuCostOpInterface, costMethods>,
        Npu_VerifiesInferredShapes], traits)>;

#endif // NPU_BASE_TD
