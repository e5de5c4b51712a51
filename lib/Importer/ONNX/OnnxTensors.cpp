//===- OnnxTensors.cpp - ONNX element types and tensor data ---------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Tensor data comes from raw_data, the typed repeated fields, or an external
// file. Large tensors become dense_resource blobs that own the bytes already
// in memory (the released protobuf string, or the mapped external file), so
// importing a model costs about its weights in memory, not a multiple. Every
// size is checked before it is trusted: a tensor that claims more elements
// than it stores is an error, never an out-of-bounds read.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraphImporter.h"
#include "npu/Support/FileRead.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

/// No tensor we accept is larger than this (1 TiB): an element count above it
/// is a corrupt or hostile file, and stays far from int64 overflow.
static constexpr int64_t kMaxTensorBytes = int64_t{1} << 40;

Type mlir::npu::onnx_import::convertElementType(MLIRContext *context,
                                                int32_t onnxType) {
  Builder b(context);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return {};
  }
}

std::string mlir::npu::onnx_import::onnxTypeName(int32_t onnxType) {
  if (onnx::TensorProto_DataType_IsValid(onnxType))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(onnxType));
  return "data type " + std::to_string(onnxType);
}

static int64_t elementBytes(Type type) {
  return type.isInteger(1) ? 1 : (type.getIntOrFloatBitWidth() + 7) / 8;
}

LogicalResult mlir::npu::onnx_import::checkStaticShape(ArrayRef<int64_t> shape,
                                                       Type elementType,
                                                       Location loc,
                                                       const Twine &what) {
  int64_t bytes = elementBytes(elementType);
  for (auto [d, dim] : llvm::enumerate(shape)) {
    if (ShapedType::isDynamic(dim))
      return emitError(loc) << what << " has an unknown dimension " << d
                            << "; give a static shape with --input-shape";
    if (dim <= 0)
      return emitError(loc) << what << " has dimension " << d << " of size "
                            << dim << " (every dimension must be positive)";
    if (dim > kMaxTensorBytes / bytes)
      return emitError(loc) << what << " has an absurd dimension " << d
                            << " of size " << dim;
    bytes *= dim;
    if (bytes > kMaxTensorBytes)
      return emitError(loc) << what << " would hold more than 1 TiB ("
                            << "shape overflows); the file is corrupt";
  }
  return success();
}

namespace {

/// Bytes of a tensor whose data is elsewhere, checked against what it claims.
LogicalResult checkByteCount(Location loc, StringRef name, size_t available,
                             int64_t expected, StringRef where) {
  if (static_cast<int64_t>(available) != expected)
    return emitError(loc) << "initializer '" << name << "' needs " << expected
                          << " bytes for its shape and type but " << where
                          << " holds " << available;
  return success();
}

/// A blob that owns `storage` (any movable object holding the bytes).
template <typename Storage>
AsmResourceBlob blobOwning(ArrayRef<char> bytes, size_t alignment,
                           std::unique_ptr<Storage> storage) {
  Storage *raw = storage.release();
  return AsmResourceBlob(
      bytes, alignment,
      [raw](void *, size_t, size_t) { delete raw; },
      /*dataIsMutable=*/false);
}

ElementsAttr makeResource(RankedTensorType type, StringRef name,
                          AsmResourceBlob blob) {
  // Resource names are identifiers in the printed IR.
  std::string key = "onnx_" + name.str();
  for (char &c : key)
    if (!llvm::isAlnum(static_cast<unsigned char>(c)) && c != '_' && c != '.')
      c = '_';
  return DenseResourceElementsAttr::get(type, key, std::move(blob));
}

/// Reads the external data of `tensor`, resolved inside `directory`.
FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
readExternal(const onnx::TensorProto &tensor, Location loc,
             StringRef directory, int64_t expectedBytes) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset" || entry.key() == "length") {
      int64_t value;
      if (StringRef(entry.value()).getAsInteger(10, value) || value < 0)
        return emitError(loc) << "initializer '" << tensor.name()
                              << "' has an invalid external-data "
                              << entry.key() << " '" << entry.value() << "'";
      (entry.key() == "offset" ? offset : length) = value;
    }
  }
  if (location.empty())
    return emitError(loc) << "initializer '" << tensor.name()
                          << "' is stored externally but names no location";
  // The location must stay inside the model's directory: no absolute paths,
  // no '..', and no symbolic link that leads outside.
  if (llvm::sys::path::is_absolute(location) ||
      llvm::any_of(llvm::make_range(llvm::sys::path::begin(location),
                                    llvm::sys::path::end(location)),
                   [](StringRef part) { return part == ".."; }))
    return emitError(loc) << "initializer '" << tensor.name()
                          << "' refers to external data at '" << location
                          << "', outside the model's directory; external "
                             "data must be stored next to the model";
  SmallString<256> path(directory);
  llvm::sys::path::append(path, location);
  SmallString<256> realDirectory, realPath;
  if (llvm::sys::fs::real_path(directory, realDirectory) ||
      llvm::sys::fs::real_path(path, realPath))
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': cannot open external data file '" << path
                          << "'";
  if (!StringRef(realPath).starts_with(StringRef(realDirectory).str() + "/"))
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': external data '" << location
                          << "' resolves outside the model's directory";
  llvm::Expected<uint64_t> checkedSize = checkRegularFile(
      realPath, std::numeric_limits<uint64_t>::max(), "external data file");
  if (!checkedSize)
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': " << llvm::toString(checkedSize.takeError());
  uint64_t fileSize = *checkedSize;
  if (length < 0)
    length = static_cast<int64_t>(fileSize) - offset;
  if (offset > static_cast<int64_t>(fileSize) ||
      length > static_cast<int64_t>(fileSize) - offset)
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': external data [" << offset << ", "
                          << offset + length << ") lies past the end of '"
                          << location << "' (" << fileSize << " bytes)";
  if (length != expectedBytes)
    return emitError(loc) << "initializer '" << tensor.name() << "' needs "
                          << expectedBytes << " bytes but its external data "
                          << "has length " << length;
  auto buffer = llvm::MemoryBuffer::getFileSlice(realPath, length, offset,
                                                 /*IsVolatile=*/false);
  if (!buffer)
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': cannot read '" << path
                          << "': " << buffer.getError().message();
  return std::move(*buffer);
}

