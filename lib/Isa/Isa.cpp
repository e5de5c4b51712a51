//===- Isa.cpp - command layouts, encoding and assembly text --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The tables below are the ISA: each opcode's operand fields with their word,
// bit offset and width. Changing an existing field is a major ISA version;
// adding an opcode or a kind is a minor one (Isa.h).
//
//===----------------------------------------------------------------------===//

#include "npu/Isa/Isa.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <cmath>
#include <cstring>

using namespace mlir::npu::runtime;
using llvm::StringLiteral;
using llvm::StringRef;

namespace {

constexpr StringLiteral kSpaceNames[] = {"dram", "sram"};
constexpr StringLiteral kDTypeNames[] = {"none", "i8", "i32", "f16", "f32", "i64"};

constexpr StringLiteral kEltwiseKinds[] = {
#define NPU_ISA_ELTWISE_KIND(Name, text) #text,
#include "npu/Isa/Commands.def"
};
constexpr StringLiteral kActivationKinds[] = {
#define NPU_ISA_ACTIVATION_KIND(Name, text) #text,
#include "npu/Isa/Commands.def"
};
constexpr StringLiteral kPoolKinds[] = {
#define NPU_ISA_POOL_KIND(Name, text) #text,
#include "npu/Isa/Commands.def"
};
constexpr StringLiteral kNormKinds[] = {
#define NPU_ISA_NORM_KIND(Name, text) #text,
#include "npu/Isa/Commands.def"
};

constexpr DType kMatrixTypes[] = {DType::I8, DType::F16};
constexpr DType kRequantTypes[] = {DType::I8};
constexpr DType kEltwiseTypes[] = {DType::I32, DType::F16, DType::F32};
constexpr DType kActivationTypes[] = {DType::I8, DType::F16, DType::F32};
constexpr DType kPoolTypes[] = {DType::I8, DType::F16, DType::F32};
constexpr DType kFloatTypes[] = {DType::F16, DType::F32};
constexpr DType kNoType[] = {DType::None};
constexpr DType kIndexTypes[] = {DType::I32, DType::I64};

constexpr llvm::ArrayRef<StringLiteral> kNoNames;
constexpr llvm::ArrayRef<StringLiteral> kNoKinds;

// The field and opcode tables, from Commands.def.
#define NPU_ISA_FIELD_INFO(ident, name, word, shift, bits, Type, names, desc)  \
  FieldInfo{name, word, shift, bits, FieldType::Type, k##names, desc},
#define NPU_ISA_OPCODE(Name, ident, byte, mnemonic, onDma, onMatrix, onVector, \
                       dtypes, kinds, FIELDS, summary)                         \
  const FieldInfo k##Name##Fields[] = {FIELDS(NPU_ISA_FIELD_INFO)};
#include "npu/Isa/Commands.def"
#undef NPU_ISA_FIELD_INFO

const OpcodeInfo kOpcodes[] = {
#define NPU_ISA_OPCODE(Name, ident, byte, mnemonic, onDma, onMatrix, onVector, \
                       dtypes, kinds, FIELDS, summary)                         \
  {Opcode::Name, mnemonic, onDma, onMatrix, onVector, k##dtypes, k##kinds,     \
   k##Name##Fields, summary},
#include "npu/Isa/Commands.def"
};

uint64_t fieldMask(unsigned bits) {
  return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
}

} // namespace

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

StringRef mlir::npu::runtime::getEngineKindName(EngineKind engine) {
  switch (engine) {
  case EngineKind::Dma:
    return "dma";
  case EngineKind::Matrix:
    return "matrix";
  case EngineKind::Vector:
    return "vector";
  }
  return "unknown";
}

std::optional<EngineKind> mlir::npu::runtime::parseEngineKind(StringRef name) {
  for (EngineKind engine :
       {EngineKind::Dma, EngineKind::Matrix, EngineKind::Vector})
    if (getEngineKindName(engine) == name)
      return engine;
  return std::nullopt;
}

