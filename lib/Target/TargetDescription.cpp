//===- TargetDescription.cpp - target JSON files and built-in presets -----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Parsed with LLVM's JSON library. Every field is required (a missing one is
// an error naming it, never a silent default), every number is checked for
// range, and unknown fields are refused so that a typo cannot go unnoticed.
//
//===----------------------------------------------------------------------===//

#include "npu/Target/TargetDescription.h"
#include "npu/Support/FileRead.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"

using namespace mlir::npu;
namespace json = llvm::json;

namespace {

/// The presets, as the JSON users would write. Figures are for a plausible
/// edge part (LPDDR4X-class DRAM) and a data-centre part (HBM2e-class).
constexpr llvm::StringLiteral kEdge = R"({
  "name": "edge",
  "clock_mhz": 1000,
  "matrix_engine": {"rows": 64, "cols": 32, "fp16_cycles_per_mac": 2, "pipeline_latency": 96},
  "vector_engine": {"lanes": 64, "pipeline_latency": 8},
  "sram": {"bytes": 2097152, "banks": 8, "bytes_per_cycle": 512},
  "dram": {"bytes": 4294967296, "bytes_per_cycle": 17, "latency_cycles": 200},
  "dma": {"engines": 2, "max_dims": 4, "row_overhead_cycles": 2},
  "semaphores": 32
})";

constexpr llvm::StringLiteral kServer = R"({
  "name": "server",
  "clock_mhz": 1500,
  "matrix_engine": {"rows": 128, "cols": 128, "fp16_cycles_per_mac": 2, "pipeline_latency": 256},
  "vector_engine": {"lanes": 512, "pipeline_latency": 12},
  "sram": {"bytes": 33554432, "banks": 32, "bytes_per_cycle": 4096},
  "dram": {"bytes": 34359738368, "bytes_per_cycle": 546, "latency_cycles": 500},
  "dma": {"engines": 8, "max_dims": 4, "row_overhead_cycles": 1},
  "semaphores": 128
})";

struct Preset {
  llvm::StringLiteral name;
  llvm::StringLiteral json;
};
const Preset kPresets[] = {{"edge", kEdge}, {"server", kServer}};

/// Reads one object's fields, refusing unknown ones and checking ranges; the
/// first problem is recorded in `error` as "<path>: <what>".
class FieldReader {
public:
  FieldReader(const json::Value &value, std::string path, std::string &error)
      : object(value.getAsObject()), path(std::move(path)), error(error) {
    if (!object)
      fail(this->path, "expected an object");
  }
  explicit operator bool() const { return object != nullptr; }

  /// A required integer in [minimum, maximum].
  bool integer(llvm::StringLiteral key, int64_t &out, int64_t minimum,
               int64_t maximum) {
    const json::Value *value = get(key);
    if (!value)
      return false;
    std::optional<int64_t> number = value->getAsInteger();
    if (!number)
      return fail(field(key), "expected an integer");
    if (*number < minimum || *number > maximum)
      return fail(field(key), llvm::formatv("{0} is out of range [{1}, {2}]",
                                            *number, minimum, maximum)
                                  .str());
    out = *number;
    return true;
  }

  bool string(llvm::StringLiteral key, std::string &out) {
    const json::Value *value = get(key);
    if (!value)
      return false;
    std::optional<llvm::StringRef> text = value->getAsString();
    if (!text || text->empty())
      return fail(field(key), "expected a non-empty string");
    out = text->str();
    return true;
  }

  /// A nested object, read by `read`.
  template <typename Fn> bool nested(llvm::StringLiteral key, Fn read) {
    const json::Value *value = get(key);
    if (!value)
      return false;
    FieldReader reader(*value, field(key), error);
    return reader && read(reader) && reader.noUnknownFields();
  }

  bool noUnknownFields() {
    for (const auto &entry : *object)
      if (!seen.contains(entry.first))
        return fail(field(entry.first), "unknown field (a typo?)");
    return true;
  }

  bool fail(const std::string &where, const std::string &what) {
    if (error.empty())
      error = where + ": " + what;
    return false;
  }
  std::string field(llvm::StringRef key) const { return path + "." + key.str(); }

private:
  const json::Value *get(llvm::StringLiteral key) {
    seen.insert(key);
    const json::Value *value = object->get(key);
    if (!value)
      fail(field(key), "missing field");
    return value;
  }

  const json::Object *object;
  std::string path;
  std::string &error;
  llvm::StringSet<> seen;
};

