//===- NpuDialect.cpp - npu dialect registration and custom syntax --------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::npu;

#include "dialects/npu/NpuDialect.cpp.inc"
#include "dialects/npu/NpuEnums.cpp.inc"
#include "dialects/npu/NpuInterfaces.cpp.inc"

void NpuDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/npu/NpuOps.cpp.inc"
      >();
}

Operation *NpuDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!elements || !tensorType)
    return nullptr;
  return ConstantOp::create(builder, loc, tensorType, elements);
}

//===----------------------------------------------------------------------===//
// npu.constant syntax: `npu.constant <elements attr> [-> <result type>]`.
// The result type is printed only when it differs from the value's type,
// which happens for quantized constants.
//===----------------------------------------------------------------------===//

ParseResult ConstantOp::parse(OpAsmParser &parser, OperationState &result) {
  ElementsAttr value;
  if (parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseAttribute(value, "value", result.attributes))
    return failure();
  Type resultType = value.getType();
  if (succeeded(parser.parseOptionalArrow()) && parser.parseType(resultType))
    return failure();
  result.addTypes(resultType);
  return success();
}

void ConstantOp::print(OpAsmPrinter &printer) {
  printer.printOptionalAttrDict((*this)->getAttrs(), /*elidedAttrs=*/{"value"});
  printer << ' ';
  printer.printAttribute(getValue());
  if (getType() != getValue().getType())
    printer << " -> " << getType();
}

#define GET_OP_CLASSES
#include "dialects/npu/NpuOps.cpp.inc"
