//===- Simulator.cpp - validate, then run the command queues --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Two phases. plan() first validates every command against the target and
// the artifact's memory map: opcode, engine, kinds, element types, sizes, and
// that every operand lies inside SRAM or inside one DRAM region (writes never
// into constants). It then schedules the queues in simulated-time order
// (waits block until a matching signal; a state where every unfinished queue
// is blocked is a deadlock), checks each command's accesses for races, and
// records the order and the cycles. execute() runs the recorded order
// functionally, once per inference. Because all addresses are static and
// checked up front, the functional code below indexes memory without further
// checks and a faulty program never writes outside the simulated memories.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Simulator.h"
#include "RaceDetector.h"
#include "npu/Isa/Numerics.h"
#include "npu/Runtime/Kernels.h"
#include "npu/Isa/Timing.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>

using namespace mlir::npu::runtime;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using mlir::npu::TargetDescription;

char SimulatorFault::ID = 0;

StringRef mlir::npu::runtime::getFaultKindName(FaultKind kind) {
  switch (kind) {
  case FaultKind::UnknownOpcode:
    return "unknown opcode";
  case FaultKind::InvalidCommand:
    return "invalid command";
  case FaultKind::WrongEngine:
    return "wrong engine";
  case FaultKind::DmaOutOfRange:
    return "DMA out of range";
  case FaultKind::SramOverflow:
    return "SRAM overflow";
  case FaultKind::Misaligned:
    return "misaligned operand";
  case FaultKind::Deadlock:
    return "deadlock";
  case FaultKind::Race:
    return "race";
  }
  return "fault";
}

void SimulatorFault::log(llvm::raw_ostream &os) const {
  os << "fault: " << getFaultKindName(kind) << ": " << queue;
  if (command >= 0)
    os << " command " << command;
  os << " (" << mnemonic;
  if (!node.empty())
    os << ", node '" << node << "'";
  os << "): " << message;
}

std::error_code SimulatorFault::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

namespace {

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

struct Problem {
  FaultKind kind;
  std::string message;
};

/// The semaphore a signal or wait names.
uint64_t getSemaphore(const Command &c) {
  return c.opcode() == Opcode::Wait ? c.get(isa::wait::semaphore)
                                    : c.get(isa::signal::semaphore);
}

std::string formatRange(uint64_t address, uint64_t bytes) {
  return llvm::formatv("[{0:x}, +{1})", address, bytes).str();
}

/// The product of `factors`, or nullopt if it overflows 64 bits. Fields are
/// 32-bit, so products of three or more can.
std::optional<uint64_t> product(std::initializer_list<uint64_t> factors) {
  uint64_t result = 1;
  for (uint64_t factor : factors)
    if (__builtin_mul_overflow(result, factor, &result))
      return std::nullopt;
  return result;
}

/// Bytes of B[k][n] packed in panels of `panel` columns (Kernels.h).
std::optional<uint64_t> packedBytes(DType type, uint64_t k, uint64_t n,
                                    uint64_t panel) {
  uint64_t panels = (n + panel - 1) / panel;
  return type == DType::I8 ? product({panels, (k + 3) / 4 * 4, panel})
                           : product({panels, k, panel, 2});
}

Problem tooLarge(StringRef what) {
  return Problem{FaultKind::SramOverflow,
                 (what + " is larger than any SRAM (its size overflows)").str()};
}

class CommandValidator {
public:
  CommandValidator(const TargetDescription &target, const Artifact &artifact)
      : target(target), artifact(artifact) {
    for (const MemoryRegion &region : artifact.regions)
      sortedRegions.push_back(&region);
    // verifyArtifact proved them disjoint: ordered by offset, a lookup is a
    // binary search.
    llvm::sort(sortedRegions, [](const MemoryRegion *a, const MemoryRegion *b) {
      return a->offset < b->offset;
    });
  }

  std::optional<Problem> check(const Command &c, EngineKind engine);

private:
  std::optional<Problem> invalid(const llvm::Twine &message) {
    return Problem{FaultKind::InvalidCommand, message.str()};
  }

  /// An SRAM operand of `bytes` at `address`, aligned to `align`.
  std::optional<Problem> sram(uint64_t address, uint64_t bytes, unsigned align,
                              StringRef what) {
    if (align > 1 && address % align != 0)
      return Problem{FaultKind::Misaligned,
                     llvm::formatv("{0} at {1:x} is not aligned to {2} bytes",
                                   what, address, align)
                         .str()};
    uint64_t end;
    if (__builtin_add_overflow(address, bytes, &end) ||
        end > static_cast<uint64_t>(target.sram.bytes))
      return Problem{FaultKind::SramOverflow,
                     llvm::formatv("{0} {1} overflows the {2}-byte SRAM", what,
                                   formatRange(address, bytes), target.sram.bytes)
                         .str()};
    return std::nullopt;
  }

  /// The region holding [address, address + extent), if one does.
  const MemoryRegion *findRegion(uint64_t address, uint64_t extent) const {
    auto it = llvm::upper_bound(sortedRegions, address,
                                [](uint64_t a, const MemoryRegion *r) {
                                  return a < r->offset;
                                });
    if (it == sortedRegions.begin())
      return nullptr;
    const MemoryRegion *region = *std::prev(it);
    uint64_t offset = address - region->offset;
    if (offset > region->size || extent > region->size - offset)
      return nullptr;
    return region;
  }

  /// A DRAM access of `extent` bytes from `address`: inside one region, and
  /// not a write to constants.
  std::optional<Problem> dram(uint64_t address, uint64_t extent, bool write,
                              StringRef what) {
    if (const MemoryRegion *region = findRegion(address, extent)) {
      if (write && region->kind == RegionKind::Constant)
        return Problem{FaultKind::DmaOutOfRange,
                       llvm::formatv("{0} {1} writes constant region '{2}'", what,
                                     formatRange(address, extent), region->name)
                           .str()};
      return std::nullopt;
    }
    // Name a few regions: enough to see the mistake, bounded for huge maps.
    std::string regions;
    for (const MemoryRegion *region : llvm::ArrayRef(sortedRegions).take_front(8))
      regions += llvm::formatv(" '{0}' {1}", region->name,
                               formatRange(region->offset, region->size));
    if (sortedRegions.size() > 8)
      regions += llvm::formatv(" and {0} more", sortedRegions.size() - 8);
    return Problem{FaultKind::DmaOutOfRange,
                   llvm::formatv("{0} {1} is outside every allocated DRAM "
                                 "region (regions:{2})",
                                 what, formatRange(address, extent),
                                 regions.empty() ? " none" : regions)
                       .str()};
  }

  /// Work beyond any tile a compiler emits: operands in SRAM bound a matrix
  /// tile to about 2^34.5 MACs on a 32 MiB part (A, B and C each fitting),
  /// and pooling windows are small. Refusing more keeps a crafted command
  /// from occupying the simulator for hours (2^36 MACs take about a second).
  static constexpr uint64_t kMaxCommandWork = uint64_t{1} << 36;
  std::optional<Problem> checkWork(std::optional<uint64_t> work, StringRef what) {
    if (!work || *work > kMaxCommandWork)
      return invalid(llvm::formatv("{0} exceeds the simulator's limit of 2^36 "
                                   "per command; split it into tiles",
                                   what));
    return std::nullopt;
  }

  /// Outputs must not overlap inputs: the kernels read and write in
  /// different orders on different hosts, and the results must not depend
  /// on which.
  std::optional<Problem> checkDisjoint(const Command &c, StringRef output,
                                       uint64_t outputBytes, StringRef input,
                                       uint64_t inputBytes) {
    uint64_t o = c.get(output), i = c.get(input);
    if (o < i + inputBytes && i < o + outputBytes)
      return invalid(llvm::formatv("'{0}' {1} overlaps '{2}' {3}", output,
                                   formatRange(o, outputBytes), input,
                                   formatRange(i, inputBytes)));
    return std::nullopt;
  }

  /// An SRAM operand: `bytes` is nullopt when its size overflowed.
  struct Operand {
    StringRef field;
    std::optional<uint64_t> bytes;
    unsigned align;
    StringRef what;
  };
  std::optional<Problem> checkOperands(const Command &c,
                                       std::initializer_list<Operand> operands) {
    for (const Operand &operand : operands) {
      if (!operand.bytes)
        return tooLarge(operand.what);
      if (auto p = sram(c.get(operand.field), *operand.bytes, operand.align,
                        operand.what))
        return p;
    }
    return std::nullopt;
  }

