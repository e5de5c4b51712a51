//===- HostLinking.h - link a host object from memory (tests) ---*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What the runtime's host-code loader will do (milestone 6 of
// docs/design/host-fallback-research.md), for the host-codegen tests: link a
// relocatable object from memory with ORC's JITLink, resolving only the
// given imports, and look its entries up.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TEST_UNIT_HOSTLINKING_H
#define NPU_TEST_UNIT_HOSTLINKING_H

#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/Orc/SelfExecutorProcessControl.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace npu_test {

using HostEntry = void (*)(void *const *);

/// Linked code; freed with the object.
class LinkedHostObject {
public:
  /// Links `object`, resolving its imports from `imports` only.
  static llvm::Expected<std::unique_ptr<LinkedHostObject>>
  link(llvm::ArrayRef<char> object,
       const std::map<std::string, void *> &imports) {
    using namespace llvm;
    auto control = orc::SelfExecutorProcessControl::Create();
    if (!control)
      return control.takeError();
    std::unique_ptr<LinkedHostObject> linked(new LinkedHostObject());
    linked->session =
        std::make_unique<orc::ExecutionSession>(std::move(*control));
    orc::ExecutionSession &session = *linked->session;
    // Link errors (an unresolved import) reach the session's reporter, not
    // the lookup's error, which only names the entry: keep them for it.
    linked->session->setErrorReporter([errors = linked->errors](Error error) {
      *errors += toString(std::move(error)) + "; ";
    });
    linked->layer = std::make_unique<orc::ObjectLinkingLayer>(session);
    linked->library = &session.createBareJITDylib("npu.host");
    orc::SymbolMap symbols;
    for (const auto &[name, address] : imports)
      symbols[session.intern(name)] = {
          orc::ExecutorAddr::fromPtr(address),
          JITSymbolFlags::Exported | JITSymbolFlags::Callable};
    if (Error error = linked->library->define(
            orc::absoluteSymbols(std::move(symbols))))
      return std::move(error);
    if (Error error = linked->layer->add(
            *linked->library,
            MemoryBuffer::getMemBufferCopy(
                StringRef(object.data(), object.size()), "host.o")))
      return std::move(error);
    return std::move(linked);
  }

  /// The entry `name`; links the object on first use.
  llvm::Expected<HostEntry> lookup(llvm::StringRef name) {
    auto symbol = session->lookup({library}, name);
    if (!symbol)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     *errors + toString(symbol.takeError()));
    return symbol->getAddress().toPtr<HostEntry>();
  }

  ~LinkedHostObject() {
    layer.reset();
    if (session)
      llvm::consumeError(session->endSession());
  }

private:
  LinkedHostObject() = default;
  std::unique_ptr<llvm::orc::ExecutionSession> session;
  std::unique_ptr<llvm::orc::ObjectLinkingLayer> layer;
  llvm::orc::JITDylib *library = nullptr;
  std::shared_ptr<std::string> errors = std::make_shared<std::string>();
};

} // namespace npu_test

#endif // NPU_TEST_UNIT_HOSTLINKING_H
