//===- Isa.h - the NPU command encoding -------------------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Every NPU command is 64 bytes: sixteen little-endian 32-bit words. Word 0
// holds the opcode (bits 0-7), the element type (8-15), the function kind
// (16-23) and per-opcode flags (24-31); words 1-15 hold the operands. The
// opcodes and their fields are described once, in Commands.def: the tables
// (getOpcodeInfo) the assembler, the disassembler, the validator and
// docs/isa.md read, and the typed fields (isa::<mnemonic>::<field>) the
// encoders, the timing model and the simulator use, are generated from it,
// so they cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_ISA_H
#define NPU_ISA_ISA_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace mlir::npu::runtime {

/// The ISA version an artifact's commands are encoded in. A minor version
/// adds opcodes or kinds; a major version changes existing encodings.
constexpr uint32_t kIsaVersionMajor = 1;
constexpr uint32_t kIsaVersionMinor = 1;

constexpr unsigned kCommandWords = 16;
constexpr unsigned kCommandBytes = kCommandWords * 4;

/// The engine whose queue runs a command.
enum class EngineKind : uint8_t { Dma = 0, Matrix = 1, Vector = 2 };
llvm::StringRef getEngineKindName(EngineKind engine);
std::optional<EngineKind> parseEngineKind(llvm::StringRef name);

/// Element types of command operands.
/// i64 (ISA 1.1) is for gather indices and model inputs, never for arithmetic.
enum class DType : uint8_t { None = 0, I8 = 1, I32 = 2, F16 = 3, F32 = 4, I64 = 5 };
llvm::StringRef getDTypeName(DType type);
std::optional<DType> parseDType(llvm::StringRef name);
unsigned getDTypeBytes(DType type);

/// The opcodes (Commands.def).
enum class Opcode : uint8_t {
#define NPU_ISA_OPCODE(Name, ident, byte, mnemonic, onDma, onMatrix, onVector, \
                       dtypes, kinds, FIELDS, summary)                         \
  Name = byte,
#include "npu/Isa/Commands.def"
};

/// The kinds of eltwise, act, pool and norm commands (Commands.def).
enum class EltwiseKind : uint8_t {
#define NPU_ISA_ELTWISE_KIND(Name, text) Name,
#include "npu/Isa/Commands.def"
};
enum class ActivationKind : uint8_t {
#define NPU_ISA_ACTIVATION_KIND(Name, text) Name,
#include "npu/Isa/Commands.def"
};
enum class PoolKind : uint8_t {
#define NPU_ISA_POOL_KIND(Name, text) Name,
#include "npu/Isa/Commands.def"
};
enum class NormKind : uint8_t {
#define NPU_ISA_NORM_KIND(Name, text) Name,
#include "npu/Isa/Commands.def"
};
enum class MemorySpace : uint8_t { Dram = 0, Sram = 1 };

/// How a field's bits read.
enum class FieldType : uint8_t {
  Unsigned, // decimal
  Signed,   // two's complement of `bits` bits
  Address,  // byte address, printed in hex (64 bits span two words)
  Float,    // IEEE binary32 bits
  Flag,     // one bit, printed as a bare word when set
  Enum,     // index into `enumNames`
};

struct FieldInfo {
  llvm::StringLiteral name;
  unsigned word;  // first word
  unsigned shift; // bit offset within the word
  unsigned bits;  // 1..32, or 64 for an address spanning word and word + 1
  FieldType type;
  llvm::ArrayRef<llvm::StringLiteral> enumNames;
  llvm::StringLiteral description;
};

struct OpcodeInfo {
  Opcode opcode;
  llvm::StringLiteral mnemonic;
  /// Engines that may run it; synchronisation runs on any.
  bool runsOnDma, runsOnMatrix, runsOnVector;
  /// Element types the `dtype` byte may hold.
  llvm::ArrayRef<DType> dtypes;
  /// Names of the `kind` byte's values; empty if the opcode has no kinds.
  llvm::ArrayRef<llvm::StringLiteral> kinds;
  /// Operand fields, word 0's flags included.
  llvm::ArrayRef<FieldInfo> fields;
  llvm::StringLiteral summary;
};

/// Every opcode of this ISA version.
/// A field of opcode `Op`'s commands, known at compile time: what the
/// compiler's encoder, the timing model and the simulator read and write
/// commands with (no look-up by name; a field of another opcode does not
/// compile). Generated from Commands.def as `isa::<mnemonic>::<field>`.
template <Opcode Op>
struct Field {
  unsigned word, shift, bits;
  FieldType type;
};

namespace isa {
#define NPU_ISA_FIELD_REF(ident, name, word, shift, bits, Type, names, desc)   \
  inline constexpr Field<kOpcode> ident{word, shift, bits, FieldType::Type};
#define NPU_ISA_OPCODE(Name, ident, byte, mnemonic, onDma, onMatrix, onVector, \
                       dtypes, kinds, FIELDS, summary)                         \
  namespace ident {                                                            \
  inline constexpr Opcode kOpcode = Opcode::Name;                              \
  FIELDS(NPU_ISA_FIELD_REF)                                                    \
  }
#include "npu/Isa/Commands.def"
#undef NPU_ISA_FIELD_REF
} // namespace isa