  /// The tail a matrix command shares: its work, an output disjoint from
  /// its inputs, and the optional bias of `biasBytes` (also disjoint).
  std::optional<Problem>
  checkMatrixOutput(const Command &c, std::optional<uint64_t> work,
                    StringRef workName, StringRef output, uint64_t outputBytes,
                    std::initializer_list<std::pair<StringRef, uint64_t>> inputs,
                    uint64_t biasBytes) {
    if (auto p = checkWork(work, workName))
      return p;
    for (const auto &[input, bytes] : inputs)
      if (auto p = checkDisjoint(c, output, outputBytes, input, bytes))
        return p;
    if (!c.get("bias"))
      return std::nullopt;
    if (auto p = checkOperands(c, {{"bias_addr", biasBytes, 4, "bias"}}))
      return p;
    return checkDisjoint(c, output, outputBytes, "bias_addr", biasBytes);
  }

  std::optional<Problem> checkDma(const Command &c);
  std::optional<Problem> checkGather(const Command &c);
  std::optional<Problem> checkCopyEnds(const Command &c, StringRef what,
                                       std::optional<uint64_t> moved,
                                       uint64_t srcExtent, uint64_t dstExtent,
                                       StringRef sourceName);
  std::optional<Problem> checkMatMul(const Command &c);
  std::optional<Problem> checkConv2D(const Command &c);
  std::optional<Problem> checkVector(const Command &c);

