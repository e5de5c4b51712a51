# -*- Python -*-
# lit configuration for npu-mlir's IR tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "npu-mlir"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".s"]
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.npu_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.npu_tools_dir, config.llvm_tools_dir]
tools = ["npu-opt", "npu-translate", "npu-run", "npu-compile", "npu-compare", ToolSubst("FileCheck", unresolved="fatal"),
         ToolSubst("not", unresolved="fatal"), ToolSubst("count", unresolved="fatal")]
llvm_config.add_tool_substitutions(tools, tool_dirs)
config.substitutions.append(("%python", config.python_executable))
