//===- Assembler.cpp - artifact <-> assembly text -------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The text form of a whole artifact: directives for the header, the memory
// map, the I/O descriptors and the constants, then one line per command
// (Isa.cpp prints and parses those). `npu-translate --disassemble` prints it,
// `--assemble` reads it, and hand-written streams in tests use it. Printing
// and parsing round-trip to the same artifact. docs/isa.md has an example.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Artifact.h"
#include "npu/Target/TargetDescription.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::npu::runtime;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {

std::string quote(StringRef text) {
  std::string result = "\"";
  llvm::raw_string_ostream os(result);
  llvm::printEscapedString(text, os); // '"' and '\' and non-printables as \XX
  os << '"';
  return result;
}

std::string formatDims(llvm::ArrayRef<int64_t> dims) {
  if (dims.empty())
    return "scalar";
  return llvm::join(llvm::map_range(dims, [](int64_t d) { return std::to_string(d); }),
                    "x");
}

/// The preset `json` is, if any: presets print as their name.
std::optional<std::string> presetNameOf(StringRef json) {
  for (const std::string &name : mlir::npu::getTargetPresetNames()) {
    auto preset = mlir::npu::getTargetPreset(name);
    if (preset && mlir::npu::printTargetDescription(*preset) == json)
      return name;
    if (!preset)
      llvm::consumeError(preset.takeError());
  }
  return std::nullopt;
}

} // namespace

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

std::string mlir::npu::runtime::disassembleArtifact(const Artifact &artifact) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "; npu-mlir artifact: format " << kFormatVersionMajor << '.'
     << kFormatVersionMinor << "\n";
  os << ".isa " << artifact.isaVersionMajor << '.' << artifact.isaVersionMinor
     << "\n";
  if (!artifact.producer.empty())
    os << ".producer " << quote(artifact.producer) << "\n";
  if (std::optional<std::string> preset = presetNameOf(artifact.targetJson)) {
    os << ".target " << *preset << "\n";
  } else if (auto json = llvm::json::parse(artifact.targetJson)) {
    os << ".target_json " << llvm::formatv("{0}", *json) << "\n";
  } else {
    llvm::consumeError(json.takeError());
    os << "; the embedded target description is not JSON\n";
  }
  os << ".fingerprint " << llvm::format_hex(artifact.targetFingerprint, 18) << "\n";
  os << ".memory dram=" << artifact.dramBytes << " sram=" << artifact.sramBytes
     << "\n";
  for (const MemoryRegion &region : artifact.regions)
    os << ".region name=" << quote(region.name)
       << " kind=" << getRegionKindName(region.kind)
       << " offset=" << llvm::format_hex(region.offset, 2)
       << " size=" << region.size << "\n";
  auto printTensor = [&](StringRef directive, const TensorDescriptor &tensor) {
    os << directive << " name=" << quote(tensor.name)
       << " dtype=" << getDTypeName(tensor.dtype)
       << " shape=" << formatDims(tensor.shape) << " region=";
    if (tensor.region < artifact.regions.size())
      os << quote(artifact.regions[tensor.region].name);
    else
      os << tensor.region;
    const Quantization &q = tensor.quantization;
    if (!q.scales.empty()) {
      os << " scales="
         << llvm::join(llvm::map_range(q.scales,
                                       [](float s) {
                                         return llvm::formatv("{0}", llvm::format("%.9g", s)).str();
                                       }),
                       ",");
      os << " zero_points="
         << llvm::join(llvm::map_range(q.zeroPoints,
                                       [](int64_t z) { return std::to_string(z); }),
                       ",");
      os << " axis=" << q.axis;
    }
    if (tensor.hostUnsigned)
      os << " host=u8";
    os << "\n";
  };
  for (const TensorDescriptor &input : artifact.inputs)
    printTensor(".input", input);
  for (const TensorDescriptor &output : artifact.outputs)
    printTensor(".output", output);
  for (const std::string &name : artifact.nodeNames)
    os << ".node " << quote(name) << "\n";
  if (!artifact.constants.empty()) {
    os << ".constants region=";
    if (artifact.constantsRegion < artifact.regions.size())
      os << quote(artifact.regions[artifact.constantsRegion].name);
    else
      os << artifact.constantsRegion;
    os << "\n";
    for (size_t offset = 0; offset < artifact.constants.size(); offset += 32) {
      os << ".hex ";
      size_t end = std::min(artifact.constants.size(), offset + 32);
      for (size_t i = offset; i < end; ++i)
        os << llvm::format_hex_no_prefix(artifact.constants[i], 2);
      os << "\n";
    }
  }
  // A node is referred to by name, or by its index (@#N) when its name is
  // empty or shared with another node (ONNX allows both).
  llvm::StringMap<unsigned> nameCount;
  for (const std::string &name : artifact.nodeNames)
    ++nameCount[name];
  for (const CommandQueue &queue : artifact.queues) {
    os << "\n.queue " << queue.getName() << "\n";
    for (auto [index, command] : llvm::enumerate(queue.commands)) {
      os << llvm::formatv("{0,4}: ", index) << printCommand(command);
      if (index < queue.nodes.size() && queue.nodes[index] != kNoNode) {
        uint32_t node = queue.nodes[index];
        StringRef name = artifact.getNodeName(queue, index);
        if (!name.empty() && nameCount[name] == 1)
          os << " @" << quote(name);
        else
          os << " @#" << node;
      }
      os << "\n";
    }
  }
  return text;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

