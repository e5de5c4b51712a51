//===- Interpreter.cpp - run an npu function on host tensors --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"

#include "Evaluate.h"
#include "ReferenceUtils.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/APFloat.h"

#include <cfenv>
#include <cstring>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

/// Storage reinterpretations the importer emits around quantized values:
/// the integers are unchanged, only their type (and, for ui8 <-> i8, their
/// signedness) differs.
static Tensor reinterpret(const Tensor &input, RankedTensorType type) {
  Tensor out(type);
  out.ints() = input.ints();
  Type element = type.getElementType();
  unsigned width = 0;
  bool isUnsigned = false;
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    width = q.getStorageTypeIntegralWidth();
    isUnsigned = !q.isSigned();
  } else if (auto integer = dyn_cast<IntegerType>(element)) {
    width = integer.getWidth();
    isUnsigned = integer.isUnsigned();
  }
  // A signless i8 holding u8 storage is read back as unsigned by the
  // quantized type; wrapping by the target's own signedness does it.
  for (int64_t &v : out.ints())
    v = wrapToInteger(v, width, isUnsigned);
  return out;
}

std::optional<Tensor> mlir::npu::reference::evaluateConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  EvalContext context;
  SmallVector<Tensor> results;
  // Directly, not through the interface: passes read constants in contexts
  // that need not register the interpreter.
  if (failed(evaluate(constant, context, {}, results)))
    return std::nullopt;
  return std::move(results.front());
}

FailureOr<SmallVector<Tensor>>
mlir::npu::reference::runFunction(func::FuncOp func, ArrayRef<Tensor> inputs,
                                  const RunOptions &options) {
  if (func.isExternal())
    return func.emitError("is a declaration: there is no body to run");
  // Every value must be a statically shaped tensor the interpreter can hold
  // (8 bytes per element): checked before anything is allocated.
  constexpr int64_t kMaxElements = int64_t{1} << 30;
  WalkResult checked = func.walk([&](Operation *op) -> WalkResult {
    auto check = [&](Type type) -> LogicalResult {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape())
        return op->emitError("the reference interpreter runs statically shaped "
                             "tensors only, got ")
               << type;
      if (!hasReasonableSize(tensor.getShape()) ||
          tensor.getNumElements() > kMaxElements)
        return op->emitError("has a tensor of ")
               << ::mlir::npu::formatShape(tensor.getShape())
               << " elements, more than the reference interpreter holds (2^30)";
      return success();
    };
    for (Type type : op->getResultTypes())
      if (failed(check(type)))
        return WalkResult::interrupt();
    if (op == func.getOperation())
      for (Type type : func.getArgumentTypes())
        if (failed(check(type)))
          return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (checked.wasInterrupted())
    return failure();
  if (func.getNumArguments() != inputs.size())
    return func.emitError("expects ")
           << func.getNumArguments() << " inputs, got " << inputs.size();
  // Round-half-even quantization relies on the default rounding mode.
  int previousRounding = std::fegetround();
  std::fesetround(FE_TONEAREST);
  llvm::scope_exit restore([&] { std::fesetround(previousRounding); });

  llvm::DenseMap<Value, Tensor> values;
  for (auto [argument, input] : llvm::zip(func.getArguments(), inputs)) {
    if (argument.getType() != input.getType())
      return func.emitError("input #")
             << argument.getArgNumber() << " has type " << input.getType()
             << ", expected " << argument.getType();
    values[argument] = input;
  }
  EvalContext context = options.context;
  for (Operation &op : func.getBody().front()) {
    SmallVector<Tensor> results;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      SmallVector<Tensor> outputs;
      for (Value operand : ret.getOperands())
        outputs.push_back(values.lookup(operand));
      return outputs;
    }
    if (isa<quant::StorageCastOp, tensor::BitcastOp>(op)) {
      results.push_back(reinterpret(values[op.getOperand(0)],
                                    cast<RankedTensorType>(op.getResult(0).getType())));
    } else if (auto evaluable = dyn_cast<NpuReferenceOpInterface>(op)) {
      SmallVector<const Tensor *> operands;
      for (Value operand : op.getOperands())
        operands.push_back(&values[operand]);
      if (failed(evaluable.evaluate(context, operands, results)))
        return failure();
    } else if (isa<NpuDialect>(op.getDialect())) {
      return op.emitError("the reference evaluations of npu ops are not "
                          "registered in this MLIRContext; call "
                          "npu::reference::registerReferenceInterfaces on its "
                          "DialectRegistry");
    } else {
      return op.emitError("the reference interpreter cannot evaluate '")
             << op.getName() << "'";
    }
    if (results.size() != op.getNumResults())
      return op.emitError("reference evaluation produced ")
             << results.size() << " results for " << op.getNumResults();
    if (options.onOpEvaluated)
      options.onOpEvaluated(&op, results);
    for (auto [value, tensor] : llvm::zip(op.getResults(), results))
      values[value] = std::move(tensor);
  }
  return func.emitError("has no return");
}

//===----------------------------------------------------------------------===//
// .npy conversion
//===----------------------------------------------------------------------===//