  const TargetDescription &target;
  const Artifact &artifact;
  std::vector<const MemoryRegion *> sortedRegions;
};

/// Highest byte offset + 1 of a strided block: the last row's start plus a
/// row; false on overflow.
bool stridedExtent(uint64_t rowBytes, const uint64_t counts[3],
                   const uint64_t strides[3], uint64_t &extent) {
  uint64_t last = 0;
  for (int i = 0; i < 3; ++i) {
    uint64_t step;
    if (__builtin_mul_overflow(counts[i] - 1, strides[i], &step) ||
        __builtin_add_overflow(last, step, &last))
      return false;
  }
  return !__builtin_add_overflow(last, rowBytes, &extent);
}

std::optional<Problem> CommandValidator::checkDma(const Command &c) {
  uint64_t rowBytes = c.get("row_bytes");
  uint64_t counts[3] = {c.get("count0"), c.get("count1"), c.get("count2")};
  uint64_t src[3] = {c.get("src_stride0"), c.get("src_stride1"),
                     c.get("src_stride2")};
  uint64_t dst[3] = {c.get("dst_stride0"), c.get("dst_stride1"),
                     c.get("dst_stride2")};
  if (rowBytes == 0 || !counts[0] || !counts[1] || !counts[2])
    return invalid("a DMA moves at least one row of one byte (row_bytes and "
                   "counts must be positive)");
  int64_t dims = 1 + (counts[0] > 1) + (counts[1] > 1) + (counts[2] > 1);
  if (dims > target.dma.maxDims)
    return invalid(llvm::formatv("a {0}-dimensional DMA, but the target's DMA "
                                 "engines take {1}",
                                 dims, target.dma.maxDims));
  uint64_t srcExtent, dstExtent;
  if (!stridedExtent(rowBytes, counts, src, srcExtent) ||
      !stridedExtent(rowBytes, counts, dst, dstExtent))
    return Problem{FaultKind::DmaOutOfRange, "strides overflow 64-bit addresses"};
  bool srcDram = c.get("src_space") == uint64_t(MemorySpace::Dram);
  bool dstDram = c.get("dst_space") == uint64_t(MemorySpace::Dram);
  if (srcDram && dstDram)
    return invalid("DRAM-to-DRAM copies are not NPU commands");
  return checkCopyEnds(c, "DMA",
                       product({rowBytes, counts[0], counts[1], counts[2]}),
                       srcExtent, dstExtent, "source");
}

// Strides may overlap rows (a broadcast reads one row many times, a gather
// one table row for many indices), so the extents do not bound the work:
// the bytes moved must fit in the destination memory.
std::optional<Problem>
CommandValidator::checkCopyEnds(const Command &c, StringRef what,
                                std::optional<uint64_t> moved, uint64_t srcExtent,
                                uint64_t dstExtent, StringRef sourceName) {
  bool srcDram = c.get("src_space") == uint64_t(MemorySpace::Dram);
  bool dstDram = c.get("dst_space") == uint64_t(MemorySpace::Dram);
  uint64_t capacity = dstDram ? artifact.dramBytes : uint64_t(target.sram.bytes);
  if (!moved || *moved > capacity)
    return invalid(llvm::formatv("the {0} moves more bytes than its destination "
                                 "memory holds ({1})",
                                 what, capacity));
  if (auto p = srcDram ? dram(c.get("src"), srcExtent, false, sourceName)
                       : sram(c.get("src"), srcExtent, 1, sourceName))
    return p;
  return dstDram ? dram(c.get("dst"), dstExtent, true, "destination")
                 : sram(c.get("dst"), dstExtent, 1, "destination");
}

/// The static half of a gather's checks: every table row it could read and
/// every destination row lie in range. The indices themselves are data;
/// the executor faults on one outside the table.
std::optional<Problem> CommandValidator::checkGather(const Command &c) {
  uint64_t rowBytes = c.get("row_bytes"), count = c.get("count"),
           rows = c.get("table_rows");
  if (!rowBytes || !count || !rows)
    return invalid("row_bytes, count and table_rows must be positive");
  bool srcDram = c.get("src_space") == uint64_t(MemorySpace::Dram);
  bool dstDram = c.get("dst_space") == uint64_t(MemorySpace::Dram);
  if (srcDram && dstDram)
    return invalid("DRAM-to-DRAM copies are not NPU commands");
  unsigned indexBytes = getDTypeBytes(c.dtype());
  if (auto p = sram(c.get("indices"), count * indexBytes, indexBytes, "indices"))
    return p;
  uint64_t srcCounts[3] = {1, 1, rows}, srcStrides[3] = {0, 0, c.get("src_stride")};
  uint64_t dstCounts[3] = {1, 1, count}, dstStrides[3] = {0, 0, c.get("dst_stride")};
  uint64_t srcExtent, dstExtent;
  if (!stridedExtent(rowBytes, srcCounts, srcStrides, srcExtent) ||
      !stridedExtent(rowBytes, dstCounts, dstStrides, dstExtent))
    return Problem{FaultKind::DmaOutOfRange, "strides overflow 64-bit addresses"};
  return checkCopyEnds(c, "gather", product({rowBytes, count}), srcExtent,
                       dstExtent, "table");
}

std::optional<Problem> CommandValidator::checkMatMul(const Command &c) {
  uint64_t m = c.get("m"), k = c.get("k"), n = c.get("n");
  uint64_t lda = c.get("lda"), ldc = c.get("ldc");
  if (!m || !k || !n)
    return invalid("m, k and n must be positive");
  if (lda < k || ldc < n)
    return invalid(llvm::formatv("lda ({0}) must be at least k ({1}) and ldc "
                                 "({2}) at least n ({3})",
                                 lda, k, ldc, n));
  unsigned in = c.dtype() == DType::I8 ? 1 : 2;
  std::optional<uint64_t> aRows = product({m - 1, lda}), cRows = product({m - 1, ldc});
  std::optional<uint64_t> aBytes = aRows ? product({*aRows + k, in}) : std::nullopt;
  std::optional<uint64_t> cBytes = cRows ? product({*cRows + n, 4}) : std::nullopt;
  std::optional<uint64_t> bBytes = packedBytes(c.dtype(), k, n, target.matrix.cols);
  if (auto p = checkOperands(c, {{"a", aBytes, in, "A"},
                                 {"b", bBytes, in, "B (packed)"},
                                 {"c", cBytes, 4, "C"}}))
    return p;
  return checkMatrixOutput(c, product({m, k, n}), "m * k * n", "c", *cBytes,
                           {{"a", *aBytes}, {"b", *bBytes}}, n * 4);
}

std::optional<Problem> CommandValidator::checkConv2D(const Command &c) {
  uint64_t batch = c.get("batch"), h = c.get("height"), w = c.get("width");
  uint64_t cin = c.get("in_channels"), cout = c.get("out_channels");
  uint64_t groups = c.get("groups");
  if (!batch || !h || !w || !cin || !cout || !groups)
    return invalid("batch, height, width, channels and groups must be positive");
  if (cin % groups || cout % groups)
    return invalid(llvm::formatv("in_channels ({0}) and out_channels ({1}) must "
                                 "be multiples of groups ({2})",
                                 cin, cout, groups));
  if (!c.get("kernel_h") || !c.get("kernel_w") || !c.get("stride_h") ||
      !c.get("stride_w") || !c.get("dilation_h") || !c.get("dilation_w"))
    return invalid("kernel, stride and dilation must be positive");
  auto [oh, ow] = getWindowOutputShape(c);
  if (oh <= 0 || ow <= 0)
    return invalid("the kernel does not fit the padded input");
  unsigned in = c.dtype() == DType::I8 ? 1 : 2;
  uint64_t kg = c.get("kernel_h") * c.get("kernel_w") * (cin / groups);
  std::optional<uint64_t> groupBytes =
      packedBytes(c.dtype(), kg, cout / groups, target.matrix.cols);
  std::optional<uint64_t> filterBytes =
      groupBytes ? product({groups, *groupBytes}) : std::nullopt;
  std::optional<uint64_t> inBytes = product({batch, h, w, cin, in});
  std::optional<uint64_t> outBytes =
      product({batch, uint64_t(oh), uint64_t(ow), cout, 4});
  if (auto p = checkOperands(c, {{"input", inBytes, in, "input"},
                                 {"filter", filterBytes, in, "filter (packed)"},
                                 {"output", outBytes, 4, "output"}}))
    return p;
  return checkMatrixOutput(c, product({batch, uint64_t(oh), uint64_t(ow), cout, kg}),
                           "the convolution's MACs", "output", *outBytes,
                           {{"input", *inBytes}, {"filter", *filterBytes}}, cout * 4);
}

std::optional<Problem> CommandValidator::checkVector(const Command &c) {
  DType type = c.dtype();
  unsigned size = getDTypeBytes(type);
  switch (c.opcode()) {
  case Opcode::Requant: {
    uint64_t count = c.get("count"), channels = c.get("channels");
    if (!count || !channels)
      return invalid("count and channels must be positive");
    int64_t lo = c.getSigned("clamp_min"), hi = c.getSigned("clamp_max");
    if (lo > hi || lo < -128 || hi > 127)
      return invalid(llvm::formatv("clamp [{0}, {1}] is not a sub-range of int8",
                                   lo, hi));
    if (auto p = sram(c.get("input"), count * 4, 4, "input"))
      return p;
    if (auto p = sram(c.get("output"), count, 1, "output"))
      return p;
    if (auto p = sram(c.get("table"), channels * 8, 4, "multiplier table"))
      return p;
    // In place is safe (each output byte lands on input already read);
    // any other overlap is not.
    if (c.get("output") != c.get("input"))
      if (auto p = checkDisjoint(c, "output", count, "input", count * 4))
        return p;
    return checkDisjoint(c, "output", count, "table", channels * 8);
  }
  case Opcode::Eltwise: {
    auto out = static_cast<DType>(c.get("out_dtype"));
    uint64_t count = c.get("count"), period = c.get("rhs_period");
    if (!count || !period || period > count)
      return invalid("count must be positive and rhs_period in [1, count]");
    bool intIn = type == DType::I32, intOut = out == DType::I32;
    if (intIn != intOut || (out != DType::F16 && out != DType::F32 && !intOut))
      return invalid("eltwise maps i32 to i32 and f16/f32 to f16/f32");
    if (auto p = sram(c.get("lhs"), count * size, size, "lhs"))
      return p;
    if (auto p = sram(c.get("rhs"), period * size, size, "rhs"))
      return p;
    return sram(c.get("output"), count * getDTypeBytes(out), getDTypeBytes(out),
                "output");
  }
  case Opcode::Activation: {
    auto out = static_cast<DType>(c.get("out_dtype"));
    auto kind = static_cast<ActivationKind>(c.kind());
    bool floatIn = type == DType::F16 || type == DType::F32;
    bool floatOut = out == DType::F16 || out == DType::F32;
    if (kind == ActivationKind::Quantize) {
      if (!floatIn || out != DType::I8)
        return invalid("quantize maps f16/f32 to i8");
    } else if (kind == ActivationKind::Dequantize) {
      if (type != DType::I8 || !floatOut)
        return invalid("dequantize maps i8 to f16/f32");
    } else if (!floatIn || !floatOut) {
      return invalid("activations map f16/f32 to f16/f32 (int8 goes through "
                     "requant, quantize or dequantize)");
    }
    if (kind == ActivationKind::Quantize || kind == ActivationKind::Dequantize) {
      float scale = c.getFloat("alpha"), zeroPoint = c.getFloat("beta");
      if (!(scale > 0) || !std::isfinite(scale))
        return invalid("the (de)quantization scale (alpha) must be positive");
      if (!(zeroPoint >= -128 && zeroPoint <= 127) ||
          zeroPoint != std::nearbyint(zeroPoint))
        return invalid("the zero point (beta) must be an integer in [-128, 127]");
    }
    uint64_t count = c.get("count");
    if (!count)
      return invalid("count must be positive");
    if (auto p = sram(c.get("input"), count * size, size, "input"))
      return p;
    return sram(c.get("output"), count * getDTypeBytes(out), getDTypeBytes(out),
                "output");
  }
  case Opcode::Pool: {
    uint64_t batch = c.get("batch"), h = c.get("height"), w = c.get("width");
    uint64_t channels = c.get("channels");
    if (!batch || !h || !w || !channels)
      return invalid("batch, height, width and channels must be positive");
    if (!c.get("kernel_h") || !c.get("kernel_w") || !c.get("stride_h") ||
        !c.get("stride_w"))
      return invalid("kernel and stride must be positive");
    if (c.get("pad_top") >= c.get("kernel_h") || c.get("pad_bottom") >= c.get("kernel_h") ||
        c.get("pad_left") >= c.get("kernel_w") || c.get("pad_right") >= c.get("kernel_w"))
      return invalid("padding must be smaller than the window (else a window "
                     "could hold only padding)");
    auto [oh, ow] = getWindowOutputShape(c);
    if (oh <= 0 || ow <= 0)
      return invalid("the window does not fit the padded input");
    if (auto p = checkOperands(
            c, {{"input", product({batch, h, w, channels, size}), size, "input"},
                {"output", product({batch, uint64_t(oh), uint64_t(ow), channels, size}),
                 size, "output"}}))
      return p;
    return checkWork(product({batch, uint64_t(oh), uint64_t(ow), channels,
                              c.get("kernel_h"), c.get("kernel_w")}),
                     "outputs * window");
  }
  case Opcode::Softmax:
  case Opcode::Norm: {
    uint64_t rows = c.get("rows"), cols = c.get("cols");
    if (!rows || !cols)
      return invalid("rows and cols must be positive");
    std::optional<uint64_t> bytes = product({rows, cols, size});
    if (auto p = checkOperands(c, {{"input", bytes, size, "input"},
                                   {"output", bytes, size, "output"}}))
      return p;
    if (c.opcode() == Opcode::Softmax)
      return std::nullopt;
    if (!(c.getFloat("epsilon") >= 0))
      return invalid("epsilon must be non-negative");
    if (auto p = checkOperands(c, {{"scale", cols * size, size, "scale"}}))
      return p;
    if (c.get("bias"))
      return checkOperands(c, {{"bias_addr", cols * size, size, "bias"}});
    return std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

std::optional<Problem> CommandValidator::check(const Command &c,
                                               EngineKind engine) {
  const OpcodeInfo *info = getOpcodeInfo(c.opcodeByte());
  if (!info)
    return Problem{FaultKind::UnknownOpcode, checkEncoding(c)};
  bool allowed = (engine == EngineKind::Dma && info->runsOnDma) ||
                 (engine == EngineKind::Matrix && info->runsOnMatrix) ||
                 (engine == EngineKind::Vector && info->runsOnVector);
  if (!allowed)
    return Problem{FaultKind::WrongEngine,
                   ("'" + info->mnemonic + "' does not run on the " +
                    getEngineKindName(engine) + " engine")
                       .str()};
  std::string encoding = checkEncoding(c);
  if (!encoding.empty())
    return invalid(encoding);
  switch (c.opcode()) {
  case Opcode::Dma:
    return checkDma(c);
  case Opcode::Gather:
    return checkGather(c);
  case Opcode::MatMul:
    return checkMatMul(c);
  case Opcode::Conv2D:
    return checkConv2D(c);
  case Opcode::Signal:
  case Opcode::Wait:
    if (getSemaphore(c) >= static_cast<uint64_t>(target.semaphores))
      return invalid(llvm::formatv("semaphore {0} of {1}", getSemaphore(c),
                                   target.semaphores));
    return std::nullopt;
  default:
    return checkVector(c);
  }
}

Error makeFault(const Artifact &artifact, const CommandQueue &queue,
                int64_t index, FaultKind kind, std::string message) {
  std::string mnemonic = "-";
  std::string node;
  if (index >= 0 && static_cast<size_t>(index) < queue.commands.size()) {
    const Command &command = queue.commands[index];
    if (const OpcodeInfo *info = getOpcodeInfo(command.opcodeByte()))
      mnemonic = info->mnemonic.str();
    else
      mnemonic = llvm::formatv("opcode {0:x2}", unsigned(command.opcodeByte())).str();
    node = artifact.getNodeName(queue, index).str();
  }
  return llvm::make_error<SimulatorFault>(kind, queue.getName(), index, mnemonic,
                                          node, std::move(message));
}

//===----------------------------------------------------------------------===//
// Functional execution
//===----------------------------------------------------------------------===//

/// x[i] = x[i] <kind> b[i]: the vector engine's element-wise core, also the
/// float pools' accumulation. One loop per kind so that each vectorises, and
/// built for AVX2 and for the baseline with the best chosen at load
/// (target_clones). Every operation is one correctly rounded IEEE operation
/// per element, so both builds give the same bits.
__attribute__((target_clones("avx2", "default"))) void
applyBinary(EltwiseKind kind, float *x, const float *b, uint64_t n) {
  switch (kind) {
  case EltwiseKind::Add:
    for (uint64_t i = 0; i < n; ++i)
      x[i] += b[i];
    return;
  case EltwiseKind::Sub:
    for (uint64_t i = 0; i < n; ++i)
      x[i] -= b[i];
    return;
  case EltwiseKind::Mul:
    for (uint64_t i = 0; i < n; ++i)
      x[i] *= b[i];
    return;
  case EltwiseKind::Div:
    for (uint64_t i = 0; i < n; ++i)
      x[i] /= b[i];
    return;
  case EltwiseKind::Max:
    for (uint64_t i = 0; i < n; ++i)
      x[i] = std::fmax(x[i], b[i]);
    return;
  case EltwiseKind::Min:
    for (uint64_t i = 0; i < n; ++i)
      x[i] = std::fmin(x[i], b[i]);
    return;
  }
}

class Executor {
public:
  Executor(const TargetDescription &target, uint8_t *dram, uint8_t *sram)
      : target(target), dram(dram), sram(sram) {}

  /// Runs `c`; a problem only the data shows (a gather index outside its
  /// table) is returned before anything is written.
  std::optional<Problem> execute(const Command &c);

private:
  template <typename T> T *at(uint64_t address) {
    return reinterpret_cast<T *>(sram + address);
  }
  uint8_t *memory(uint64_t space) {
    return space == uint64_t(MemorySpace::Dram) ? dram : sram;
  }

  /// Reads `count` elements of `type` at SRAM `address` as floats.
  void loadFloats(DType type, uint64_t address, uint64_t count,
                  std::vector<float> &out) {
    out.resize(count);
    if (type == DType::F32)
      std::memcpy(out.data(), sram + address, count * 4);
    else // f16, the one other type of a float operand
      mlir::npu::kernels::convertF16ToF32(at<uint16_t>(address), count, out.data());
  }
  void storeFloats(DType type, uint64_t address, const std::vector<float> &in) {
    if (type == DType::F32)
      std::memcpy(sram + address, in.data(), in.size() * 4);
    else
      mlir::npu::kernels::convertF32ToF16(in.data(), in.size(), at<uint16_t>(address));
  }

  /// C (+)= A x packed B (+ bias) on the host kernels, i8 or f16.
  void gemm(DType type, const uint8_t *a, int64_t lda, const uint8_t *b,
            const uint8_t *bias, uint8_t *c, int64_t ldc, int64_t m, int64_t k,
            int64_t n, bool accumulate);
  void dma(const Command &c);
  std::optional<Problem> gather(const Command &c);
  void matmul(const Command &c);
  void conv2d(const Command &c);
  /// conv2d with one input and one output channel per group.
  void depthwise(const Command &c,
                 const mlir::npu::kernels::DepthwiseShape &shape,
                 int64_t filterStride);
  void requant(const Command &c);
  void eltwise(const Command &c);
  void activation(const Command &c);
  void pool(const Command &c);
  void softmax(const Command &c);
  void norm(const Command &c);

  const TargetDescription &target;
  uint8_t *dram;
  uint8_t *sram;
  std::vector<float> bufA, bufB;
  std::vector<uint64_t> rowIndices;
  std::vector<uint8_t> im2col;
  std::vector<uint8_t> filterTaps;
};

void Executor::dma(const Command &c) {
  uint8_t *src = memory(c.get(isa::dma::src_space)) + c.get(isa::dma::src);
  uint8_t *dst = memory(c.get(isa::dma::dst_space)) + c.get(isa::dma::dst);
  uint64_t row = c.get(isa::dma::row_bytes);
  uint64_t count[3] = {c.get(isa::dma::count0), c.get(isa::dma::count1), c.get(isa::dma::count2)};
  uint64_t srcStride[3] = {c.get(isa::dma::src_stride0), c.get(isa::dma::src_stride1),
                           c.get(isa::dma::src_stride2)};
  uint64_t dstStride[3] = {c.get(isa::dma::dst_stride0), c.get(isa::dma::dst_stride1),
                           c.get(isa::dma::dst_stride2)};
  if (!row || !count[0] || !count[1] || !count[2])
    return;
  auto extent = [&](const uint64_t *stride) {
    uint64_t bytes = row;
    for (int d = 0; d < 3; ++d)
      bytes += (count[d] - 1) * stride[d]; // validated: no overflow
    return bytes;
  };
  // Rows that follow each other in both memories are one longer row. Not
  // for a copy that overlaps itself: its rows are copied in order, and
  // merging them would change what the later rows read.
  bool overlaps = c.get(isa::dma::src_space) == c.get(isa::dma::dst_space) &&
                  src < dst + extent(dstStride) && dst < src + extent(srcStride);
  for (int d = 2; d >= 0 && !overlaps; --d) {
    if (count[d] == 1)
      continue;
    if (srcStride[d] != row || dstStride[d] != row)
      break;
    row *= count[d];
    count[d] = 1;
  }
  for (uint64_t i = 0; i < count[0]; ++i)
    for (uint64_t j = 0; j < count[1]; ++j) {
      uint8_t *to = dst + i * dstStride[0] + j * dstStride[1];
      const uint8_t *from = src + i * srcStride[0] + j * srcStride[1];
      for (uint64_t k = 0; k < count[2]; ++k)
        // memmove: an SRAM-to-SRAM copy may overlap itself.
        std::memmove(to + k * dstStride[2], from + k * srcStride[2], row);
    }
}

std::optional<Problem> Executor::gather(const Command &c) {
  const uint64_t count = c.get(isa::gather::count), rows = c.get(isa::gather::table_rows);
  // Resolve every index first: a bad one faults with nothing written.
  std::vector<uint64_t> &resolved = rowIndices;
  resolved.resize(count);
  for (uint64_t r = 0; r < count; ++r) {
    int64_t index = c.dtype() == DType::I64
                        ? at<int64_t>(c.get(isa::gather::indices))[r]
                        : int64_t(at<int32_t>(c.get(isa::gather::indices))[r]);
    if (index < -int64_t(rows) || index >= int64_t(rows))
      return Problem{FaultKind::DmaOutOfRange,
                     llvm::formatv("index {0} (destination row {1}) is outside "
                                   "the {2}-row table",
                                   index, r, rows)
                         .str()};
    resolved[r] = uint64_t(index < 0 ? index + int64_t(rows) : index);
  }
  const uint8_t *table = memory(c.get(isa::gather::src_space)) + c.get(isa::gather::src);
  uint8_t *dst = memory(c.get(isa::gather::dst_space)) + c.get(isa::gather::dst);
  const uint64_t row = c.get(isa::gather::row_bytes), srcStride = c.get(isa::gather::src_stride),
                 dstStride = c.get(isa::gather::dst_stride);
  for (uint64_t r = 0; r < count; ++r)
    std::memmove(dst + r * dstStride, table + resolved[r] * srcStride, row);
  return std::nullopt;
}

void Executor::gemm(DType type, const uint8_t *a, int64_t lda, const uint8_t *b,
                    const uint8_t *bias, uint8_t *c, int64_t ldc, int64_t m,
                    int64_t k, int64_t n, bool accumulate) {
  if (type == DType::I8) {
    mlir::npu::kernels::GemmS8Args args;
    args.a = reinterpret_cast<const int8_t *>(a);
    args.packedB = reinterpret_cast<const int8_t *>(b);
    args.bias = reinterpret_cast<const int32_t *>(bias);
    args.c = reinterpret_cast<int32_t *>(c);
    args.lda = lda;
    args.panelCols = target.matrix.cols;
    args.ldc = ldc;
    args.m = m;
    args.k = k;
    args.n = n;
    args.accumulate = accumulate;
    mlir::npu::kernels::gemmS8(args);
    return;
  }
  mlir::npu::kernels::GemmF16Args args;
  args.a = reinterpret_cast<const uint16_t *>(a);
  args.packedB = reinterpret_cast<const uint16_t *>(b);
  args.bias = reinterpret_cast<const float *>(bias);
  args.c = reinterpret_cast<float *>(c);
  args.lda = lda;
  args.panelCols = target.matrix.cols;
  args.ldc = ldc;
  args.m = m;
  args.k = k;
  args.n = n;
  args.accumulate = accumulate;
  mlir::npu::kernels::gemmF16(args);
}

void Executor::matmul(const Command &c) {
  gemm(c.dtype(), sram + c.get(isa::matmul::a), c.get(isa::matmul::lda), sram + c.get(isa::matmul::b),
       c.get(isa::matmul::bias) ? sram + c.get(isa::matmul::bias_addr) : nullptr, sram + c.get(isa::matmul::c),
       c.get(isa::matmul::ldc), c.get(isa::matmul::m), c.get(isa::matmul::k), c.get(isa::matmul::n), c.get(isa::matmul::accumulate));
}

void Executor::conv2d(const Command &c) {
  const bool isInt8 = c.dtype() == DType::I8;
  const unsigned elem = isInt8 ? 1 : 2;
  const int64_t batch = c.get(isa::conv2d::batch), h = c.get(isa::conv2d::height), w = c.get(isa::conv2d::width);
  const int64_t cin = c.get(isa::conv2d::in_channels), cout = c.get(isa::conv2d::out_channels);
  const int64_t groups = c.get(isa::conv2d::groups);
  const int64_t kh = c.get(isa::conv2d::kernel_h), kw = c.get(isa::conv2d::kernel_w);
  const int64_t sh = c.get(isa::conv2d::stride_h), sw = c.get(isa::conv2d::stride_w);
  const int64_t dh = c.get(isa::conv2d::dilation_h), dw = c.get(isa::conv2d::dilation_w);
  const int64_t pt = c.get(isa::conv2d::pad_top), pl = c.get(isa::conv2d::pad_left);
  const auto [oh, ow] = getWindowOutputShape(c);
  const int64_t cg = cin / groups, og = cout / groups;
  const int64_t m = batch * oh * ow, k = kh * kw * cg;
  const int64_t panel = target.matrix.cols;
  const int64_t filterStride =
      isInt8 ? mlir::npu::kernels::getPackedS8Bytes(k, og, panel)
             : 2 * mlir::npu::kernels::getPackedF16Elements(k, og, panel);
  const uint8_t *input = sram + c.get(isa::conv2d::input);
  // The padding value: the input zero point for int8, +0.0 for fp16.
  const uint8_t pad = static_cast<uint8_t>(c.getSigned(isa::conv2d::pad_value));

  if (cg == 1 && og == 1 && groups > 1) {
    mlir::npu::kernels::DepthwiseShape shape;
    shape.batch = batch;
    shape.height = h;
    shape.width = w;
    shape.channels = groups;
    shape.kernelH = kh;
    shape.kernelW = kw;
    shape.strideH = sh;
    shape.strideW = sw;
    shape.dilationH = dh;
    shape.dilationW = dw;
    shape.padTop = pt;
    shape.padLeft = pl;
    shape.outHeight = oh;
    shape.outWidth = ow;
    depthwise(c, shape, filterStride);
    return;
  }

  // A 1x1, stride-1, unpadded, ungrouped convolution is a GEMM on the input
  // itself; anything else gathers im2col rows first, a block of rows at a
  // time so the host buffer stays small (about 4 MiB) whatever the tile.
  const bool direct = kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 &&
                      pl == 0 && oh == h && ow == w && groups == 1;
  const int64_t rowBytes = k * elem;
  const int64_t blockRows =
      direct ? m : std::max<int64_t>(1, (int64_t{4} << 20) / rowBytes);
  for (int64_t g = 0; g < groups; ++g) {
    const uint8_t *filter = sram + c.get(isa::conv2d::filter) + g * filterStride;
    const uint8_t *bias =
        c.get(isa::conv2d::bias) ? sram + c.get(isa::conv2d::bias_addr) + g * og * 4 : nullptr;
    for (int64_t first = 0; first < m; first += blockRows) {
      const int64_t rows = std::min(blockRows, m - first);
      const uint8_t *a = input;
      int64_t lda = cin;
      if (!direct) {
        im2col.resize(static_cast<size_t>(rows * rowBytes));
        uint8_t *row = im2col.data();
        for (int64_t r = first; r < first + rows; ++r) {
          const int64_t n = r / (oh * ow), y = (r / ow) % oh, x = r % ow;
          for (int64_t i = 0; i < kh; ++i) {
            const int64_t iy = y * sh - pt + i * dh;
            // Ungrouped and undilated, a window row inside the input is
            // kw * cin contiguous elements: one copy.
            const int64_t ix0 = x * sw - pl;
            if (groups == 1 && dw == 1 && iy >= 0 && iy < h && ix0 >= 0 &&
                ix0 + kw <= w) {
              std::memcpy(row, input + ((n * h + iy) * w + ix0) * cin * elem,
                          kw * cin * elem);
              row += kw * cin * elem;
              continue;
            }
            for (int64_t j = 0; j < kw; ++j, row += cg * elem) {
              const int64_t ix = x * sw - pl + j * dw;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                if (isInt8)
                  std::memset(row, pad, cg);
                else
                  std::memset(row, 0, cg * 2);
                continue;
              }
              std::memcpy(row,
                          input + (((n * h + iy) * w + ix) * cin + g * cg) * elem,
                          cg * elem);
            }
          }
        }
        a = im2col.data();
        lda = k;
      }
      uint8_t *out = sram + c.get(isa::conv2d::output) + (first * cout + g * og) * 4;
      gemm(c.dtype(), a, lda, filter, bias, out, cout, rows, k, og,
           c.get(isa::conv2d::accumulate));
    }
  }
}

void Executor::depthwise(const Command &c,
                         const mlir::npu::kernels::DepthwiseShape &shape,
                         int64_t filterStride) {
  // Each channel's filter is a packed one-column B[taps][1] (Kernels.h):
  // tap t of channel g is B[t][0], gathered here into [taps][channels].
  const int64_t taps = shape.kernelH * shape.kernelW, channels = shape.channels;
  const int64_t panel = target.matrix.cols;
  const uint8_t *packed = sram + c.get(isa::conv2d::filter);
  const uint8_t *bias = c.get(isa::conv2d::bias) ? sram + c.get(isa::conv2d::bias_addr) : nullptr;
  if (c.dtype() == DType::I8) {
    filterTaps.resize(taps * channels);
    for (int64_t g = 0; g < channels; ++g)
      for (int64_t t = 0; t < taps; ++t)
        filterTaps[t * channels + g] =
            packed[g * filterStride + (t / 4) * panel * 4 + t % 4];
    mlir::npu::kernels::DepthwiseS8Args args;
    args.shape = shape;
    args.input = at<int8_t>(c.get(isa::conv2d::input));
    args.filter = reinterpret_cast<const int8_t *>(filterTaps.data());
    args.bias = reinterpret_cast<const int32_t *>(bias);
    args.output = at<int32_t>(c.get(isa::conv2d::output));
    args.pad = static_cast<int8_t>(c.getSigned(isa::conv2d::pad_value));
    args.accumulate = c.get(isa::conv2d::accumulate);
    mlir::npu::kernels::depthwiseConvS8(args);
    return;
  }
  filterTaps.resize(taps * channels * 2);
  auto *filter = reinterpret_cast<uint16_t *>(filterTaps.data());
  for (int64_t g = 0; g < channels; ++g)
    for (int64_t t = 0; t < taps; ++t)
      std::memcpy(filter + t * channels + g, packed + g * filterStride + t * panel * 2, 2);
  mlir::npu::kernels::DepthwiseF16Args args;
  args.shape = shape;
  args.input = at<uint16_t>(c.get(isa::conv2d::input));
  args.filter = filter;
  args.bias = reinterpret_cast<const float *>(bias);
  args.output = at<float>(c.get(isa::conv2d::output));
  args.accumulate = c.get(isa::conv2d::accumulate);
  mlir::npu::kernels::depthwiseConvF16(args);
}

void Executor::requant(const Command &c) {
  uint64_t channels = c.get(isa::requant::channels);
  const int32_t *table = at<int32_t>(c.get(isa::requant::table));
  mlir::npu::kernels::requantizeS32ToS8(
      at<int32_t>(c.get(isa::requant::input)), c.get(isa::requant::count), channels, table,
      table + channels, static_cast<int32_t>(c.getSigned(isa::requant::zero_point)),
      static_cast<int32_t>(c.getSigned(isa::requant::clamp_min)),
      static_cast<int32_t>(c.getSigned(isa::requant::clamp_max)), at<int8_t>(c.get(isa::requant::output)));
}

void Executor::eltwise(const Command &c) {
  auto kind = static_cast<EltwiseKind>(c.kind());
  uint64_t count = c.get(isa::eltwise::count), period = c.get(isa::eltwise::rhs_period);
  if (c.dtype() == DType::I32) {
    // Two's-complement wrap, computed in uint32 to stay defined.
    const int32_t *lhs = at<int32_t>(c.get(isa::eltwise::lhs));
    const int32_t *rhs = at<int32_t>(c.get(isa::eltwise::rhs));
    std::vector<int32_t> result(count);
    for (uint64_t i = 0; i < count; ++i) {
      int32_t a = lhs[i], b = rhs[i % period];
      uint32_t ua = static_cast<uint32_t>(a), ub = static_cast<uint32_t>(b);
      switch (kind) {
      case EltwiseKind::Add:
        result[i] = static_cast<int32_t>(ua + ub);
        break;
      case EltwiseKind::Sub:
        result[i] = static_cast<int32_t>(ua - ub);
        break;
      case EltwiseKind::Mul:
        result[i] = static_cast<int32_t>(ua * ub);
        break;
      case EltwiseKind::Div:
        // Truncating, like C; x / 0 is 0 (the vector engine does not trap).
        result[i] = b == 0 ? 0
                    : (a == std::numeric_limits<int32_t>::min() && b == -1)
                        ? a
                        : a / b;
        break;
      case EltwiseKind::Max:
        result[i] = std::max(a, b);
        break;
      case EltwiseKind::Min:
        result[i] = std::min(a, b);
        break;
      }
    }
    std::memcpy(sram + c.get(isa::eltwise::output), result.data(), count * 4);
    return;
  }
  loadFloats(c.dtype(), c.get(isa::eltwise::lhs), count, bufA);
  loadFloats(c.dtype(), c.get(isa::eltwise::rhs), period, bufB);
  float *a = bufA.data();
  const float *b = bufB.data();
  for (uint64_t start = 0; start < count; start += period)
    applyBinary(kind, a + start, b, std::min(period, count - start));
  storeFloats(static_cast<DType>(c.get(isa::eltwise::out_dtype)), c.get(isa::eltwise::output), bufA);
}

void Executor::activation(const Command &c) {
  auto kind = static_cast<ActivationKind>(c.kind());
  uint64_t count = c.get(isa::act::count);
  float alpha = c.getFloat(isa::act::alpha), beta = c.getFloat(isa::act::beta);
  // (De)quantization: alpha is the scale, beta the zero point, validated to
  // be an integer in [-128, 127].
  if (kind == ActivationKind::Dequantize) {
    bufA.resize(count);
    mlir::npu::kernels::dequantizeS8ToF32(at<int8_t>(c.get(isa::act::input)), count,
                                          alpha, static_cast<int32_t>(beta),
                                          bufA.data());
    storeFloats(static_cast<DType>(c.get(isa::act::out_dtype)), c.get(isa::act::output), bufA);
    return;
  }
  loadFloats(c.dtype(), c.get(isa::act::input), count, bufA);
  float *x = bufA.data();
  if (kind == ActivationKind::Quantize) {
    mlir::npu::kernels::quantizeF32ToS8(x, count, alpha,
                                        static_cast<int32_t>(beta),
                                        at<int8_t>(c.get(isa::act::output)));
    return;
  }
  // Transcendentals in double, rounded once, as the reference does (the
  // exponential family on the kernels, Kernels.h).
  auto apply = [&](auto function) {
    for (uint64_t i = 0; i < count; ++i)
      x[i] = static_cast<float>(function(static_cast<double>(x[i])));
  };
  switch (kind) {
  case ActivationKind::Copy:
    break;
  case ActivationKind::Relu:
    for (uint64_t i = 0; i < count; ++i)
      x[i] = x[i] > 0 ? x[i] : 0.0f;
    break;
  case ActivationKind::Clip:
    for (uint64_t i = 0; i < count; ++i)
      x[i] = std::fmin(std::fmax(x[i], alpha), beta);
    break;
  case ActivationKind::LeakyRelu:
    apply([&](double v) { return v < 0 ? v * alpha : v; });
    break;
  case ActivationKind::Sigmoid:
    mlir::npu::kernels::applyExpFunction(mlir::npu::kernels::ExpFunction::Sigmoid,
                                         x, count);
    break;
  case ActivationKind::Tanh:
    apply([](double v) { return std::tanh(v); });
    break;
  case ActivationKind::GeluErf:
    apply([](double v) { return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))); });
    break;
  case ActivationKind::GeluTanh:
    apply([](double v) {
      return 0.5 * v *
             (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v)));
    });
    break;
  case ActivationKind::Silu:
    mlir::npu::kernels::applyExpFunction(mlir::npu::kernels::ExpFunction::Silu,
                                         x, count);
    break;
  case ActivationKind::HardSigmoid:
    apply([&](double v) { return std::clamp(alpha * v + beta, 0.0, 1.0); });
    break;
  case ActivationKind::HardSwish:
    apply([](double v) { return v * std::clamp(v / 6.0 + 0.5, 0.0, 1.0); });
    break;
  case ActivationKind::Exp:
    mlir::npu::kernels::applyExpFunction(mlir::npu::kernels::ExpFunction::Exp,
                                         x, count);
    break;
  case ActivationKind::Dequantize:
  case ActivationKind::Quantize:
    break; // handled above
  }
  storeFloats(static_cast<DType>(c.get(isa::act::out_dtype)), c.get(isa::act::output), bufA);
}

