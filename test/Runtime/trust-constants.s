; --trust-constants skips only the weights' checksum: a flipped weight then
; loads and runs (with the damaged weight), while a flipped header or
; command byte is still refused. The model is add-relu.s's: y = relu(x + b)
; with b = 1 2 3 4 -1 -2 -3 -4.
;
; RUN: rm -rf %t && mkdir -p %t
; RUN: npu-translate --assemble %S/add-relu.s -o %t/ok.npub
; RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.zeros((1, 8), np.float32))"
; b[0] = 1.0 (0000803f) becomes 4.0 (00008040): one byte of the exponent.
; RUN: %python -c "d = bytearray(open('%t/ok.npub', 'rb').read()); i = d.index(bytes.fromhex('0000803f00000040')); d[i + 3] ^= 0x7f; open('%t/weight.npub', 'wb').write(d)"
; RUN: not npu-run %t/weight.npub --input x=%t/x.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=CHECKED
; CHECKED: npu-run: error: {{.*}}weight.npub: the constants section is corrupt (checksum mismatch)
; RUN: npu-run %t/weight.npub --trust-constants --input x=%t/x.npy --output %t/out --quiet
; RUN: %python -c "import numpy as np; print(np.load('%t/out/y.npy').tolist())" | FileCheck %s --check-prefix=TRUSTED
; TRUSTED: {{^}}{{\[\[}}4.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0]]
;
; RUN: %python -c "d = bytearray(open('%t/ok.npub', 'rb').read()); d[4] ^= 1; open('%t/header.npub', 'wb').write(d)"
; RUN: not npu-run %t/header.npub --trust-constants --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=HEADER
; HEADER: npu-run: error: {{.*}}header.npub: the header section is corrupt (checksum mismatch)
; RUN: test ! -e %t/out2
