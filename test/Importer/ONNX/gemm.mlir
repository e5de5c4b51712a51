// ONNX Gemm: Y = alpha * A' * B' + beta * C (A' = A^T if transA, B' = B^T
// if transB; C broadcasts to [M, N]). transB with a 1-D [N] (or [1, N]) C and
// beta 1 is one npu.fully_connected (input x weight^T + bias); otherwise
// npu.matmul / npu.fully_connected without bias, then alpha and beta * C as
// npu.binary ops (beta * C folds to a constant when C is one).

// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_transb_bias.onnx | FileCheck %s --check-prefix=TRANSB
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_transa.onnx | FileCheck %s --check-prefix=TRANSA
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_transa_transb.onnx | FileCheck %s --check-prefix=BOTHT
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_alpha_beta.onnx | FileCheck %s --check-prefix=ALPHABETA
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_bias_1xn.onnx | FileCheck %s --check-prefix=ROWBIAS
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_bias_mxn.onnx | FileCheck %s --check-prefix=FULLBIAS
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_bias_scalar.onnx | FileCheck %s --check-prefix=SCALARBIAS
// RUN: npu-translate --import-onnx %S/Inputs/ops/gemm_no_bias.onnx | FileCheck %s --check-prefix=NOC

// A [2, 8], B [6, 8] (transB), C [6]: PyTorch's Linear.
// TRANSB-LABEL: func.func @main(%arg0: tensor<2x8xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// TRANSB-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<6x8xf32>
// TRANSB-DAG: %[[C:[0-9]+]] = npu.constant dense<[8.750000e-01, -1.375000e+00, 1.500000e+00, 6.250000e-01, 2.500000e-01, -1.750000e+00]> : tensor<6xf32>
// TRANSB: %[[Y:[0-9]+]] = npu.fully_connected %arg0, %[[W]], %[[C]] : (tensor<2x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// TRANSB-NEXT: return %[[Y]] : tensor<2x6xf32>

// A [8, 2] transposed to [2, 8], B [8, 6]: matmul, then + C [6].
// TRANSA-LABEL: func.func @main(%arg0: tensor<8x2xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// TRANSA-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<8x6xf32>
// TRANSA-DAG: %[[AT:[0-9]+]] = npu.transpose %arg0 {perm = array<i64: 1, 0>} : (tensor<8x2xf32>) -> tensor<2x8xf32>
// TRANSA-DAG: %[[C:[0-9]+]] = npu.constant dense<[7.500000e-01, -1.625000e+00, 2.500000e-01, -1.000000e+00, -1.625000e+00, 6.250000e-01]> : tensor<6xf32>
// TRANSA: %[[MM:[0-9]+]] = npu.matmul %[[AT]], %[[W]] : (tensor<2x8xf32>, tensor<8x6xf32>) -> tensor<2x6xf32>
// TRANSA-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[MM]], %[[C]] : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// TRANSA-NEXT: return %[[Y]] : tensor<2x6xf32>

// BOTHT-LABEL: func.func @main(%arg0: tensor<8x2xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// BOTHT-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<6x8xf32>
// BOTHT-DAG: %[[AT:[0-9]+]] = npu.transpose %arg0 {perm = array<i64: 1, 0>} : (tensor<8x2xf32>) -> tensor<2x8xf32>
// BOTHT-DAG: %[[C:[0-9]+]] = npu.constant dense<[-1.125000e+00, 2.500000e-01, -2.500000e-01, -1.000000e+00, 1.000000e+00, 1.250000e+00]> : tensor<6xf32>
// BOTHT: %[[Y:[0-9]+]] = npu.fully_connected %[[AT]], %[[W]], %[[C]] : (tensor<2x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// BOTHT-NEXT: return %[[Y]] : tensor<2x6xf32>

