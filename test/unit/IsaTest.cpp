//===- IsaTest.cpp - the ISA described once (Commands.def) ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Isa/Isa.h"

#include <gtest/gtest.h>

using namespace mlir::npu::runtime;

namespace {

/// Every typed field (isa::<mnemonic>::<field>) is the field the tables the
/// assembler and the docs use name, at the same bits: a value written one
/// way reads back the other way, and only its own bits change.
TEST(IsaTest, TypedFieldsAreTheTablesFields) {
  int checked = 0;
#define NPU_ISA_CHECK_FIELD(ident, name, w_, s_, b_, t_, n_, d_)                \
  {                                                                            \
    SCOPED_TRACE(name);                                                        \
    const FieldInfo *info = getFieldInfo(*getOpcodeInfo(uint8_t(kOpcode)), name); \
    ASSERT_NE(info, nullptr);                                                  \
    EXPECT_EQ(info->word, ident.word);                                         \
    EXPECT_EQ(info->shift, ident.shift);                                       \
    EXPECT_EQ(info->bits, ident.bits);                                         \
    EXPECT_EQ(info->type, ident.type);                                         \
    Command typed = Command::make(kOpcode), named = Command::make(kOpcode);    \
    uint64_t value = ident.bits == 64 ? 0x123456789abcull : 1;                 \
    typed.set(ident, value);                                                   \
    named.set(name, value);                                                    \
    EXPECT_EQ(typed, named);                                                   \
    EXPECT_EQ(named.get(ident), value);                                        \
    ++checked;                                                                 \
  }
#define NPU_ISA_OPCODE(Name, ident, byte, mnemonic, onDma, onMatrix, onVector, \
                       dtypes, kinds, FIELDS, summary)                         \
  {                                                                            \
    using namespace isa::ident;                                                \
    ASSERT_NE(getOpcodeInfo(mnemonic), nullptr);                               \
    EXPECT_EQ(getOpcodeInfo(mnemonic)->opcode, Opcode::Name);                  \
    FIELDS(NPU_ISA_CHECK_FIELD)                                                \
  }
#include "npu/Isa/Commands.def"
#undef NPU_ISA_CHECK_FIELD
  size_t tableFields = 0;
  for (const OpcodeInfo &info : getOpcodeInfos())
    tableFields += info.fields.size();
  EXPECT_EQ(size_t(checked), tableFields);
}

/// Signed fields sign-extend through the typed accessors as by name.
TEST(IsaTest, SignedAndFloatFieldsRoundTrip) {
  Command conv = Command::make(Opcode::Conv2D, DType::I8);
  conv.setSigned(isa::conv2d::pad_value, -3);
  EXPECT_EQ(conv.getSigned(isa::conv2d::pad_value), -3);
  EXPECT_EQ(conv.getSigned("pad_value"), -3);
  EXPECT_EQ(conv.get(isa::conv2d::kernel_h), 0u); // the neighbours untouched
  Command act = Command::make(Opcode::Activation, DType::F16);
  act.setFloat(isa::act::alpha, -0.25f);
  EXPECT_EQ(act.getFloat(isa::act::alpha), -0.25f);
  EXPECT_EQ(act.getFloat("alpha"), -0.25f);
}

} // namespace