StringRef mlir::npu::runtime::getDTypeName(DType type) {
  auto index = static_cast<size_t>(type);
  return index < std::size(kDTypeNames) ? StringRef(kDTypeNames[index])
                                        : StringRef("unknown");
}

std::optional<DType> mlir::npu::runtime::parseDType(StringRef name) {
  for (size_t i = 0; i < std::size(kDTypeNames); ++i)
    if (kDTypeNames[i] == name)
      return static_cast<DType>(i);
  return std::nullopt;
}

unsigned mlir::npu::runtime::getDTypeBytes(DType type) {
  switch (type) {
  case DType::I8:
    return 1;
  case DType::F16:
    return 2;
  case DType::I32:
  case DType::F32:
    return 4;
  case DType::I64:
    return 8;
  case DType::None:
    return 0;
  }
  return 0;
}

llvm::ArrayRef<OpcodeInfo> mlir::npu::runtime::getOpcodeInfos() { return kOpcodes; }

uint32_t mlir::npu::runtime::getRequiredIsaMinor(const Command &command) {
  return command.opcode() == Opcode::Gather ? 1 : 0;
}

const OpcodeInfo *mlir::npu::runtime::getOpcodeInfo(uint8_t opcode) {
  // Indexed by the opcode byte: the simulator asks for every command.
  static const std::array<const OpcodeInfo *, 256> byByte = [] {
    std::array<const OpcodeInfo *, 256> table{};
    for (const OpcodeInfo &info : kOpcodes)
      table[static_cast<uint8_t>(info.opcode)] = &info;
    return table;
  }();
  return byByte[opcode];
}

const OpcodeInfo *mlir::npu::runtime::getOpcodeInfo(StringRef mnemonic) {
  for (const OpcodeInfo &info : kOpcodes)
    if (info.mnemonic == mnemonic)
      return &info;
  return nullptr;
}