void Executor::pool(const Command &c) {
  const bool isMax = c.kind() == uint8_t(PoolKind::Max);
  const int64_t batch = c.get(isa::pool::batch), h = c.get(isa::pool::height), w = c.get(isa::pool::width);
  const int64_t channels = c.get(isa::pool::channels);
  const int64_t kh = c.get(isa::pool::kernel_h), kw = c.get(isa::pool::kernel_w);
  const int64_t sh = c.get(isa::pool::stride_h), sw = c.get(isa::pool::stride_w);
  const int64_t pt = c.get(isa::pool::pad_top), pl = c.get(isa::pool::pad_left);
  const auto [oh, ow] = getWindowOutputShape(c);
  const uint64_t inCount = batch * h * w * channels;
  const uint64_t outCount = batch * oh * ow * channels;

  if (c.dtype() == DType::I8) {
    // Integers stay exact: max is a comparison, the average rounds half to
    // even (docs/numerics.md).
    const int8_t *in = at<int8_t>(c.get(isa::pool::input));
    std::vector<int8_t> out(outCount);
    std::vector<int32_t> acc(channels);
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          std::fill(acc.begin(), acc.end(), isMax ? -128 : 0);
          int64_t counted = 0;
          for (int64_t i = 0; i < kh; ++i) {
            int64_t iy = y * sh - pt + i;
            if (iy < 0 || iy >= h)
              continue;
            for (int64_t j = 0; j < kw; ++j) {
              int64_t ix = x * sw - pl + j;
              if (ix < 0 || ix >= w)
                continue;
              ++counted;
              const int8_t *px = in + ((n * h + iy) * w + ix) * channels;
              for (int64_t ch = 0; ch < channels; ++ch)
                acc[ch] = isMax ? std::max<int32_t>(acc[ch], px[ch]) : acc[ch] + px[ch];
            }
          }
          int8_t *po = out.data() + ((n * oh + y) * ow + x) * channels;
          for (int64_t ch = 0; ch < channels; ++ch) {
            if (isMax) {
              po[ch] = static_cast<int8_t>(acc[ch]);
              continue;
            }
            // round_half_even(acc / counted)
            int32_t q = acc[ch] / counted, r = acc[ch] % counted;
            if (r < 0) {
              q -= 1;
              r += counted;
            }
            if (2 * r > counted || (2 * r == counted && (q & 1)))
              ++q;
            po[ch] = static_cast<int8_t>(std::clamp(q, -128, 127));
          }
        }
    std::memcpy(sram + c.get(isa::pool::output), out.data(), outCount);
    return;
  }

  loadFloats(c.dtype(), c.get(isa::pool::input), inCount, bufA);
  bufB.assign(outCount, isMax ? -INFINITY : 0.0f);
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        float *po = bufB.data() + ((n * oh + y) * ow + x) * channels;
        int64_t counted = 0;
        for (int64_t i = 0; i < kh; ++i) {
          int64_t iy = y * sh - pt + i;
          if (iy < 0 || iy >= h)
            continue;
          for (int64_t j = 0; j < kw; ++j) {
            int64_t ix = x * sw - pl + j;
            if (ix < 0 || ix >= w)
              continue;
            ++counted;
            applyBinary(isMax ? EltwiseKind::Max : EltwiseKind::Add, po,
                        bufA.data() + ((n * h + iy) * w + ix) * channels, channels);
          }
        }
        if (!isMax)
          for (int64_t ch = 0; ch < channels; ++ch)
            po[ch] /= static_cast<float>(counted);
      }
  storeFloats(c.dtype(), c.get(isa::pool::output), bufB);
}