llvm::ArrayRef<OpcodeInfo> getOpcodeInfos();
const OpcodeInfo *getOpcodeInfo(uint8_t opcode);
const OpcodeInfo *getOpcodeInfo(llvm::StringRef mnemonic);
const FieldInfo *getFieldInfo(const OpcodeInfo &info, llvm::StringRef name);

/// One encoded command. Fields are read and written by name through the
/// opcode's table; a name the opcode does not have is a programming error.
struct Command {
  std::array<uint32_t, kCommandWords> words{};

  uint8_t opcodeByte() const { return words[0] & 0xff; }
  Opcode opcode() const { return static_cast<Opcode>(opcodeByte()); }
  DType dtype() const { return static_cast<DType>((words[0] >> 8) & 0xff); }
  uint8_t kind() const { return (words[0] >> 16) & 0xff; }

  /// A new command of `opcode` with every other bit zero.
  static Command make(Opcode opcode, DType dtype = DType::None,
                      uint8_t kind = 0);
  void setDType(DType type);
  void setKind(uint8_t kind);

  /// Raw field access (sign-extended for Signed, bit pattern for Float).
  uint64_t getRaw(const FieldInfo &field) const {
    return getBits(field.word, field.shift, field.bits, field.type);
  }
  void setRaw(const FieldInfo &field, uint64_t value) {
    setBits(field.word, field.shift, field.bits, value);
  }

  /// Typed access (isa::<mnemonic>::<field>); the command has opcode `Op`.
  template <Opcode Op>
  uint64_t get(Field<Op> field) const {
    return getBits(field.word, field.shift, field.bits, field.type);
  }
  template <Opcode Op>
  int64_t getSigned(Field<Op> field) const {
    return static_cast<int64_t>(get(field));
  }
  template <Opcode Op>
  float getFloat(Field<Op> field) const {
    return bitsToFloat(static_cast<uint32_t>(get(field)));
  }
  template <Opcode Op>
  Command &set(Field<Op> field, uint64_t value) {
    setBits(field.word, field.shift, field.bits, value);
    return *this;
  }
  template <Opcode Op>
  Command &setSigned(Field<Op> field, int64_t value) {
    return set(field, static_cast<uint64_t>(value));
  }
  template <Opcode Op>
  Command &setFloat(Field<Op> field, float value) {
    return set(field, floatToBits(value));
  }

  /// Access by name, for text (the assembler, tests); fatal if the opcode
  /// has no such field.

  uint64_t get(llvm::StringRef field) const;
  int64_t getSigned(llvm::StringRef field) const;
  float getFloat(llvm::StringRef field) const;
  Command &set(llvm::StringRef field, uint64_t value);
  Command &setSigned(llvm::StringRef field, int64_t value);
  Command &setFloat(llvm::StringRef field, float value);

  /// Little-endian bytes of the command.
  void encode(uint8_t *out) const;
  static Command decode(const uint8_t *bytes);

  bool operator==(const Command &other) const { return words == other.words; }

private:
  static constexpr uint64_t mask(unsigned bits) {
    return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  }
  uint64_t getBits(unsigned word, unsigned shift, unsigned bits,
                   FieldType type) const {
    if (bits == 64)
      return uint64_t(words[word]) | (uint64_t(words[word + 1]) << 32);
    uint64_t value = (words[word] >> shift) & mask(bits);
    if (type == FieldType::Signed && ((value >> (bits - 1)) & 1))
      value |= ~mask(bits); // sign-extend
    return value;
  }
  void setBits(unsigned word, unsigned shift, unsigned bits, uint64_t value) {
    if (bits == 64) {
      words[word] = static_cast<uint32_t>(value);
      words[word + 1] = static_cast<uint32_t>(value >> 32);
      return;
    }
    uint32_t fieldMask = static_cast<uint32_t>(mask(bits)) << shift;
    words[word] = (words[word] & ~fieldMask) |
                  ((static_cast<uint32_t>(value) << shift) & fieldMask);
  }
  static float bitsToFloat(uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }
  static uint32_t floatToBits(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
  }
};

/// The lowest minor version (of kIsaVersionMajor) that has `command`:
/// 1 for `gather`, 0 for the rest. An artifact declares the lowest version
/// its commands and tensors need, so older runtimes still take it when it
/// uses nothing newer.
uint32_t getRequiredIsaMinor(const Command &command);

/// What makes `command` not a well-formed command of this ISA, or "" if it
/// is one: an unknown opcode, an element type or kind the opcode does not
/// have, an enumerated field out of range, or bits set that no field uses.
/// Operand ranges are the simulator's business (they depend on the target).
std::string checkEncoding(const Command &command);

/// The assembly text of a command: `mnemonic.kind.dtype field=value ...`,
/// or `.word w0 ... w15` for one checkEncoding refuses, so that printing
/// never loses a bit.
std::string printCommand(const Command &command);

/// Parses one command's assembly text; on failure returns std::nullopt and
/// sets `error` to what is wrong.
std::optional<Command> parseCommand(llvm::StringRef text, std::string &error);

/// The ISA reference (docs/isa.md's command tables) in Markdown.
std::string printIsaReference();

} // namespace mlir::npu::runtime

#endif // NPU_ISA_ISA_H