// alpha 0.5, beta 2: 0.5 * (A B^T) + 2 * C, with C = [-1.75, -0.375, 1, 1.875,
// -0.75, 0.125] so 2 * C = [-3.5, -0.75, 2, 3.75, -1.5, 0.25] (folded).
// ALPHABETA-LABEL: func.func @main(%arg0: tensor<2x8xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// ALPHABETA: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<6x8xf32>
// ALPHABETA-NEXT: %[[FC:[0-9]+]] = npu.fully_connected %arg0, %[[W]] : (tensor<2x8xf32>, tensor<6x8xf32>) -> tensor<2x6xf32>
// ALPHABETA-NEXT: %[[HALF:[0-9]+]] = npu.constant dense<5.000000e-01> : tensor<f32>
// ALPHABETA-NEXT: %[[SCALED:[0-9]+]] = npu.binary mul %[[FC]], %[[HALF]] : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x6xf32>
// ALPHABETA-NEXT: %[[C2:[0-9]+]] = npu.constant dense<[-3.500000e+00, -7.500000e-01, 2.000000e+00, 3.750000e+00, -1.500000e+00, 2.500000e-01]> : tensor<6xf32>
// ALPHABETA-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[SCALED]], %[[C2]] : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// ALPHABETA-NEXT: return %[[Y]] : tensor<2x6xf32>
// ALPHABETA-NOT: npu.

// C [1, 6] is reshaped (folded) to a [6] bias.
// ROWBIAS-LABEL: func.func @main(%arg0: tensor<2x8xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// ROWBIAS-NOT: tensor<1x6xf32>
// ROWBIAS-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<6x8xf32>
// ROWBIAS-DAG: %[[C:[0-9]+]] = npu.constant dense<[-1.250000e+00, 1.250000e-01, 1.500000e+00, 2.500000e-01, -2.500000e-01, -1.000000e+00]> : tensor<6xf32>
// ROWBIAS: %[[Y:[0-9]+]] = npu.fully_connected %arg0, %[[W]], %[[C]] : (tensor<2x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// ROWBIAS-NEXT: return %[[Y]] : tensor<2x6xf32>

// C [2, 6] is not a bias: added after the product.
// FULLBIAS-LABEL: func.func @main(%arg0: tensor<2x8xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// FULLBIAS-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<6x8xf32>
// FULLBIAS-DAG: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}-2.500000e-01, -1.125000e+00, 5.000000e-01, 3.750000e-01, 1.875000e+00, -1.750000e+00], [-3.750000e-01, 1.250000e-01, 5.000000e-01, -6.250000e-01, 6.250000e-01, -1.250000e+00]]> : tensor<2x6xf32>
// FULLBIAS: %[[FC:[0-9]+]] = npu.fully_connected %arg0, %[[W]] : (tensor<2x8xf32>, tensor<6x8xf32>) -> tensor<2x6xf32>
// FULLBIAS-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[FC]], %[[C]] : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
// FULLBIAS-NEXT: return %[[Y]] : tensor<2x6xf32>

// SCALARBIAS-LABEL: func.func @main(%arg0: tensor<2x8xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// SCALARBIAS-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<6x8xf32>
// SCALARBIAS-DAG: %[[C:[0-9]+]] = npu.constant dense<7.500000e-01> : tensor<f32>
// SCALARBIAS: %[[FC:[0-9]+]] = npu.fully_connected %arg0, %[[W]] : (tensor<2x8xf32>, tensor<6x8xf32>) -> tensor<2x6xf32>
// SCALARBIAS-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[FC]], %[[C]] : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x6xf32>
// SCALARBIAS-NEXT: return %[[Y]] : tensor<2x6xf32>

// No C, no transposes: a plain matmul.
// NOC-LABEL: func.func @main(%arg0: tensor<2x8xf32> {npu.name = "a"}) -> (tensor<2x6xf32> {npu.name = "y"})
// NOC-NEXT: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<8x6xf32>
// NOC-NEXT: %[[Y:[0-9]+]] = npu.matmul %arg0, %[[W]] : (tensor<2x8xf32>, tensor<8x6xf32>) -> tensor<2x6xf32>
// NOC-NEXT: return %[[Y]] : tensor<2x6xf32>
