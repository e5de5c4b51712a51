//===- HandleTable.h - the objects behind the C API's handles ---*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// A C API handle is not a pointer to its object: it is a slot of one
// process-wide table, the slot's generation and the object's kind, packed
// into the pointer-sized value C callers hold. Every call looks its handles
// up, so a handle used after it was freed (its slot has a newer
// generation), freed twice, of the wrong kind (a model passed as a buffer)
// or made up is reported as NPU_ERROR_INVALID_HANDLE instead of being
// dereferenced. A lookup returns a shared_ptr, so an object stays alive for
// the call that uses it even if another thread frees its handle meanwhile.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_CAPI_HANDLETABLE_H
#define NPU_LIB_CAPI_HANDLETABLE_H

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace mlir::npu::capi {

enum class HandleKind : uint8_t { Device = 1, Model = 2, Buffer = 3, Job = 4 };

/// "device", "model", "buffer", "job".
const char *getHandleKindName(HandleKind kind);

/// Why a handle does not name a live object of the expected kind.
enum class HandleProblem {
  None,
  /// Its object was freed (the slot is free or holds a newer object).
  Freed,
  /// It names a live object of another kind; see `actualKind`.
  WrongKind,
  /// It was never returned by this library.
  Unknown,
};

class HandleTable {
public:
  /// The table of this process.
  static HandleTable &get();

  /// A new handle for `object`; 0 if the table is full (2^29 live handles).
  uint64_t insert(HandleKind kind, std::shared_ptr<void> object);

  /// The object of `handle` if it is a live handle of `kind`, else null
  /// with the reason in `problem` (and the handle's kind in `actualKind`
  /// when it is WrongKind).
  std::shared_ptr<void> lookup(uint64_t handle, HandleKind kind,
                               HandleProblem &problem, HandleKind &actualKind);

  /// As lookup, and frees the handle: later lookups report Freed. The
  /// object is returned so that it is destroyed outside the table's lock.
  std::shared_ptr<void> erase(uint64_t handle, HandleKind kind,
                              HandleProblem &problem, HandleKind &actualKind);

private:
  struct Slot {
    /// Odd while the slot holds an object, even while it is free; a free
    /// slot's next object gets the next odd value.
    uint32_t generation = 0;
    HandleKind kind = HandleKind::Device;
    std::shared_ptr<void> object;
  };

  /// The slot `handle` names if its generation and kind match; else null
  /// and the problem.
  Slot *find(uint64_t handle, HandleKind kind, HandleProblem &problem,
             HandleKind &actualKind);

  std::mutex mutex;
  std::vector<Slot> slots;
  std::vector<uint32_t> freeSlots;
};

} // namespace mlir::npu::capi

#endif // NPU_LIB_CAPI_HANDLETABLE_H
