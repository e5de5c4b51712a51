//===- Npy.cpp - NumPy .npy reader and writer -----------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//   "\x93NUMPY", major, minor, header length (2 bytes in 1.0, 4 in 2.0/3.0),
//   a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}
//   padded with spaces and a newline, then the data.
//
//===----------------------------------------------------------------------===//

#include "npu/Support/Npy.h"
#include "npu/Support/FileRead.h"
#include "npu/Support/AtomicFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::npu;
using llvm::StringRef;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
/// Arrays above this many bytes are refused (a corrupt header, in practice).
constexpr int64_t kMaxBytes = int64_t{1} << 40;

struct DTypeName {
  NpyDType dtype;
  const char *descr;
  const char *name;
  size_t size;
};

const DTypeName kTypes[] = {
    {NpyDType::Float32, "<f4", "float32", 4}, {NpyDType::Float16, "<f2", "float16", 2},
    {NpyDType::Float64, "<f8", "float64", 8}, {NpyDType::Int8, "|i1", "int8", 1},
    {NpyDType::UInt8, "|u1", "uint8", 1},     {NpyDType::Int32, "<i4", "int32", 4},
    {NpyDType::Int64, "<i8", "int64", 8},     {NpyDType::Bool, "|b1", "bool", 1},
};

const DTypeName &info(NpyDType dtype) {
  for (const DTypeName &t : kTypes)
    if (t.dtype == dtype)
      return t;
  llvm_unreachable("unknown dtype");
}

llvm::Error error(StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (name + ": " + message).str());
}

/// The value of `'key': <value>` in the header dict, as text.
std::optional<StringRef> headerField(StringRef header, StringRef key) {
  std::string quoted = "'" + key.str() + "'";
  size_t at = header.find(quoted);
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  if (rest.starts_with("(")) {
    size_t close = rest.find(')');
    return close == StringRef::npos ? std::nullopt
                                    : std::optional(rest.take_front(close + 1));
  }
  size_t end = rest.find_first_of(",}");
  return rest.take_front(end).rtrim();
}

} // namespace

size_t mlir::npu::npyItemSize(NpyDType dtype) { return info(dtype).size; }
StringRef mlir::npu::npyTypeName(NpyDType dtype) { return info(dtype).name; }

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string mlir::npu::formatShape(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

llvm::Expected<NpyArray> mlir::npu::parseNpy(StringRef bytes, StringRef name) {
  if (bytes.size() < 10 || !bytes.starts_with(StringRef(kMagic, 6)))
    return error(name, "is not a .npy file (no \\x93NUMPY magic)");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<uint8_t>(bytes[8]) |
                   (static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return error(name, "is truncated inside its header");
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= static_cast<size_t>(static_cast<uint8_t>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return error(name, "has unsupported .npy format version " + llvm::Twine(major));
  }
  if (headerStart + headerLength > bytes.size())
    return error(name, "is truncated inside its header");
  StringRef header = bytes.substr(headerStart, headerLength);

  std::optional<StringRef> descr = headerField(header, "descr");
  std::optional<StringRef> order = headerField(header, "fortran_order");
  std::optional<StringRef> shapeText = headerField(header, "shape");
  if (!descr || !order || !shapeText)
    return error(name, "has a malformed .npy header (needs descr, "
                       "fortran_order and shape)");
  NpyArray array;
  StringRef d = descr->trim("'\"");
  // '=' (native) and '<' mean little-endian here; single bytes use '|'.
  bool found = false;
  for (const DTypeName &t : kTypes) {
    StringRef want = t.descr;
    if (d == want || (want[0] != '|' && d.size() == 3 && d[0] == '=' &&
                      d.drop_front() == want.drop_front()) ||
        (want[0] == '|' && d.size() == 3 && d.drop_front() == want.drop_front())) {
      array.dtype = t.dtype;
      found = true;
      break;
    }
  }
  if (!found)
    return error(name, "has dtype '" + d +
                           "'; supported: float32, float16, float64, int8, "
                           "uint8, int32, int64, bool (little-endian)");
  if (*order != "False")
    return error(name, "is stored in Fortran order; save it C-contiguous "
                       "(numpy.ascontiguousarray)");
  StringRef dims = shapeText->trim("()");
  llvm::SmallVector<StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  int64_t count = 1;
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return error(name, "has an invalid dimension '" + part + "' in its shape");
    array.shape.push_back(dim);
    if (dim != 0 && count > kMaxBytes / dim)
      return error(name, "has an absurd shape " + *shapeText);
    count *= dim;
  }
  size_t itemSize = npyItemSize(array.dtype);
  if (count > kMaxBytes / static_cast<int64_t>(itemSize))
    return error(name, "has an absurd shape " + *shapeText);
  size_t dataStart = headerStart + headerLength;
  size_t expected = static_cast<size_t>(count) * itemSize;
  if (bytes.size() - dataStart != expected)
    return error(name, "holds " + llvm::Twine(bytes.size() - dataStart) +
                           " data bytes but its header (" + npyTypeName(array.dtype) +
                           ", shape " + formatShape(array.shape) + ") needs " +
                           llvm::Twine(expected));
  array.data.assign(bytes.begin() + dataStart, bytes.end());
  return array;
}

llvm::Expected<NpyArray> mlir::npu::readNpy(StringRef path) {
  auto buffer = readRegularFile(path, kMaxNpyFileBytes, ".npy file");
  if (!buffer)
    return buffer.takeError();
  return parseNpy((*buffer)->getBuffer(), path);
}

std::string mlir::npu::serializeNpy(const NpyArray &array) {
  std::string header = "{'descr': '" + std::string(info(array.dtype).descr) +
                       "', 'fortran_order': False, 'shape': (";
  for (auto [i, d] : llvm::enumerate(array.shape))
    header += (i ? ", " : "") + std::to_string(d);
  header += array.shape.size() == 1 ? ",), }" : "), }"; // (3,) is a tuple
  // Pad so that the data starts on a 64-byte boundary, ending in '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>((header.size() >> 8) & 0xff);
  out += header;
  out.append(reinterpret_cast<const char *>(array.data.data()), array.data.size());
  return out;
}

llvm::Error mlir::npu::writeNpy(StringRef path, const NpyArray &array) {
  return writeFileAtomically(path, serializeNpy(array));
}