/// Values of the typed repeated fields, as raw little-endian bytes.
FailureOr<std::vector<char>> typedFieldBytes(const onnx::TensorProto &tensor,
                                             Type elementType, int64_t count,
                                             Location loc) {
  std::vector<char> bytes;
  int64_t width = elementBytes(elementType);
  auto fail = [&](size_t have) -> FailureOr<std::vector<char>> {
    return emitError(loc) << "initializer '" << tensor.name() << "' has "
                          << count << " elements by its shape but stores "
                          << have;
  };
  auto append = [&](const auto &field, auto convert) -> LogicalResult {
    if (static_cast<int64_t>(field.size()) != count)
      return failure();
    bytes.resize(count * width);
    for (int64_t i = 0; i < count; ++i)
      convert(field.Get(i), bytes.data() + i * width);
    return success();
  };
  auto store = [width](auto value, char *out) {
    std::memcpy(out, &value, width);
  };
  int32_t type = tensor.data_type();
  LogicalResult ok = failure();
  size_t have = 0;
  switch (type) {
  case onnx::TensorProto::FLOAT:
    have = tensor.float_data_size();
    ok = append(tensor.float_data(), [&](float v, char *o) { store(v, o); });
    break;
  case onnx::TensorProto::DOUBLE:
    have = tensor.double_data_size();
    ok = append(tensor.double_data(), [&](double v, char *o) { store(v, o); });
    break;
  case onnx::TensorProto::INT64:
    have = tensor.int64_data_size();
    ok = append(tensor.int64_data(), [&](int64_t v, char *o) { store(v, o); });
    break;
  case onnx::TensorProto::INT32:
    have = tensor.int32_data_size();
    ok = append(tensor.int32_data(), [&](int32_t v, char *o) { store(v, o); });
    break;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    have = tensor.int32_data_size();
    ok = append(tensor.int32_data(), [&](int32_t v, char *o) {
      store(static_cast<int8_t>(v), o);
    });
    break;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    // 16-bit values (including the bits of halves) live in int32_data.
    have = tensor.int32_data_size();
    ok = append(tensor.int32_data(), [&](int32_t v, char *o) {
      store(static_cast<uint16_t>(v), o);
    });
    break;
  default:
    break;
  }
  if (failed(ok))
    return fail(have);
  return bytes;
}

} // namespace

bool mlir::npu::onnx_import::isEmptyTensorProto(const onnx::TensorProto &tensor) {
  return llvm::is_contained(tensor.dims(), 0);
}

