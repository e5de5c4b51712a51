//===- NpyTest.cpp - .npy reader and writer -------------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Support/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

using namespace mlir::npu;

namespace {

std::string errorOf(llvm::Expected<NpyArray> result) {
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

NpyArray makeArray(NpyDType dtype, std::vector<int64_t> shape) {
  NpyArray array;
  array.dtype = dtype;
  array.shape = shape;
  array.data.resize(array.numElements() * npyItemSize(dtype));
  for (size_t i = 0; i < array.data.size(); ++i)
    array.data[i] = static_cast<uint8_t>(i * 7 + 3);
  return array;
}

TEST(NpyTest, RoundTripsEveryDType) {
  for (NpyDType dtype :
       {NpyDType::Float32, NpyDType::Float16, NpyDType::Float64, NpyDType::Int8,
        NpyDType::UInt8, NpyDType::Int32, NpyDType::Int64, NpyDType::Bool}) {
    for (std::vector<int64_t> shape :
         {std::vector<int64_t>{}, {5}, {1, 3, 4, 2}}) {
      NpyArray array = makeArray(dtype, shape);
      std::string bytes = serializeNpy(array);
      // The data starts on a 64-byte boundary, as numpy writes it.
      EXPECT_EQ((bytes.size() - array.data.size()) % 64, 0u);
      llvm::Expected<NpyArray> back = parseNpy(bytes, "x.npy");
      ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
      EXPECT_EQ(back->dtype, dtype);
      EXPECT_EQ(back->shape, shape);
      EXPECT_EQ(back->data, array.data);
    }
  }
}

TEST(NpyTest, ReadsWhatNumpyWrites) {
  // numpy.save('a.npy', numpy.arange(6, dtype=numpy.int32).reshape(2, 3))
  std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";
  header.append(128 - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size());
  bytes += '\0';
  bytes += header;
  for (int32_t v = 0; v < 6; ++v)
    bytes.append(reinterpret_cast<const char *>(&v), 4);
  llvm::Expected<NpyArray> array = parseNpy(bytes, "a.npy");
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->dtype, NpyDType::Int32);
  EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(array->as<int32_t>()[5], 5);
}

TEST(NpyTest, RejectsMalformedFilesWithTheirName) {
  NpyArray array = makeArray(NpyDType::Float32, {2, 2});
  std::string good = serializeNpy(array);
  EXPECT_NE(errorOf(parseNpy("", "in.npy")).find("in.npy: is not a .npy file"),
            std::string::npos);
  EXPECT_NE(errorOf(parseNpy(good.substr(0, good.size() - 4), "in.npy"))
                .find("holds 12 data bytes but its header (float32, shape 2x2) needs 16"),
            std::string::npos);
  std::string wrongType = good;
  wrongType.replace(wrongType.find("<f4"), 3, ">f4");
  EXPECT_NE(errorOf(parseNpy(wrongType, "in.npy")).find("has dtype '>f4'"),
            std::string::npos);
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_NE(errorOf(parseNpy(fortran, "in.npy")).find("Fortran order"),
            std::string::npos);
  std::string absurd = good;
  absurd.replace(absurd.find("(2, 2)"), 6, "(9999999999, 9999999999)");
  EXPECT_NE(errorOf(parseNpy(absurd, "in.npy")).find("absurd shape"),
            std::string::npos);
  std::string truncated = good.substr(0, 20);
  EXPECT_NE(errorOf(parseNpy(truncated, "in.npy")).find("truncated"),
            std::string::npos);
}

TEST(NpyTest, WritesAtomically) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("npu-npy-test", dir));
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, "out.npy");
  NpyArray array = makeArray(NpyDType::Int64, {3});
  ASSERT_FALSE(static_cast<bool>(writeNpy(path, array)));
  llvm::Expected<NpyArray> back = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(back));
  EXPECT_EQ(back->data, array.data);
  // No temporary file is left next to it.
  std::error_code ec;
  int files = 0;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    ++files;
  EXPECT_EQ(files, 1);
  // A directory that does not exist is an error, not a crash.
  llvm::SmallString<128> missing(dir);
  llvm::sys::path::append(missing, "no", "such", "out.npy");
  llvm::Error err = writeNpy(missing, array);
  EXPECT_TRUE(static_cast<bool>(err));
  llvm::consumeError(std::move(err));
  llvm::sys::fs::remove_directories(dir);
}

} // namespace