void Executor::softmax(const Command &c) {
  uint64_t rows = c.get(isa::softmax::rows), cols = c.get(isa::softmax::cols);
  loadFloats(c.dtype(), c.get(isa::softmax::input), rows * cols, bufA);
  for (uint64_t r = 0; r < rows; ++r) {
    float *x = bufA.data() + r * cols;
    float max = *std::max_element(x, x + cols);
    mlir::npu::kernels::applyExpFunction(mlir::npu::kernels::ExpFunction::Exp,
                                         x, cols, max);
    double sum = 0;
    for (uint64_t i = 0; i < cols; ++i)
      sum += x[i];
    float inv = static_cast<float>(1.0 / sum);
    for (uint64_t i = 0; i < cols; ++i)
      x[i] *= inv;
  }
  storeFloats(c.dtype(), c.get(isa::softmax::output), bufA);
}

void Executor::norm(const Command &c) {
  uint64_t rows = c.get(isa::norm::rows), cols = c.get(isa::norm::cols);
  bool layer = c.kind() == uint8_t(NormKind::Layer);
  double epsilon = c.getFloat(isa::norm::epsilon);
  std::vector<float> scale, bias;
  loadFloats(c.dtype(), c.get(isa::norm::scale), cols, scale);
  if (c.get(isa::norm::bias))
    loadFloats(c.dtype(), c.get(isa::norm::bias_addr), cols, bias);
  loadFloats(c.dtype(), c.get(isa::norm::input), rows * cols, bufA);
  for (uint64_t r = 0; r < rows; ++r) {
    float *x = bufA.data() + r * cols;
    double mean = 0, square = 0;
    if (layer) {
      for (uint64_t i = 0; i < cols; ++i)
        mean += x[i];
      mean /= double(cols);
    }
    for (uint64_t i = 0; i < cols; ++i)
      square += (x[i] - mean) * (x[i] - mean);
    double inv = 1.0 / std::sqrt(square / double(cols) + epsilon);
    for (uint64_t i = 0; i < cols; ++i) {
      double v = (x[i] - mean) * inv * scale[i];
      if (!bias.empty())
        v += bias[i];
      x[i] = static_cast<float>(v);
    }
  }
  storeFloats(c.dtype(), c.get(isa::norm::output), bufA);
}