const FieldInfo *mlir::npu::runtime::getFieldInfo(const OpcodeInfo &info,
                                            StringRef name) {
  for (const FieldInfo &field : info.fields)
    if (field.name == name)
      return &field;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Command
//===----------------------------------------------------------------------===//

Command Command::make(Opcode opcode, DType dtype, uint8_t kind) {
  Command command;
  command.words[0] = static_cast<uint32_t>(opcode);
  command.setDType(dtype);
  command.setKind(kind);
  return command;
}

void Command::setDType(DType type) {
  words[0] = (words[0] & ~0xff00u) | (uint32_t(type) << 8);
}

void Command::setKind(uint8_t kind) {
  words[0] = (words[0] & ~0xff0000u) | (uint32_t(kind) << 16);
}

/// By name: the assembler, the validator's messages and tests. The hot
/// paths (encoder, timing, simulator execution) use the typed fields.
static const FieldInfo &lookupField(const Command &command, StringRef name) {
  const OpcodeInfo *info = getOpcodeInfo(command.opcodeByte());
  const FieldInfo *field = info ? getFieldInfo(*info, name) : nullptr;
  if (!field)
    llvm::report_fatal_error(llvm::Twine("command has no field '") + name + "'");
  return *field;
}

uint64_t Command::get(StringRef field) const {
  return getRaw(lookupField(*this, field));
}
int64_t Command::getSigned(StringRef field) const {
  return static_cast<int64_t>(getRaw(lookupField(*this, field)));
}
float Command::getFloat(StringRef field) const {
  uint32_t bits = static_cast<uint32_t>(getRaw(lookupField(*this, field)));
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}
Command &Command::set(StringRef field, uint64_t value) {
  setRaw(lookupField(*this, field), value);
  return *this;
}
Command &Command::setSigned(StringRef field, int64_t value) {
  setRaw(lookupField(*this, field), static_cast<uint64_t>(value));
  return *this;
}
Command &Command::setFloat(StringRef field, float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  setRaw(lookupField(*this, field), bits);
  return *this;
}

void Command::encode(uint8_t *out) const {
  for (unsigned i = 0; i < kCommandWords; ++i)
    for (unsigned b = 0; b < 4; ++b)
      out[i * 4 + b] = static_cast<uint8_t>(words[i] >> (8 * b));
}

Command Command::decode(const uint8_t *bytes) {
  Command command;
  for (unsigned i = 0; i < kCommandWords; ++i)
    command.words[i] = uint32_t(bytes[i * 4]) | uint32_t(bytes[i * 4 + 1]) << 8 |
                       uint32_t(bytes[i * 4 + 2]) << 16 |
                       uint32_t(bytes[i * 4 + 3]) << 24;
  return command;
}

//===----------------------------------------------------------------------===//
// Assembly text
//===----------------------------------------------------------------------===//

std::string mlir::npu::runtime::checkEncoding(const Command &c) {
  const OpcodeInfo *info = getOpcodeInfo(c.opcodeByte());
  if (!info)
    return llvm::formatv("opcode {0:x2} is not an ISA {1}.{2} command",
                         unsigned(c.opcodeByte()), kIsaVersionMajor,
                         kIsaVersionMinor);
  if (!llvm::is_contained(info->dtypes, c.dtype()))
    return ("element type byte " + llvm::Twine(unsigned(c.dtype())) +
            " is not valid for '" + info->mnemonic + "'")
        .str();
  if (info->kinds.empty() ? c.kind() != 0 : c.kind() >= info->kinds.size())
    return ("kind byte " + llvm::Twine(unsigned(c.kind())) +
            " is not valid for '" + info->mnemonic + "'")
        .str();
  std::array<uint32_t, kCommandWords> used{};
  used[0] = 0xffffff; // opcode, dtype, kind
  for (const FieldInfo &field : info->fields) {
    if (field.type == FieldType::Enum && c.getRaw(field) >= field.enumNames.size())
      return llvm::formatv("field '{0}' holds {1}, not one of its {2} values",
                           field.name, c.getRaw(field), field.enumNames.size());
    if (field.bits == 64) {
      used[field.word] = used[field.word + 1] = ~0u;
      continue;
    }
    used[field.word] |= static_cast<uint32_t>(fieldMask(field.bits) << field.shift);
  }
  // Unused bits must be zero: a later minor ISA may give them a meaning.
  for (unsigned w = 0; w < kCommandWords; ++w)
    if (c.words[w] & ~used[w])
      return llvm::formatv("word {0} has bits {1:x} set that no field of '{2}' "
                           "uses",
                           w, c.words[w] & ~used[w], info->mnemonic);
  return "";
}

std::string mlir::npu::runtime::printCommand(const Command &command) {
  std::string text;
  llvm::raw_string_ostream os(text);
  const OpcodeInfo *info = getOpcodeInfo(command.opcodeByte());
  if (!checkEncoding(command).empty()) {
    // Not a well-formed command of this ISA: print its words so that
    // nothing is hidden and reassembly gives the same bits.
    os << ".word";
    for (uint32_t word : command.words)
      os << ' ' << llvm::format_hex(word, 10);
    return text;
  }
  os << info->mnemonic;
  if (!info->kinds.empty())
    os << '.' << info->kinds[command.kind()];
  if (command.dtype() != DType::None)
    os << '.' << getDTypeName(command.dtype());
  for (const FieldInfo &field : info->fields) {
    uint64_t raw = command.getRaw(field);
    switch (field.type) {
    case FieldType::Flag:
      if (raw)
        os << ' ' << field.name;
      break;
    case FieldType::Enum:
      os << ' ' << field.name << '=' << field.enumNames[raw];
      break;
    case FieldType::Address:
      os << ' ' << field.name << '=' << llvm::format_hex(raw, 2);
      break;
    case FieldType::Signed:
      os << ' ' << field.name << '=' << static_cast<int64_t>(raw);
      break;
    case FieldType::Float: {
      float value;
      uint32_t bits = static_cast<uint32_t>(raw);
      std::memcpy(&value, &bits, sizeof(value));
      // %.9g round-trips every finite binary32; infinities and NaNs (with
      // their payloads) are written as their bits.
      os << ' ' << field.name << '=';
      if (std::isfinite(value))
        os << llvm::format("%.9g", value);
      else
        os << llvm::format_hex(bits, 10);
      break;
    }
    case FieldType::Unsigned:
      os << ' ' << field.name << '=' << raw;
      break;
    }
  }
  return text;
}

static bool parseFieldValue(const FieldInfo &field, StringRef text,
                            uint64_t &value, std::string &error) {
  auto fail = [&](const llvm::Twine &what) {
    error = ("field '" + field.name + "': " + what).str();
    return false;
  };
  switch (field.type) {
  case FieldType::Enum:
    for (size_t i = 0; i < field.enumNames.size(); ++i)
      if (field.enumNames[i] == text) {
        value = i;
        return true;
      }
    return fail("'" + text + "' is not one of " +
                llvm::join(llvm::map_range(field.enumNames,
                                           [](StringLiteral s) { return StringRef(s); }),
                           ", "));
  case FieldType::Float: {
    // 0x... gives the bits (how infinities and NaNs are written).
    if (text.starts_with("0x")) {
      uint32_t bits;
      if (text.getAsInteger(0, bits))
        return fail("'" + text + "' is not 32 bits of a float");
      value = bits;
      return true;
    }
    double parsed;
    if (text.getAsDouble(parsed))
      return fail("'" + text + "' is not a number");
    float narrowed = static_cast<float>(parsed);
    uint32_t bits;
    std::memcpy(&bits, &narrowed, sizeof(bits));
    value = bits;
    return true;
  }
  case FieldType::Signed: {
    int64_t parsed;
    if (text.getAsInteger(0, parsed))
      return fail("'" + text + "' is not an integer");
    int64_t lo = -(int64_t{1} << (field.bits - 1));
    int64_t hi = (int64_t{1} << (field.bits - 1)) - 1;
    if (parsed < lo || parsed > hi)
      return fail(llvm::Twine(parsed) + " does not fit in " +
                  llvm::Twine(field.bits) + " signed bits");
    value = static_cast<uint64_t>(parsed);
    return true;
  }
  case FieldType::Flag:
  case FieldType::Address:
  case FieldType::Unsigned: {
    uint64_t parsed;
    if (text.getAsInteger(0, parsed))
      return fail("'" + text + "' is not an unsigned integer");
    if (field.bits < 64 && parsed > fieldMask(field.bits))
      return fail(llvm::Twine(parsed) + " does not fit in " +
                  llvm::Twine(field.bits) + " bits");
    value = parsed;
    return true;
  }
  }
  return fail("unknown field type");
}

std::optional<Command> mlir::npu::runtime::parseCommand(StringRef text,
                                                  std::string &error) {
  llvm::SmallVector<StringRef> tokens;
  llvm::SplitString(text, tokens); // on any whitespace
  if (tokens.empty()) {
    error = "empty command";
    return std::nullopt;
  }

  // `mnemonic[.kind][.dtype]`
  llvm::SmallVector<StringRef> parts;
  tokens[0].split(parts, '.');
  const OpcodeInfo *info = getOpcodeInfo(parts[0]);
  if (!info) {
    error = ("unknown opcode '" + parts[0] + "'").str();
    return std::nullopt;
  }
  Command command = Command::make(info->opcode);
  size_t next = 1;
  if (!info->kinds.empty()) {
    if (parts.size() < 2) {
      error = ("'" + info->mnemonic + "' needs a kind: " + info->mnemonic + ".<" +
               llvm::join(llvm::map_range(info->kinds,
                                          [](StringLiteral s) { return StringRef(s); }),
                          "|") +
               ">")
                  .str();
      return std::nullopt;
    }
    auto *it = llvm::find(info->kinds, parts[1]);
    if (it == info->kinds.end()) {
      error = ("unknown kind '" + parts[1] + "' of '" + info->mnemonic + "'").str();
      return std::nullopt;
    }
    command.setKind(static_cast<uint8_t>(it - info->kinds.begin()));
    next = 2;
  }
  if (next < parts.size()) {
    std::optional<DType> dtype = parseDType(parts[next]);
    if (!dtype || !llvm::is_contained(info->dtypes, *dtype)) {
      error = ("'" + info->mnemonic + "' has no element type '" + parts[next] + "'").str();
      return std::nullopt;
    }
    command.setDType(*dtype);
    ++next;
  } else if (!llvm::is_contained(info->dtypes, DType::None)) {
    error = ("'" + info->mnemonic + "' needs an element type, e.g. " +
             info->mnemonic + "." + getDTypeName(info->dtypes.front()))
                .str();
    return std::nullopt;
  }
  if (next != parts.size()) {
    error = ("unexpected '." + parts[next] + "' in '" + tokens[0] + "'").str();
    return std::nullopt;
  }

  llvm::SmallVector<bool> seen(info->fields.size(), false);
  for (StringRef token : llvm::drop_begin(tokens)) {
    auto [name, valueText] = token.split('=');
    const FieldInfo *field = getFieldInfo(*info, name);
    if (!field) {
      error = ("'" + info->mnemonic + "' has no field '" + name + "'").str();
      return std::nullopt;
    }
    size_t index = field - info->fields.data();
    if (seen[index]) {
      error = ("field '" + name + "' given twice").str();
      return std::nullopt;
    }
    seen[index] = true;
    uint64_t value = 1;
    if (field->type == FieldType::Flag && !token.contains('=')) {
      command.setRaw(*field, 1);
      continue;
    }
    if (!parseFieldValue(*field, valueText, value, error))
      return std::nullopt;
    command.setRaw(*field, value);
  }
  // Every non-flag field must be given: a forgotten stride is not zero.
  for (auto [index, field] : llvm::enumerate(info->fields))
    if (!seen[index] && field.type != FieldType::Flag) {
      error = ("'" + info->mnemonic + "' is missing field '" + field.name + "'").str();
      return std::nullopt;
    }
  return command;
}

std::string mlir::npu::runtime::printIsaReference() {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (const OpcodeInfo &info : kOpcodes) {
    os << "## `" << info.mnemonic << "` (opcode "
       << llvm::format_hex(static_cast<unsigned>(info.opcode), 4) << ")\n\n"
       << info.summary << ".\n\n";
    llvm::SmallVector<StringRef> engines;
    if (info.runsOnDma)
      engines.push_back("dma");
    if (info.runsOnMatrix)
      engines.push_back("matrix");
    if (info.runsOnVector)
      engines.push_back("vector");
    os << "* Queues: " << llvm::join(engines, ", ") << "\n";
    llvm::SmallVector<StringRef> types;
    for (DType type : info.dtypes)
      if (type != DType::None)
        types.push_back(getDTypeName(type));
    if (!types.empty())
      os << "* Element types (`dtype` byte): " << llvm::join(types, ", ") << "\n";
    if (!info.kinds.empty()) {
      os << "* Kinds (`kind` byte):";
      for (auto [index, kind] : llvm::enumerate(info.kinds))
        os << (index ? ", " : " ") << index << " `" << kind << "`";
      os << "\n";
    }
    os << "\n| field | word | bits | type | meaning |\n"
          "|---|---|---|---|---|\n";
    for (const FieldInfo &field : info.fields) {
      os << "| `" << field.name << "` | " << field.word;
      if (field.bits == 64)
        os << "-" << field.word + 1 << " | 0-63";
      else
        os << " | " << field.shift << "-" << field.shift + field.bits - 1;
      os << " | ";
      switch (field.type) {
      case FieldType::Unsigned:
        os << "unsigned";
        break;
      case FieldType::Signed:
        os << "signed";
        break;
      case FieldType::Address:
        os << "address";
        break;
      case FieldType::Float:
        os << "f32";
        break;
      case FieldType::Flag:
        os << "flag";
        break;
      case FieldType::Enum:
        os << llvm::join(llvm::map_range(field.enumNames,
                                         [](StringLiteral s) { return StringRef(s); }),
                         " \\| ");
        break;
      }
      os << " | " << field.description << " |\n";
    }
    os << "\n";
  }
  return text;
}