LogicalResult mlir::npu::onnx_import::checkTensorProto(
    const onnx::TensorProto &tensor, Location loc) {
  MLIRContext *context = loc.getContext();
  Type elementType = convertElementType(context, tensor.data_type());
  if (!elementType)
    return emitError(loc) << "initializer '" << tensor.name()
                          << "' has unsupported element type "
                          << onnxTypeName(tensor.data_type());
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  for (int64_t dim : shape)
    if (dim < 0)
      return emitError(loc) << "initializer '" << tensor.name()
                            << "' has a negative dimension " << dim;
  if (isEmptyTensorProto(tensor)) {
    bool holdsData = tensor.raw_data().size() || tensor.float_data_size() ||
                     tensor.int32_data_size() || tensor.int64_data_size() ||
                     tensor.double_data_size();
    if (holdsData)
      return emitError(loc) << "initializer '" << tensor.name()
                            << "' is empty by its shape but stores data";
    return success();
  }
  if (failed(checkStaticShape(shape, elementType, loc,
                              "initializer '" + tensor.name() + "'")))
    return failure();
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return success(); // checked against the file when it is read
  if (tensor.has_raw_data())
    return checkByteCount(loc, tensor.name(), tensor.raw_data().size(),
                          count * elementBytes(elementType), "its raw_data");
  size_t stored = std::max<size_t>(
      {static_cast<size_t>(tensor.float_data_size()),
       static_cast<size_t>(tensor.int32_data_size()),
       static_cast<size_t>(tensor.int64_data_size()),
       static_cast<size_t>(tensor.double_data_size())});
  if (static_cast<int64_t>(stored) != count)
    return emitError(loc) << "initializer '" << tensor.name() << "' has "
                          << count << " elements by its shape but stores "
                          << stored;
  return success();
}

FailureOr<ElementsAttr>
mlir::npu::onnx_import::importTensor(onnx::TensorProto &tensor, Location loc,
                                     const OnnxImportOptions &options,
                                     StringRef externalDirectory) {
  // Type, shape and stored size are checked by checkTensorProto (once for
  // initializers, here again for Constant nodes' tensors: it is cheap).
  if (failed(checkTensorProto(tensor, loc)))
    return failure();
  if (isEmptyTensorProto(tensor))
    return emitError(loc) << "initializer '" << tensor.name()
                          << "' is empty (a zero dimension); empty tensors "
                             "are not supported";
  Type elementType = convertElementType(loc.getContext(), tensor.data_type());
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  auto type = RankedTensorType::get(shape, elementType);
  int64_t count = type.getNumElements();
  int64_t width = elementBytes(elementType);
  int64_t expectedBytes = count * width;
  // Booleans are one byte per element in ONNX and in the blob we build; MLIR
  // dense i1 data is bit-packed, so booleans always go through dense.
  bool asResource = expectedBytes > options.resourceThresholdBytes &&
                    !elementType.isInteger(1);

  // 1. External data: map the file slice; large tensors keep the mapping.
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        readExternal(tensor, loc, externalDirectory, expectedBytes);
    if (failed(buffer))
      return failure();
    StringRef data = (*buffer)->getBuffer();
    size_t alignment = llvm::PowerOf2Ceil(width);
    if (asResource &&
        reinterpret_cast<uintptr_t>(data.data()) % alignment == 0)
      return makeResource(type, tensor.name(),
                          blobOwning(ArrayRef<char>(data.data(), data.size()),
                                     alignment, std::move(*buffer)));
    if (asResource)
      return makeResource(type, tensor.name(),
                          HeapAsmResourceBlob::allocateAndCopyWithAlign(
                              ArrayRef<char>(data.data(), data.size()),
                              alignment));
    bool isSplat = false;
    if (!DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(data.data(), data.size()), isSplat))
      return emitError(loc) << "initializer '" << tensor.name()
                            << "' has malformed external data";
    return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(data.data(), data.size())));
  }

  // 2. raw_data: large tensors take over the protobuf's string, no copy.
  if (tensor.has_raw_data()) {
    if (failed(checkByteCount(loc, tensor.name(), tensor.raw_data().size(),
                              expectedBytes, "its raw_data")))
      return failure();
    if (elementType.isInteger(1)) {
      SmallVector<bool> values;
      for (char c : tensor.raw_data())
        values.push_back(c != 0);
      return cast<ElementsAttr>(DenseElementsAttr::get(type, values));
    }
    if (asResource) {
      std::unique_ptr<std::string> owned(tensor.release_raw_data());
      ArrayRef<char> bytes(owned->data(), owned->size());
      return makeResource(type, tensor.name(),
                          blobOwning(bytes, llvm::PowerOf2Ceil(width),
                                     std::move(owned)));
    }
    return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(tensor.raw_data().data(), tensor.raw_data().size())));
  }

  // 3. Typed fields (small tensors, usually).
  FailureOr<std::vector<char>> bytes =
      typedFieldBytes(tensor, elementType, count, loc);
  if (failed(bytes))
    return failure();
  if (elementType.isInteger(1)) {
    SmallVector<bool> values;
    for (char c : *bytes)
      values.push_back(c != 0);
    return cast<ElementsAttr>(DenseElementsAttr::get(type, values));
  }
  if (asResource)
    return makeResource(type, tensor.name(),
                        HeapAsmResourceBlob::allocateAndCopyWithAlign(
                            ArrayRef<char>(bytes->data(), bytes->size()),
                            llvm::PowerOf2Ceil(width)));
  return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(bytes->data(), bytes->size())));
}
