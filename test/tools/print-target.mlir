// npu-translate --print-target prints a preset as a file users can edit; the
// file loads back, and a broken one is refused with the field named.

// RUN: npu-translate --print-target edge | FileCheck %s --check-prefix=EDGE
// EDGE: "clock_mhz": 1000,
// EDGE: "matrix_engine": {
// EDGE-NEXT: "cols": 32,
// EDGE-NEXT: "fp16_cycles_per_mac": 2,
// EDGE: "rows": 64
// EDGE: "name": "edge",
// EDGE: "sram": {
// EDGE-NEXT: "banks": 8,
// EDGE-NEXT: "bytes": 2097152,

// RUN: npu-translate --print-target server | FileCheck %s --check-prefix=SERVER
// SERVER: "name": "server",

// An edited copy loads (and prints back the same, normalised).
// RUN: npu-translate --print-target edge | sed -e 's/"edge"/"my-chip"/' -e 's/"lanes": 64/"lanes": 128/' > %t.json
// RUN: npu-translate --print-target %t.json | FileCheck %s --check-prefix=EDITED
// EDITED: "name": "my-chip",
// EDITED: "lanes": 128,

// RUN: npu-translate --print-target edge | sed -e 's/"bytes_per_cycle": 17/"bytes_per_cycle": -17/' > %t.bad.json
// RUN: not npu-translate --print-target %t.bad.json 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: npu-translate: error: {{.*}}.bad.json: target.dram.bytes_per_cycle: -17 is out of range [1, 1048576]

// RUN: not npu-translate --print-target mobile 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: npu-translate: error: unknown target 'mobile': give a preset (edge, server) or a target description file (.json)