bool readTarget(const json::Value &value, TargetDescription &t, std::string &error) {
  FieldReader r(value, "target", error);
  if (!r)
    return false;
  constexpr int64_t kTiB = int64_t{1} << 40;
  constexpr int64_t kGiB = int64_t{1} << 30;
  bool ok =
      r.string("name", t.name) && r.integer("clock_mhz", t.clockMHz, 1, 100000) &&
      r.nested("matrix_engine",
               [&](FieldReader &m) {
                 return m.integer("rows", t.matrix.rows, 1, 4096) &&
                        m.integer("cols", t.matrix.cols, 1, 4096) &&
                        m.integer("fp16_cycles_per_mac", t.matrix.fp16CyclesPerMac, 1, 64) &&
                        m.integer("pipeline_latency", t.matrix.pipelineLatency, 0, 100000);
               }) &&
      r.nested("vector_engine",
               [&](FieldReader &v) {
                 return v.integer("lanes", t.vector.lanes, 1, 65536) &&
                        v.integer("pipeline_latency", t.vector.pipelineLatency, 0, 100000);
               }) &&
      r.nested("sram",
               [&](FieldReader &s) {
                 // Commands address SRAM with 32 bits; the simulator also
                 // holds it in host memory, so 1 GiB is the ceiling.
                 return s.integer("bytes", t.sram.bytes, 1024, kGiB) &&
                        s.integer("banks", t.sram.banks, 1, 4096) &&
                        s.integer("bytes_per_cycle", t.sram.bytesPerCycle, 1, 1 << 20);
               }) &&
      r.nested("dram",
               [&](FieldReader &d) {
                 return d.integer("bytes", t.dram.bytes, 1024, 64 * kTiB) &&
                        d.integer("bytes_per_cycle", t.dram.bytesPerCycle, 1, 1 << 20) &&
                        d.integer("latency_cycles", t.dram.latencyCycles, 0, 1 << 24);
               }) &&
      r.nested("dma",
               [&](FieldReader &d) {
                 return d.integer("engines", t.dma.engines, 1, 256) &&
                        d.integer("max_dims", t.dma.maxDims, 1, 4) &&
                        d.integer("row_overhead_cycles", t.dma.rowOverheadCycles, 0, 100000);
               }) &&
      r.integer("semaphores", t.semaphores, 1, 65536) && r.noUnknownFields();
  if (!ok)
    return false;
  // Relations between fields.
  if (t.sram.bytes % t.sram.banks != 0)
    return r.fail("target.sram.banks", "must divide target.sram.bytes");
  return true;
}

json::Value toJSON(const TargetDescription &t) {
  return json::Object{
      {"name", t.name},
      {"clock_mhz", t.clockMHz},
      {"matrix_engine", json::Object{{"rows", t.matrix.rows},
                                     {"cols", t.matrix.cols},
                                     {"fp16_cycles_per_mac", t.matrix.fp16CyclesPerMac},
                                     {"pipeline_latency", t.matrix.pipelineLatency}}},
      {"vector_engine", json::Object{{"lanes", t.vector.lanes},
                                     {"pipeline_latency", t.vector.pipelineLatency}}},
      {"sram", json::Object{{"bytes", t.sram.bytes},
                            {"banks", t.sram.banks},
                            {"bytes_per_cycle", t.sram.bytesPerCycle}}},
      {"dram", json::Object{{"bytes", t.dram.bytes},
                            {"bytes_per_cycle", t.dram.bytesPerCycle},
                            {"latency_cycles", t.dram.latencyCycles}}},
      {"dma", json::Object{{"engines", t.dma.engines},
                           {"max_dims", t.dma.maxDims},
                           {"row_overhead_cycles", t.dma.rowOverheadCycles}}},
      {"semaphores", t.semaphores},
  };
}

} // namespace

std::vector<std::string> mlir::npu::getTargetPresetNames() {
  std::vector<std::string> names;
  for (const Preset &preset : kPresets)
    names.push_back(preset.name.str());
  return names;
}

llvm::Expected<TargetDescription>
mlir::npu::parseTargetDescription(llvm::StringRef text, llvm::StringRef source) {
  llvm::Expected<json::Value> value = json::parse(text);
  if (!value)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   source.str() + ": not valid JSON: " +
                                       llvm::toString(value.takeError()));
  TargetDescription target;
  std::string error;
  if (!readTarget(*value, target, error))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   source.str() + ": " + error);
  return target;
}

llvm::Expected<TargetDescription> mlir::npu::getTargetPreset(llvm::StringRef name) {
  for (const Preset &preset : kPresets)
    if (preset.name == name)
      return parseTargetDescription(preset.json, "preset '" + name.str() + "'");
  std::string names;
  for (const std::string &preset : getTargetPresetNames())
    names += (names.empty() ? "" : ", ") + preset;
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown target '" + name.str() +
                                     "': give a preset (" + names +
                                     ") or a target description file (.json)");
}

llvm::Expected<TargetDescription> mlir::npu::loadTarget(llvm::StringRef nameOrPath) {
  if (!nameOrPath.ends_with(".json") && !llvm::sys::fs::exists(nameOrPath))
    return getTargetPreset(nameOrPath);
  auto buffer = mlir::npu::readRegularFile(nameOrPath, kMaxTextFileBytes,
                                           "target description", /*isText=*/true);
  if (!buffer)
    return buffer.takeError();
  return parseTargetDescription((*buffer)->getBuffer(), nameOrPath);
}

std::string mlir::npu::printTargetDescription(const TargetDescription &target) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", toJSON(target)) << "\n";
  return text;
}

uint64_t mlir::npu::TargetDescription::fingerprint() const {
  // The compact JSON of every field: stable across runs and machines.
  std::string text;
  llvm::raw_string_ostream os(text);
  os << toJSON(*this);
  return llvm::xxh3_64bits(llvm::StringRef(text));
}

bool mlir::npu::TargetDescription::operator==(const TargetDescription &other) const {
  return printTargetDescription(*this) == printTargetDescription(other);
}
