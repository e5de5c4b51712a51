//===- ReferenceInterfacesTest.cpp - the reference as a layer -------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// lib/Reference attaches NpuReferenceOpInterface to every npu op; the
// interpreter says what is missing when a context lacks it; and the folders,
// which evaluate small constants through the same element semantics
// (NpuSemantics.h), agree with the interpreter bit for bit.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Reference/ReferenceOpInterface.h"

#include "dialects/npu/NpuDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

namespace {

DialectRegistry referenceRegistry() {
  DialectRegistry registry;
  registry.insert<NpuDialect, func::FuncDialect>();
  registerReferenceInterfaces(registry);
  return registry;
}

TEST(ReferenceInterfacesTest, AttachedToEveryNpuOp) {
  MLIRContext context(referenceRegistry());
  context.loadAllAvailableDialects();
  int npuOps = 0;
  for (RegisteredOperationName name : context.getRegisteredOperations()) {
    if (name.getDialectNamespace() != NpuDialect::getDialectNamespace())
      continue;
    ++npuOps;
    EXPECT_TRUE(name.hasInterface<NpuReferenceOpInterface>())
        << name.getStringRef().str();
  }
  EXPECT_GE(npuOps, 30);
}

constexpr const char *kAdd = R"mlir(
func.func @main(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = npu.binary add %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
)mlir";

TEST(ReferenceInterfacesTest, UnregisteredContextNamesTheMissingRegistration) {
  MLIRContext context;
  context.loadDialect<NpuDialect, func::FuncDialect>(); // no reference models
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kAdd, &context);
  ASSERT_TRUE(module);
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    message = diagnostic.str();
  });
  auto func = cast<func::FuncOp>(module->getBody()->front());
  auto type = RankedTensorType::get({2}, Float32Type::get(&context));
  EXPECT_TRUE(failed(runFunction(func, {Tensor(type), Tensor(type)}, {})));
  EXPECT_NE(message.find("registerReferenceInterfaces"), std::string::npos)
      << message;
}

/// The op that defines @main's (first) returned value.
Operation *returnedOp(func::FuncOp func) {
  return func.getBody().front().getTerminator()->getOperand(0).getDefiningOp();
}

/// Evaluates @main (no arguments) with the interpreter and by folding its
/// one computing op, and expects identical elements (NaN equal to NaN, the
/// sign of zero compared) whenever the op folds; returns whether it folded.
bool expectFoldMatchesReference(MLIRContext &context, const std::string &source) {
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  EXPECT_TRUE(module) << source;
  if (!module)
    return false;
  auto func = cast<func::FuncOp>(module->getBody()->front());
  FailureOr<SmallVector<Tensor>> reference = runFunction(func, {}, {});
  EXPECT_TRUE(succeeded(reference)) << source;
  if (failed(reference))
    return false;

  Operation *computing = returnedOp(func);
  SmallVector<OpFoldResult> folded;
  if (failed(computing->fold(folded)) || folded.size() != 1 ||
      !isa<Attribute>(folded[0]))
    return false;
  OpBuilder builder(computing);
  auto resultType = cast<RankedTensorType>(computing->getResult(0).getType());
  auto constant = ConstantOp::create(builder, computing->getLoc(), resultType,
                                     cast<ElementsAttr>(cast<Attribute>(folded[0])));
  std::optional<Tensor> value = evaluateConstant(constant.getResult());
  EXPECT_TRUE(value.has_value()) << source;
  if (!value)
    return false;
  const Tensor &expected = (*reference)[0];
  EXPECT_EQ(value->getType(), expected.getType());
  for (int64_t i = 0; i < expected.getNumElements(); ++i) {
    if (expected.isFloat()) {
      double a = value->floats()[i], b = expected.floats()[i];
      EXPECT_TRUE((std::isnan(a) && std::isnan(b)) ||
                  (a == b && std::signbit(a) == std::signbit(b)))
          << "element " << i << ": folded " << a << ", reference " << b
          << " in\n" << source;
    } else {
      EXPECT_EQ(value->ints()[i], expected.ints()[i])
          << "element " << i << " in\n" << source;
    }
  }
  return true;
}