std::optional<Problem> Executor::execute(const Command &c) {
  switch (c.opcode()) {
  case Opcode::Dma:
    dma(c);
    break;
  case Opcode::Gather:
    return gather(c);
  case Opcode::MatMul:
    matmul(c);
    break;
  case Opcode::Conv2D:
    conv2d(c);
    break;
  case Opcode::Requant:
    requant(c);
    break;
  case Opcode::Eltwise:
    eltwise(c);
    break;
  case Opcode::Activation:
    activation(c);
    break;
  case Opcode::Pool:
    pool(c);
    break;
  case Opcode::Softmax:
    softmax(c);
    break;
  case Opcode::Norm:
    norm(c);
    break;
  case Opcode::Signal:
  case Opcode::Wait:
    break;
  }
  return std::nullopt;
}

/// Elements a vector-engine command produces.
uint64_t getVectorElements(const Command &c) {
  switch (c.opcode()) {
  case Opcode::Softmax:
    return c.get(isa::softmax::rows) * c.get(isa::softmax::cols);
  case Opcode::Norm:
    return c.get(isa::norm::rows) * c.get(isa::norm::cols);
  case Opcode::Pool: {
    WindowOutputShape out = getWindowOutputShape(c);
    return c.get(isa::pool::batch) * c.get(isa::pool::channels) * out.height *
           out.width;
  }
  case Opcode::Requant:
    return c.get(isa::requant::count);
  case Opcode::Eltwise:
    return c.get(isa::eltwise::count);
  case Opcode::Activation:
    return c.get(isa::act::count);
  default:
    return 0;
  }
}


} // namespace

