//===- HostCodegenTest.cpp - host functions compiled and run ---------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Milestone 1 of the host fallback: functions on tensors (linalg, tensor,
// arith, math) go through compileHostModule to an object, which is linked
// from memory with only its declared imports and called through
// `npu_host_<f>(void *const *)` on caller-owned buffers.
//
//===----------------------------------------------------------------------===//

#include "HostLinking.h"

#include "npu/HostCodegen/HostCodegen.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::npu::host;

namespace {

/// Addresses of the imports the tests' objects may use (the runtime's
/// loader will hold the full table of getHostImports()).
std::map<std::string, void *> getTestImports() {
  return {{"expf", reinterpret_cast<void *>(
                       static_cast<float (*)(float)>(&::expf))},
          {"tanhf", reinterpret_cast<void *>(
                        static_cast<float (*)(float)>(&::tanhf))},
          {"memcpy", reinterpret_cast<void *>(&::memcpy)},
          {"malloc", reinterpret_cast<void *>(&::malloc)},
          {"free", reinterpret_cast<void *>(&::free)}};
}

class HostCodegenTest : public ::testing::Test {
protected:
  HostCodegenTest() {
    DialectRegistry registry;
    registerHostCodegenDialects(registry);
    context.appendDialectRegistry(registry);
  }

  OwningOpRef<ModuleOp> parse(StringRef text) {
    return parseSourceString<ModuleOp>(text, &context);
  }

  MLIRContext context;
};

// A softmax-like chain over rows: exp, a row sum into a temporary, a
// division; the result is returned (an out-parameter after lowering), and a
// second function in the same object computes tanh.
constexpr const char *kTwoFunctions = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @softmax(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<2x4xf32>
  %exp = linalg.generic {indexing_maps = [#id, #id],
                         iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%e0 : tensor<2x4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %v = math.exp %a : f32
    linalg.yield %v : f32
  } -> tensor<2x4xf32>
  %s0 = tensor.empty() : tensor<2xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2xf32>) -> tensor<2xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row],
                         iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<2x4xf32>) outs(%s1 : tensor<2xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %v = arith.addf %acc, %a : f32
    linalg.yield %v : f32
  } -> tensor<2xf32>
  %e1 = tensor.empty() : tensor<2x4xf32>
  %y = linalg.generic {indexing_maps = [#id, #row, #id],
                       iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<2x4xf32>, tensor<2xf32>)
      outs(%e1 : tensor<2x4xf32>) {
  ^bb0(%a: f32, %s: f32, %b: f32):
    %v = arith.divf %a, %s : f32
    linalg.yield %v : f32
  } -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
func.func @tanh(%x: tensor<3xf32>) -> tensor<3xf32> {
  %e = tensor.empty() : tensor<3xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>,
                                        affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<3xf32>) outs(%e : tensor<3xf32>) {
  ^bb0(%a: f32, %b: f32):
    %v = math.tanh %a : f32
    linalg.yield %v : f32
  } -> tensor<3xf32>
  return %y : tensor<3xf32>
}
)mlir";

TEST_F(HostCodegenTest, CompiledFunctionsMatchTheirDefinition) {
  OwningOpRef<ModuleOp> module = parse(kTwoFunctions);
  ASSERT_TRUE(module);
  auto object = compileHostModule(*module, HostTarget::getBaseline());
  ASSERT_TRUE(static_cast<bool>(object)) << llvm::toString(object.takeError());
  EXPECT_EQ(object->entries,
            (std::vector<std::string>{"npu_host_softmax", "npu_host_tanh"}));
  for (const std::string &name : object->imports)
    EXPECT_TRUE(llvm::is_contained(getHostImports(), name)) << name;

  auto linked = npu_test::LinkedHostObject::link(object->bytes, getTestImports());
  ASSERT_TRUE(static_cast<bool>(linked)) << llvm::toString(linked.takeError());
  auto softmax = (*linked)->lookup("npu_host_softmax");
  ASSERT_TRUE(static_cast<bool>(softmax)) << llvm::toString(softmax.takeError());
  float x[2][4] = {{0.0f, 1.0f, 2.0f, 3.0f}, {-1.0f, 0.5f, 0.25f, -2.0f}};
  float y[2][4];
  std::memset(y, 0xff, sizeof(y));
  void *buffers[] = {x, y};
  (*softmax)(buffers);
  for (int r = 0; r < 2; ++r) {
    // The same operations in the same order, in f32.
    float e[4], sum = 0.0f;
    for (int c = 0; c < 4; ++c) {
      e[c] = ::expf(x[r][c]);
      sum += e[c];
    }
    for (int c = 0; c < 4; ++c)
      EXPECT_EQ(y[r][c], e[c] / sum) << "row " << r << " column " << c;
  }

  auto tanh = (*linked)->lookup("npu_host_tanh");
  ASSERT_TRUE(static_cast<bool>(tanh)) << llvm::toString(tanh.takeError());
  float t[3] = {-3.0f, 0.1f, 20.0f}, u[3] = {0, 0, 0};
  void *tanhBuffers[] = {t, u};
  (*tanh)(tanhBuffers);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(u[i], ::tanhf(t[i])) << "element " << i;
}

TEST_F(HostCodegenTest, ObjectsAreReproducible) {
  OwningOpRef<ModuleOp> module = parse(kTwoFunctions);
  ASSERT_TRUE(module);
  auto first = compileHostModule(*module, HostTarget::getBaseline());
  auto second = compileHostModule(*module, HostTarget::getBaseline());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->bytes, second->bytes);
}

TEST_F(HostCodegenTest, DynamicShapesAndUnknownTargetsAreErrors) {
  OwningOpRef<ModuleOp> dynamic = parse(R"mlir(
func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> { return %x : tensor<?xf32> }
)mlir");
  ASSERT_TRUE(dynamic);
  auto refused = compileHostModule(*dynamic, HostTarget::getBaseline());
  ASSERT_FALSE(static_cast<bool>(refused));
  EXPECT_EQ(llvm::toString(refused.takeError()),
            "host function 'f' takes or returns tensor<?xf32>; host code "
            "needs statically shaped tensors");

  OwningOpRef<ModuleOp> module = parse(kTwoFunctions);
  HostTarget target = HostTarget::getBaseline();
  target.triple = "nonsense-unknown-none";
  auto unknown = compileHostModule(*module, target);
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_NE(llvm::toString(unknown.takeError()).find("nonsense-unknown-none"),
            std::string::npos);
}

} // namespace