std::string binaryFunction(StringRef kind, StringRef type, StringRef lhs,
                           StringRef rhs) {
  std::string t = ("tensor<8x" + type + ">").str();
  return ("func.func @main() -> " + t + " {\n  %a = npu.constant dense<[" + lhs +
          "]> : " + t + "\n  %b = npu.constant dense<[" + rhs + "]> : " + t +
          "\n  %r = npu.binary " + kind + " %a, %b : (" + t + ", " + t + ") -> " +
          t + "\n  return %r : " + t + "\n}\n")
      .str();
}

std::string castFunction(StringRef from, StringRef to, StringRef values) {
  std::string a = ("tensor<4x" + from + ">").str(), r = ("tensor<4x" + to + ">").str();
  return ("func.func @main() -> " + r + " {\n  %a = npu.constant dense<[" + values +
          "]> : " + a + "\n  %r = npu.cast %a : (" + a + ") -> " + r +
          "\n  return %r : " + r + "\n}\n")
      .str();
}

TEST(ReferenceInterfacesTest, BinaryFoldsAgreeWithTheInterpreter) {
  MLIRContext context(referenceRegistry());
  context.loadAllAvailableDialects();
  const char *kinds[] = {"add", "sub", "mul", "div", "max", "min", "pow"};
  for (const char *kind : kinds) {
    SCOPED_TRACE(kind);
    // Integers: wrap-around at the width, truncating division, INT_MIN / -1,
    // negative and large exponents.
    EXPECT_TRUE(expectFoldMatchesReference(
        context, binaryFunction(kind, "i32", "2147483647, -2147483648, -7, 7, 3, -1, 2, 5",
                                "1, -1, 2, -2, 70, -3, 31, 33")));
    EXPECT_TRUE(expectFoldMatchesReference(
        context, binaryFunction(kind, "i8", "127, -128, -7, 7, 3, -1, 2, 100",
                                "1, -1, 2, -2, 9, -3, 7, 3")));
    // Floats: signed zeros, NaN, infinities, overflow and rounding to f16.
    struct FloatCase {
      const char *type, *nan, *inf;
    };
    for (FloatCase c : {FloatCase{"f32", "0x7FC00000", "0x7F800000"},
                        FloatCase{"f16", "0x7E00", "0x7C00"}})
      EXPECT_TRUE(expectFoldMatchesReference(
          context,
          binaryFunction(kind, c.type,
                         (Twine("0.0, -0.0, ") + c.nan + ", 1.5, -2.25, 6.0e4, 1.0e-3, 3.0").str(),
                         (Twine("-0.0, 0.0, 1.0, ") + c.inf + ", 0.5, 2.0, 3.0, -0.5").str())));
  }
  // Integer division by zero is not folded: the interpreter reports it at
  // run time.
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      binaryFunction("div", "i32", "1, 2, 3, 4, 5, 6, 7, 8", "1, 1, 1, 0, 1, 1, 1, 1"),
      &context);
  ASSERT_TRUE(module);
  auto func = cast<func::FuncOp>(module->getBody()->front());
  Operation *div = returnedOp(func);
  SmallVector<OpFoldResult> folded;
  EXPECT_TRUE(failed(div->fold(folded)));
}

TEST(ReferenceInterfacesTest, CastFoldsAgreeWithTheInterpreter) {
  MLIRContext context(referenceRegistry());
  context.loadAllAvailableDialects();
  // Float to integer saturates and truncates; NaN is 0.
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("f32", "i8", "0x7FC00000, 300.7, -300.7, -0.5")));
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("f32", "i32", "1.0e20, -1.0e20, 2.5, -2.5")));
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("f32", "i1", "0.0, -0.0, 0.25, 0x7FC00000")));
  // Unsigned sources are zero-extended; narrowing wraps.
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("ui8", "i32", "0, 127, 128, 255")));
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("i32", "i8", "255, 256, -129, 70000")));
  // Integer and float to float round to the target.
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("i32", "f16", "2049, 70000, -3, 16777217")));
  EXPECT_TRUE(expectFoldMatchesReference(
      context, castFunction("f32", "f16", "1.00048828125, 7.0e4, -0.0, 1.0e-8")));
}

} // namespace
