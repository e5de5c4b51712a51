//===- HandleTable.cpp - the objects behind the C API's handles -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// A handle packs, from the top bit down: the slot's generation (32 bits,
// odd while the slot is live), the slot index (29 bits) and the kind
// (3 bits, 1 to 4). So a NULL or pointer-aligned garbage value is never a
// handle (kind 0), and a freed handle's generation is older than its
// slot's.
//
//===----------------------------------------------------------------------===//

#include "HandleTable.h"

using namespace mlir::npu::capi;

static_assert(sizeof(void *) >= sizeof(uint64_t),
              "C API handles pack a 64-bit slot, generation and kind into a "
              "pointer-sized value");

namespace {
constexpr unsigned kKindBits = 3;
constexpr unsigned kIndexBits = 29;
constexpr uint64_t kMaxSlots = uint64_t(1) << kIndexBits;
/// A slot whose generation reaches this when freed is never reused, so a
/// generation never wraps around to one a stale handle still carries.
constexpr uint32_t kRetiredGeneration = 0xFFFFFFFEu;

uint64_t pack(uint32_t generation, uint32_t index, HandleKind kind) {
  return (uint64_t(generation) << 32) | (uint64_t(index) << kKindBits) |
         uint64_t(kind);
}
} // namespace

const char *mlir::npu::capi::getHandleKindName(HandleKind kind) {
  switch (kind) {
  case HandleKind::Device:
    return "device";
  case HandleKind::Model:
    return "model";
  case HandleKind::Buffer:
    return "buffer";
  case HandleKind::Job:
    return "job";
  }
  return "unknown";
}

HandleTable &HandleTable::get() {
  // Never destroyed: handles a program leaks may be released by atexit
  // handlers or other static destructors after this one would have run.
  static HandleTable *table = new HandleTable();
  return *table;
}

uint64_t HandleTable::insert(HandleKind kind, std::shared_ptr<void> object) {
  std::lock_guard<std::mutex> lock(mutex);
  uint32_t index;
  if (!freeSlots.empty()) {
    index = freeSlots.back();
    freeSlots.pop_back();
  } else {
    if (slots.size() >= kMaxSlots)
      return 0;
    index = static_cast<uint32_t>(slots.size());
    slots.emplace_back();
  }
  Slot &slot = slots[index];
  ++slot.generation; // even (free) -> odd (live)
  slot.kind = kind;
  slot.object = std::move(object);
  return pack(slot.generation, index, kind);
}

HandleTable::Slot *HandleTable::find(uint64_t handle, HandleKind kind,
                                     HandleProblem &problem,
                                     HandleKind &actualKind) {
  uint64_t kindBits = handle & ((uint64_t(1) << kKindBits) - 1);
  uint64_t index = (handle >> kKindBits) & (kMaxSlots - 1);
  uint32_t generation = static_cast<uint32_t>(handle >> 32);
  problem = HandleProblem::Unknown;
  if (kindBits < uint64_t(HandleKind::Device) ||
      kindBits > uint64_t(HandleKind::Job) || generation % 2 == 0 ||
      index >= slots.size())
    return nullptr;
  Slot &slot = slots[index];
  if (generation > slot.generation)
    return nullptr; // never handed out
  if (generation < slot.generation || !slot.object) {
    problem = HandleProblem::Freed;
    return nullptr;
  }
  if (HandleKind(kindBits) != slot.kind)
    return nullptr; // the live object is of another kind: a forged value
  if (slot.kind != kind) {
    problem = HandleProblem::WrongKind;
    actualKind = slot.kind;
    return nullptr;
  }
  problem = HandleProblem::None;
  return &slot;
}

std::shared_ptr<void> HandleTable::lookup(uint64_t handle, HandleKind kind,
                                          HandleProblem &problem,
                                          HandleKind &actualKind) {
  std::lock_guard<std::mutex> lock(mutex);
  Slot *slot = find(handle, kind, problem, actualKind);
  return slot ? slot->object : nullptr;
}

std::shared_ptr<void> HandleTable::erase(uint64_t handle, HandleKind kind,
                                         HandleProblem &problem,
                                         HandleKind &actualKind) {
  std::lock_guard<std::mutex> lock(mutex);
  Slot *slot = find(handle, kind, problem, actualKind);
  if (!slot)
    return nullptr;
  std::shared_ptr<void> object = std::move(slot->object);
  slot->object.reset();
  ++slot->generation; // odd (live) -> even (free)
  if (slot->generation < kRetiredGeneration)
    freeSlots.push_back(static_cast<uint32_t>(slot - slots.data()));
  return object;
}