/// The .npy dtype that carries `element`.
static std::optional<::mlir::npu::NpyDType> npyTypeFor(Type element) {
  using ::mlir::npu::NpyDType;
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    // The storage integers, at their own width.
    unsigned width = q.getStorageTypeIntegralWidth();
    if (width == 8)
      return q.isSigned() ? NpyDType::Int8 : NpyDType::UInt8;
    if (width == 32 && q.isSigned())
      return NpyDType::Int32;
    return std::nullopt;
  }
  if (element.isF32() || element.isBF16())
    return NpyDType::Float32;
  if (element.isF16())
    return NpyDType::Float16;
  if (element.isF64())
    return NpyDType::Float64;
  if (element.isInteger(1))
    return NpyDType::Bool;
  if (auto integer = dyn_cast<IntegerType>(element)) {
    if (integer.getWidth() == 8)
      return integer.isUnsigned() ? NpyDType::UInt8 : NpyDType::Int8;
    if (integer.getWidth() == 32)
      return NpyDType::Int32;
    if (integer.getWidth() == 64)
      return NpyDType::Int64;
  }
  return std::nullopt;
}

llvm::Expected<Tensor>
mlir::npu::reference::tensorFromNpy(const ::mlir::npu::NpyArray &array,
                                    RankedTensorType type, StringRef what) {
  auto fail = [&](const Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   (what + ": " + message).str());
  };
  std::optional<::mlir::npu::NpyDType> expected = npyTypeFor(type.getElementType());
  if (!expected)
    return fail("has element type that .npy cannot carry");
  if (array.dtype != *expected)
    return fail("expects dtype " + ::mlir::npu::npyTypeName(*expected) + ", got " +
                ::mlir::npu::npyTypeName(array.dtype));
  if (ArrayRef<int64_t>(array.shape) != type.getShape())
    return fail("expects shape " + ::mlir::npu::formatShape(type.getShape()) + ", got " +
                ::mlir::npu::formatShape(array.shape));
  Tensor tensor(type);
  int64_t n = tensor.getNumElements();
  using ::mlir::npu::NpyDType;
  for (int64_t i = 0; i < n; ++i) {
    switch (array.dtype) {
    case NpyDType::Float32:
      tensor.floats()[i] = array.as<float>()[i];
      break;
    case NpyDType::Float64:
      tensor.floats()[i] = array.as<double>()[i];
      break;
    case NpyDType::Float16: {
      llvm::APFloat f(llvm::APFloat::IEEEhalf(), llvm::APInt(16, array.as<uint16_t>()[i]));
      tensor.floats()[i] = f.convertToDouble();
      break;
    }
    case NpyDType::Int8:
      tensor.ints()[i] = array.as<int8_t>()[i];
      break;
    case NpyDType::UInt8:
      tensor.ints()[i] = array.as<uint8_t>()[i];
      break;
    case NpyDType::Int32:
      tensor.ints()[i] = array.as<int32_t>()[i];
      break;
    case NpyDType::Int64:
      tensor.ints()[i] = array.as<int64_t>()[i];
      break;
    case NpyDType::Bool:
      tensor.ints()[i] = array.as<uint8_t>()[i] != 0;
      break;
    }
  }
  tensor.roundToType(); // bf16 inputs arrive as float32
  return tensor;
}

llvm::Expected<::mlir::npu::NpyArray>
mlir::npu::reference::tensorToNpy(const Tensor &tensor) {
  std::optional<::mlir::npu::NpyDType> dtype = npyTypeFor(tensor.getElementType());
  if (!dtype) {
    std::string type;
    llvm::raw_string_ostream os(type);
    os << tensor.getElementType();
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "a tensor of " + type +
                                       " has no .npy dtype npu-mlir writes");
  }
  ::mlir::npu::NpyArray array;
  array.dtype = *dtype;
  array.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  int64_t n = tensor.getNumElements();
  array.data.resize(n * ::mlir::npu::npyItemSize(array.dtype));
  using ::mlir::npu::NpyDType;
  for (int64_t i = 0; i < n; ++i) {
    switch (array.dtype) {
    case NpyDType::Float32:
      array.as<float>()[i] = static_cast<float>(tensor.floats()[i]);
      break;
    case NpyDType::Float64:
      array.as<double>()[i] = tensor.getAsDouble(i);
      break;
    case NpyDType::Float16: {
      bool losesInfo;
      llvm::APFloat f(tensor.floats()[i]);
      f.convert(llvm::APFloat::IEEEhalf(), llvm::APFloat::rmNearestTiesToEven, &losesInfo);
      array.as<uint16_t>()[i] = static_cast<uint16_t>(f.bitcastToAPInt().getZExtValue());
      break;
    }
    case NpyDType::Int8:
      array.as<int8_t>()[i] = static_cast<int8_t>(tensor.ints()[i]);
      break;
    case NpyDType::UInt8:
    case NpyDType::Bool:
      array.as<uint8_t>()[i] = static_cast<uint8_t>(tensor.ints()[i]);
      break;
    case NpyDType::Int32:
      array.as<int32_t>()[i] = static_cast<int32_t>(tensor.ints()[i]);
      break;
    case NpyDType::Int64:
      array.as<int64_t>()[i] = tensor.ints()[i];
      break;
    }
  }
  return array;
}