namespace {

class AssemblyParser {
public:
  AssemblyParser(StringRef text, StringRef source) : text(text), source(source) {}

  Expected<Artifact> parse();

private:
  Error error(const llvm::Twine &message) {
    // Line 0: a problem of the whole program, found after reading it.
    std::string where = line ? (source + ":" + llvm::Twine(line)).str() : source.str();
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   where + ": error: " + message);
  }

  /// Strips a `;` comment that is not inside a quoted string.
  static StringRef stripComment(StringRef line);
  /// Unescapes a "quoted" string (printEscapedString's \XX and \\).
  Error unquote(StringRef quoted, std::string &out);
  /// Splits `key=value key2="quoted value"` into pairs.
  Error parseKeyValues(StringRef text, llvm::StringMap<std::string> &out);

  Error parseDirective(StringRef directive, StringRef rest);
  Error parseTensor(StringRef rest, bool isInput);
  Error parseCommandLine(StringRef lineText);
  Expected<uint64_t> parseUnsigned(llvm::StringMap<std::string> &kv, StringRef key);
  Expected<std::string> take(llvm::StringMap<std::string> &kv, StringRef key);
  Error noExtraKeys(const llvm::StringMap<std::string> &kv, StringRef directive);

  StringRef text, source;
  unsigned line = 0;
  Artifact artifact;
  bool haveTarget = false;
  bool haveIsa = false; // without .isa, the lowest version the text needs
  std::optional<uint64_t> expectedFingerprint;
  CommandQueue *queue = nullptr;
  llvm::StringMap<uint32_t> nodeIndex;
  std::string constantsRegionName;
};

StringRef AssemblyParser::stripComment(StringRef lineText) {
  bool inQuote = false;
  for (size_t i = 0; i < lineText.size(); ++i) {
    char c = lineText[i];
    if (c == '"')
      inQuote = !inQuote;
    else if (c == '\\' && inQuote)
      ++i;
    else if (c == ';' && !inQuote)
      return lineText.take_front(i);
  }
  return lineText;
}

Error AssemblyParser::unquote(StringRef quoted, std::string &out) {
  if (quoted.size() < 2 || !quoted.starts_with("\"") || !quoted.ends_with("\""))
    return error("expected a \"quoted\" string, got '" + quoted + "'");
  StringRef body = quoted.drop_front().drop_back();
  out.clear();
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out.push_back(body[i]);
      continue;
    }
    if (i + 1 < body.size() && body[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
      continue;
    }
    unsigned value;
    if (i + 2 >= body.size() || body.substr(i + 1, 2).getAsInteger(16, value))
      return error("bad escape in " + quoted);
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return Error::success();
}

Error AssemblyParser::parseKeyValues(StringRef rest,
                                     llvm::StringMap<std::string> &out) {
  rest = rest.trim();
  while (!rest.empty()) {
    size_t eq = rest.find('=');
    if (eq == StringRef::npos)
      return error("expected key=value, got '" + rest + "'");
    StringRef key = rest.take_front(eq).trim();
    rest = rest.drop_front(eq + 1);
    std::string value;
    if (rest.starts_with("\"")) {
      size_t end = 1;
      while (end < rest.size() && rest[end] != '"')
        end += rest[end] == '\\' ? 2 : 1;
      if (end >= rest.size())
        return error("unterminated string after '" + key + "='");
      if (Error e = unquote(rest.take_front(end + 1), value))
        return e;
      rest = rest.drop_front(end + 1);
    } else {
      size_t end = rest.find(' ');
      value = rest.take_front(end).str();
      rest = end == StringRef::npos ? StringRef() : rest.drop_front(end);
    }
    if (!out.try_emplace(key, value).second)
      return error("'" + key + "' given twice");
    rest = rest.ltrim();
  }
  return Error::success();
}