//===----------------------------------------------------------------------===//
// Simulator
//===----------------------------------------------------------------------===//

Error Simulator::validate(const Artifact &artifact) const {
  // An in-memory artifact may never have been through parseArtifact: the
  // checks below rely on its regions being inside the DRAM image.
  if (Error error = verifyArtifact(artifact))
    return error;
  if (artifact.targetFingerprint != target.fingerprint())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("the artifact was compiled for target '{0}' (fingerprint "
                      "{1:x}); this simulator models '{2}' ({3:x}): recompile "
                      "with --target {2}",
                      artifact.targetName, artifact.targetFingerprint,
                      target.name, target.fingerprint()));
  CommandValidator validator(target, artifact);
  for (const CommandQueue &queue : artifact.queues)
    for (auto [index, command] : llvm::enumerate(queue.commands))
      if (std::optional<Problem> problem = validator.check(command, queue.engine))
        return makeFault(artifact, queue, index, problem->kind,
                         std::move(problem->message));
  return Error::success();
}

Expected<SimulationPlan> Simulator::plan(const Artifact &artifact) const {
  if (Error error = validate(artifact))
    return std::move(error);

  SimulationPlan plan;
  plan.targetFingerprint = target.fingerprint();
  RunStats &stats = plan.stats;
  stats.targetName = target.name;
  stats.clockMHz = target.clockMHz;
  struct QueueState {
    size_t next = 0;
    uint64_t time = 0;
    bool blocked = false;
  };
  std::vector<QueueState> state(artifact.queues.size());
  for (const CommandQueue &queue : artifact.queues) {
    stats.queues.push_back({queue.getName(), 0, 0});
    plan.queueSizes.push_back(queue.commands.size());
  }
  // Times of signals not yet consumed, per semaphore, earliest first.
  std::vector<std::deque<uint64_t>> signals(target.semaphores);
  RaceDetector races(artifact.queues.size(), target.semaphores);
  uint64_t dramFree = 0; // when the shared DRAM channel is next idle

  while (true) {
    // Advance the runnable queue that is furthest behind in time, so that
    // signals arrive in time order and the DRAM channel is shared fairly.
    int pick = -1;
    bool unfinished = false;
    for (size_t q = 0; q < state.size(); ++q) {
      if (state[q].next >= artifact.queues[q].commands.size())
        continue;
      unfinished = true;
      if (state[q].blocked)
        continue;
      if (pick < 0 || state[q].time < state[pick].time)
        pick = static_cast<int>(q);
    }
    if (!unfinished)
      break;
    if (pick < 0) {
      // Every unfinished queue waits on a semaphore nobody will signal.
      std::string waits;
      for (size_t q = 0; q < state.size(); ++q)
        if (state[q].next < artifact.queues[q].commands.size())
          waits += llvm::formatv(" {0} command {1} waits on semaphore {2};",
                                 artifact.queues[q].getName(), state[q].next,
                                 getSemaphore(artifact.queues[q].commands[state[q].next]));
      for (size_t q = 0; q < state.size(); ++q)
        if (state[q].next < artifact.queues[q].commands.size())
          return makeFault(artifact, artifact.queues[q], state[q].next,
                           FaultKind::Deadlock,
                           "every unfinished queue is blocked:" + waits.substr(0, waits.size() - 1));
    }

    QueueState &qs = state[pick];
    const CommandQueue &queue = artifact.queues[pick];
    const Command &command = queue.commands[qs.next];
    if (command.opcode() == Opcode::Wait) {
      std::deque<uint64_t> &pending = signals[getSemaphore(command)];
      if (pending.empty()) {
        qs.blocked = true;
        continue;
      }
      qs.time = std::max(qs.time, pending.front());
      pending.pop_front();
      races.wait(pick, getSemaphore(command));
      ++qs.next;
      ++stats.queues[pick].commands;
      continue;
    }
    if (command.opcode() == Opcode::Signal) {
      signals[getSemaphore(command)].push_back(qs.time);
      races.signal(pick, getSemaphore(command));
      for (size_t q = 0; q < state.size(); ++q)
        if (state[q].blocked &&
            getSemaphore(artifact.queues[q].commands[state[q].next]) ==
                getSemaphore(command))
          state[q].blocked = false;
      ++qs.next;
      ++stats.queues[pick].commands;
      continue;
    }

    std::vector<MemoryAccess> accesses = getCommandAccesses(command, target);
    if (auto race = races.execute(pick, qs.next, accesses)) {
      const CommandQueue &other = artifact.queues[race->queue];
      const OpcodeInfo *info = getOpcodeInfo(other.commands[race->command].opcodeByte());
      std::string node = artifact.getNodeName(other, race->command).str();
      return makeFault(artifact, queue, qs.next, FaultKind::Race,
                       llvm::formatv("it {0} {1} [{2:x}, +{3}), which {4} "
                                     "command {5} ({6}{7}) {8} with no semaphore "
                                     "ordering the two: signal after the earlier "
                                     "command and wait before the later one",
                                     race->mine.write ? "writes" : "reads",
                                     race->mine.sram ? "SRAM" : "DRAM", race->begin,
                                     race->end - race->begin, other.getName(),
                                     race->command, info ? info->mnemonic.str() : "?",
                                     node.empty() ? "" : ", node '" + node + "'",
                                     race->theirs.write ? "writes" : "reads")
                           .str());
    }
    for (const MemoryAccess &access : accesses)
      if (access.sram)
        plan.sramBytesUsed = std::max(plan.sramBytesUsed, access.end);
    CommandCycles cycles = getCommandCycles(command, target);
    uint64_t start = qs.time, end;
    if (cycles.usesDram) {
      uint64_t transferStart = std::max(start + cycles.latency, dramFree);
      end = transferStart + cycles.transfer;
      dramFree = end;
      uint64_t bytes = getDmaBytes(command);
      uint64_t srcSpace = command.opcode() == Opcode::Gather
                              ? command.get(isa::gather::src_space)
                              : command.get(isa::dma::src_space);
      if (srcSpace == uint64_t(MemorySpace::Dram))
        stats.dramBytesRead += bytes;
      else
        stats.dramBytesWritten += bytes;
    } else {
      end = start + cycles.total();
    }
    if (command.opcode() == Opcode::MatMul || command.opcode() == Opcode::Conv2D)
      stats.macs += getCommandMacs(command);
    else if (command.opcode() != Opcode::Dma && command.opcode() != Opcode::Gather)
      stats.vectorElements += getVectorElements(command);
    stats.queues[pick].busyCycles += end - start;
    ++stats.queues[pick].commands;
    plan.steps.push_back({static_cast<uint32_t>(pick),
                          static_cast<uint32_t>(qs.next), start, end});
    qs.time = end;
    ++qs.next;
  }

  for (const QueueState &qs : state)
    stats.totalCycles = std::max(stats.totalCycles, qs.time);
  return plan;
}