Expected<std::string> AssemblyParser::take(llvm::StringMap<std::string> &kv,
                                           StringRef key) {
  auto it = kv.find(key);
  if (it == kv.end())
    return error("missing '" + key + "='");
  std::string value = it->second;
  kv.erase(it);
  return value;
}

Expected<uint64_t> AssemblyParser::parseUnsigned(llvm::StringMap<std::string> &kv,
                                                 StringRef key) {
  auto text = take(kv, key);
  if (!text)
    return text.takeError();
  uint64_t value;
  if (StringRef(*text).getAsInteger(0, value))
    return error("'" + key + "' must be an unsigned integer, got '" + *text + "'");
  return value;
}

Error AssemblyParser::noExtraKeys(const llvm::StringMap<std::string> &kv,
                                  StringRef directive) {
  if (kv.empty())
    return Error::success();
  return error(directive + " has no field '" + kv.begin()->first() + "'");
}

Error AssemblyParser::parseTensor(StringRef rest, bool isInput) {
  StringRef directive = isInput ? ".input" : ".output";
  llvm::StringMap<std::string> kv;
  if (Error e = parseKeyValues(rest, kv))
    return e;
  TensorDescriptor tensor;
  auto name = take(kv, "name");
  auto dtype = take(kv, "dtype");
  auto shape = take(kv, "shape");
  auto region = take(kv, "region");
  if (!name)
    return name.takeError();
  if (!dtype)
    return dtype.takeError();
  if (!shape)
    return shape.takeError();
  if (!region)
    return region.takeError();
  tensor.name = *name;
  std::optional<DType> type = parseDType(*dtype);
  if (!type || *type == DType::None)
    return error("unknown element type '" + *dtype + "'");
  tensor.dtype = *type;
  if (*shape != "scalar") {
    llvm::SmallVector<StringRef> dims;
    StringRef(*shape).split(dims, 'x');
    for (StringRef dim : dims) {
      int64_t value;
      if (dim.getAsInteger(10, value) || value < 0)
        return error("bad dimension '" + dim + "' in shape '" + *shape + "'");
      tensor.shape.push_back(value);
    }
  }
  auto regionIt = llvm::find_if(artifact.regions, [&](const MemoryRegion &r) {
    return r.name == *region;
  });
  if (regionIt == artifact.regions.end())
    return error("unknown region '" + *region + "' (declare it with .region first)");
  tensor.region = regionIt - artifact.regions.begin();

  if (kv.count("scales")) {
    std::string scales = *take(kv, "scales");
    auto zeroPoints = take(kv, "zero_points");
    if (!zeroPoints)
      return zeroPoints.takeError();
    auto axis = take(kv, "axis");
    if (!axis)
      return axis.takeError();
    llvm::SmallVector<StringRef> items;
    StringRef(scales).split(items, ',');
    for (StringRef item : items) {
      double value;
      if (item.getAsDouble(value))
        return error("bad scale '" + item + "'");
      tensor.quantization.scales.push_back(static_cast<float>(value));
    }
    items.clear();
    StringRef(*zeroPoints).split(items, ',');
    for (StringRef item : items) {
      int64_t value;
      if (item.getAsInteger(10, value))
        return error("bad zero point '" + item + "'");
      tensor.quantization.zeroPoints.push_back(value);
    }
    if (StringRef(*axis).getAsInteger(10, tensor.quantization.axis))
      return error("bad axis '" + *axis + "'");
  }
  if (kv.count("host")) {
    std::string host = *take(kv, "host");
    if (host != "u8")
      return error("unknown host type '" + host + "' (only u8: a uint8 tensor the device stores as i8)");
    tensor.hostUnsigned = true;
  }
  if (Error e = noExtraKeys(kv, directive))
    return e;
  (isInput ? artifact.inputs : artifact.outputs).push_back(std::move(tensor));
  return Error::success();
}

Error AssemblyParser::parseDirective(StringRef directive, StringRef rest) {
  rest = rest.trim();
  if (directive == ".isa") {
    auto [major, minor] = rest.split('.');
    if (major.getAsInteger(10, artifact.isaVersionMajor) ||
        minor.getAsInteger(10, artifact.isaVersionMinor))
      return error("expected .isa MAJOR.MINOR");
    haveIsa = true;
    return Error::success();
  }
  if (directive == ".producer")
    return unquote(rest, artifact.producer);
  if (directive == ".target" || directive == ".target_json") {
    auto target = directive == ".target"
                      ? mlir::npu::loadTarget(rest)
                      : mlir::npu::parseTargetDescription(rest, "the .target_json");
    if (!target)
      return error(llvm::toString(target.takeError()));
    artifact.targetName = target->name;
    artifact.targetJson = mlir::npu::printTargetDescription(*target);
    artifact.targetFingerprint = target->fingerprint();
    haveTarget = true;
    return Error::success();
  }
  if (directive == ".fingerprint") {
    uint64_t value;
    if (rest.getAsInteger(0, value))
      return error("expected .fingerprint 0x...");
    expectedFingerprint = value;
    return Error::success();
  }
  if (directive == ".memory") {
    llvm::StringMap<std::string> kv;
    if (Error e = parseKeyValues(rest, kv))
      return e;
    auto dram = parseUnsigned(kv, "dram");
    if (!dram)
      return dram.takeError();
    auto sram = parseUnsigned(kv, "sram");
    if (!sram)
      return sram.takeError();
    artifact.dramBytes = *dram;
    artifact.sramBytes = *sram;
    return noExtraKeys(kv, directive);
  }
  if (directive == ".region") {
    llvm::StringMap<std::string> kv;
    if (Error e = parseKeyValues(rest, kv))
      return e;
    MemoryRegion region;
    auto name = take(kv, "name");
    if (!name)
      return name.takeError();
    region.name = *name;
    auto kind = take(kv, "kind");
    if (!kind)
      return kind.takeError();
    bool known = false;
    for (RegionKind k : {RegionKind::Constant, RegionKind::Input,
                         RegionKind::Output, RegionKind::Scratch})
      if (getRegionKindName(k) == *kind) {
        region.kind = k;
        known = true;
      }
    if (!known)
      return error("unknown region kind '" + *kind +
                   "' (const, input, output or scratch)");
    auto offset = parseUnsigned(kv, "offset");
    if (!offset)
      return offset.takeError();
    auto size = parseUnsigned(kv, "size");
    if (!size)
      return size.takeError();
    region.offset = *offset;
    region.size = *size;
    artifact.regions.push_back(std::move(region));
    return noExtraKeys(kv, directive);
  }
  if (directive == ".input" || directive == ".output")
    return parseTensor(rest, directive == ".input");
  if (directive == ".node") {
    // Names may repeat (ONNX allows it); @"name" means the first, @#N any.
    std::string name;
    if (Error e = unquote(rest, name))
      return e;
    nodeIndex.try_emplace(name, artifact.nodeNames.size());
    artifact.nodeNames.push_back(name);
    return Error::success();
  }
  if (directive == ".constants") {
    llvm::StringMap<std::string> kv;
    if (Error e = parseKeyValues(rest, kv))
      return e;
    auto region = take(kv, "region");
    if (!region)
      return region.takeError();
    constantsRegionName = *region;
    return noExtraKeys(kv, directive);
  }
  if (directive == ".hex") {
    if (constantsRegionName.empty())
      return error(".hex outside a .constants section");
    if (rest.size() % 2)
      return error(".hex needs whole bytes (an even number of digits)");
    for (size_t i = 0; i < rest.size(); i += 2) {
      unsigned value;
      if (rest.substr(i, 2).getAsInteger(16, value))
        return error("bad hex byte '" + rest.substr(i, 2) + "'");
      artifact.constants.push_back(static_cast<uint8_t>(value));
    }
    return Error::success();
  }
  if (directive == ".queue") {
    CommandQueue newQueue;
    unsigned index = 0;
    if (rest.consume_front("dma")) {
      newQueue.engine = EngineKind::Dma;
      if (rest.getAsInteger(10, index))
        return error("expected .queue dma<N>, matrix or vector");
    } else if (std::optional<EngineKind> engine = parseEngineKind(rest)) {
      newQueue.engine = *engine;
    } else {
      return error("unknown queue '" + rest + "' (dma<N>, matrix or vector)");
    }
    newQueue.index = index;
    artifact.queues.push_back(std::move(newQueue));
    queue = &artifact.queues.back();
    return Error::success();
  }
  return error("unknown directive '" + directive + "'");
}