Expected<RunStats> Simulator::execute(const Artifact &artifact,
                                      const SimulationPlan &plan, uint8_t *dram,
                                      const SimulatorOptions &options,
                                      std::vector<TraceEvent> *trace,
                                      uint8_t *sram) const {
  bool planned = plan.targetFingerprint == target.fingerprint() &&
                 plan.queueSizes.size() == artifact.queues.size();
  for (size_t q = 0; planned && q < artifact.queues.size(); ++q)
    planned = plan.queueSizes[q] == artifact.queues[q].commands.size();
  if (!planned)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the simulation plan was made for another "
                                   "artifact or target");
  auto hostStart = std::chrono::steady_clock::now();

  // Every run starts from zeroed SRAM, so a program that reads bytes it
  // never wrote still gives the same result each time.
  std::unique_ptr<uint8_t, decltype(&std::free)> ownSram(nullptr, &std::free);
  if (sram) {
    std::memset(sram, 0, std::min<uint64_t>(plan.sramBytesUsed, target.sram.bytes));
  } else {
    // calloc: untouched pages cost nothing, and a failure is an error.
    ownSram.reset(static_cast<uint8_t *>(std::calloc(target.sram.bytes, 1)));
    if (!ownSram)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot allocate the simulated SRAM");
    sram = ownSram.get();
  }
  Executor executor(target, dram, sram);
  for (const TraceEvent &step : plan.steps) {
    const CommandQueue &queue = artifact.queues[step.queue];
    if (std::optional<Problem> problem =
            executor.execute(queue.commands[step.command]))
      return makeFault(artifact, queue, step.command, problem->kind,
                       std::move(problem->message));
  }

  RunStats stats = plan.stats;
  if (options.recordTrace && trace)
    *trace = plan.steps;
  stats.hostSeconds = std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - hostStart)
                          .count();
  return stats;
}

Expected<RunStats> Simulator::run(const Artifact &artifact, uint8_t *dram,
                                  const SimulatorOptions &options,
                                  std::vector<TraceEvent> *trace) const {
  Expected<SimulationPlan> planned = plan(artifact);
  if (!planned)
    return planned.takeError();
  return execute(artifact, *planned, dram, options, trace);
}

//===----------------------------------------------------------------------===//
// Reports
//===----------------------------------------------------------------------===//

std::string mlir::npu::runtime::formatChromeTrace(const Artifact &artifact,
                                            const RunStats &stats,
                                            llvm::ArrayRef<TraceEvent> trace) {
  namespace json = llvm::json;
  json::Array events;
  double mhz = stats.clockMHz ? double(stats.clockMHz) : 1.0;
  events.push_back(json::Object{
      {"name", "process_name"}, {"ph", "M"}, {"pid", 0},
      {"args", json::Object{{"name", "NPU '" + stats.targetName + "'"}}}});
  for (auto [index, queue] : llvm::enumerate(artifact.queues))
    events.push_back(json::Object{{"name", "thread_name"},
                                  {"ph", "M"},
                                  {"pid", 0},
                                  {"tid", int64_t(index)},
                                  {"args", json::Object{{"name", queue.getName()}}}});
  for (const TraceEvent &event : trace) {
    if (event.queue >= artifact.queues.size() ||
        event.command >= artifact.queues[event.queue].commands.size())
      continue;
    const CommandQueue &queue = artifact.queues[event.queue];
    const Command &command = queue.commands[event.command];
    const OpcodeInfo *info = getOpcodeInfo(command.opcodeByte());
    std::string name = info ? info->mnemonic.str() : "?";
    if (info && !info->kinds.empty() && command.kind() < info->kinds.size())
      name += "." + info->kinds[command.kind()].str();
    StringRef node = artifact.getNodeName(queue, event.command);
    json::Object args{{"command", int64_t(event.command)},
                      {"cycles", int64_t(event.endCycle - event.startCycle)}};
    if (!node.empty())
      args["node"] = node.str();
    events.push_back(json::Object{
        {"name", node.empty() ? name : name + " " + node.str()},
        {"cat", info ? info->mnemonic.str() : "unknown"},
        {"ph", "X"},
        {"pid", 0},
        {"tid", int64_t(event.queue)},
        {"ts", double(event.startCycle) / mhz},
        {"dur", double(event.endCycle - event.startCycle) / mhz},
        {"args", std::move(args)}});
  }
  json::Object root{{"traceEvents", std::move(events)},
                    {"displayTimeUnit", "ns"}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << json::Value(std::move(root)) << "\n";
  return text;
}

std::string mlir::npu::runtime::formatRunStats(const RunStats &stats) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("simulated on '{0}' at {1} MHz: {2} cycles = {3:f1} us\n",
                      stats.targetName, stats.clockMHz, stats.totalCycles,
                      stats.timeMicroseconds());
  os << llvm::formatv("  {0,-8} {1,9} {2,14} {3,12}\n", "queue", "commands",
                      "busy cycles", "utilisation");
  for (const RunStats::Queue &queue : stats.queues)
    os << llvm::formatv("  {0,-8} {1,9} {2,14} {3,11:f1}%\n", queue.name,
                        queue.commands, queue.busyCycles,
                        100.0 * queue.utilisation(stats.totalCycles));
  os << llvm::formatv("  DRAM read {0} bytes, written {1} bytes\n",
                      stats.dramBytesRead, stats.dramBytesWritten);
  os << llvm::formatv("  matrix engine {0} MACs, vector engine {1} elements\n",
                      stats.macs, stats.vectorElements);
  os << llvm::formatv("  host time {0:f3} s\n", stats.hostSeconds);
  return text;
}