Error AssemblyParser::parseCommandLine(StringRef lineText) {
  if (!queue)
    return error("a command outside a .queue section");
  // Optional "N:" index, checked so that edited listings stay honest.
  size_t colon = lineText.find(':');
  if (colon != StringRef::npos && colon < lineText.find(' ') + 1) {
    unsigned index;
    if (!lineText.take_front(colon).trim().getAsInteger(10, index)) {
      if (index != queue->commands.size())
        return error(llvm::formatv("command numbered {0} is command {1} of "
                                   "queue {2}",
                                   index, queue->commands.size(), queue->getName())
                         .str());
      lineText = lineText.drop_front(colon + 1).trim();
    }
  }
  uint32_t node = kNoNode;
  size_t at = lineText.find(" @\"");
  size_t atIndex = lineText.find(" @#");
  if (atIndex != StringRef::npos) {
    if (lineText.drop_front(atIndex + 3).trim().getAsInteger(10, node) ||
        node >= artifact.nodeNames.size())
      return error("'" + lineText.drop_front(atIndex + 1).trim() +
                   "' is not the index of a .node declared above");
    lineText = lineText.take_front(atIndex);
  } else if (at != StringRef::npos) {
    std::string name;
    if (Error e = unquote(lineText.drop_front(at + 2).trim(), name))
      return e;
    auto [it, inserted] = nodeIndex.try_emplace(name, artifact.nodeNames.size());
    if (inserted)
      artifact.nodeNames.push_back(name);
    node = it->second;
    lineText = lineText.take_front(at);
  }
  Command command;
  if (lineText.consume_front(".word")) {
    // Raw words: how tests write commands this ISA does not define.
    llvm::SmallVector<StringRef> words;
    lineText.split(words, ' ', -1, /*KeepEmpty=*/false);
    if (words.size() != kCommandWords)
      return error(llvm::formatv(".word needs {0} words", kCommandWords).str());
    for (auto [i, word] : llvm::enumerate(words))
      if (word.getAsInteger(0, command.words[i]))
        return error("bad word '" + word + "'");
  } else {
    std::string message;
    std::optional<Command> parsed = parseCommand(lineText, message);
    if (!parsed)
      return error(message);
    command = *parsed;
  }
  queue->commands.push_back(command);
  queue->nodes.push_back(node);
  return Error::success();
}

Expected<Artifact> AssemblyParser::parse() {
  artifact.producer.clear();
  StringRef rest = text;
  while (!rest.empty()) {
    auto [lineText, tail] = rest.split('\n');
    rest = tail;
    ++line;
    lineText = stripComment(lineText).trim();
    if (lineText.empty())
      continue;
    if (lineText.starts_with(".") && !lineText.starts_with(".word")) {
      auto [directive, args] = lineText.split(' ');
      if (Error e = parseDirective(directive, args))
        return std::move(e);
      continue;
    }
    if (Error e = parseCommandLine(lineText))
      return std::move(e);
  }
  line = 0;
  if (!haveTarget)
    return error("no .target: name a preset (.target edge) or a JSON file");
  if (expectedFingerprint && *expectedFingerprint != artifact.targetFingerprint)
    return error(llvm::formatv(".fingerprint {0:x} does not match target '{1}' "
                               "({2:x})",
                               *expectedFingerprint, artifact.targetName,
                               artifact.targetFingerprint)
                     .str());
  if (!constantsRegionName.empty()) {
    auto it = llvm::find_if(artifact.regions, [&](const MemoryRegion &r) {
      return r.name == constantsRegionName;
    });
    if (it == artifact.regions.end())
      return error("unknown constants region '" + constantsRegionName + "'");
    artifact.constantsRegion = it - artifact.regions.begin();
  }
  if (!haveIsa)
    artifact.isaVersionMinor = getRequiredIsaMinor(artifact);
  if (Error e = verifyArtifact(artifact))
    return error(llvm::toString(std::move(e)));
  return std::move(artifact);
}

} // namespace

Expected<Artifact> mlir::npu::runtime::assembleArtifact(StringRef text,
                                                  StringRef source) {
  return AssemblyParser(text, source).parse();
}
