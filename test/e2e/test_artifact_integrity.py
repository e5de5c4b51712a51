"""A damaged artifact is refused at load, whichever bit was hit.

ResNet-18 compiled for the edge preset (fp16: 23 MB, nearly all of it
weights) gets 1,000 seeded single-bit flips at uniformly random positions,
plus the file's first and last bits. Each damaged copy is loaded
through the C API from memory (npu_model_load_memory, through ctypes):
every load must fail with NPU_ERROR_CORRUPT_ARTIFACT and say which part
of the file was damaged; the undamaged bytes must still load.
"""

import collections
import ctypes
import random
import re

from conftest import BUILD, run, tool

NPU_OK = 0
NPU_ERROR_CORRUPT_ARTIFACT = 3
FLIPS = 1000


def load_capi():
    lib = ctypes.CDLL(str(BUILD / "lib" / "CAPI" / "libNPURuntimeCAPI.so"))
    lib.npu_device_create_simulator.argtypes = [ctypes.c_char_p,
                                                ctypes.POINTER(ctypes.c_void_p)]
    lib.npu_model_load_memory.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                          ctypes.c_size_t,
                                          ctypes.POINTER(ctypes.c_void_p)]
    lib.npu_model_destroy.argtypes = [ctypes.c_void_p]
    lib.npu_device_destroy.argtypes = [ctypes.c_void_p]
    lib.npu_last_error_message.restype = ctypes.c_char_p
    return lib


def test_every_flipped_bit_in_a_zoo_artifact_is_refused(model_zoo, tmp_path):
    artifact = tmp_path / "resnet18.npub"
    result = run([tool("npu-compile"), str(model_zoo / "resnet18_opset17.onnx"),
                  "-o", str(artifact), "--target", "edge", "--precision", "fp16"])
    assert result.returncode == 0, result.stderr
    data = bytearray(artifact.read_bytes())
    assert len(data) > 10_000_000  # the weights are in it

    lib = load_capi()
    device = ctypes.c_void_p()
    assert lib.npu_device_create_simulator(b"edge", ctypes.byref(device)) == NPU_OK
    buffer = (ctypes.c_char * len(data)).from_buffer(data)

    def load():
        model = ctypes.c_void_p()
        status = lib.npu_model_load_memory(device, buffer, len(data),
                                           ctypes.byref(model))
        if status == NPU_OK:
            lib.npu_model_destroy(model)
        return status, lib.npu_last_error_message().decode()

    assert load() == (NPU_OK, "")
    rng = random.Random(20261208)
    positions = [rng.randrange(len(data) * 8) for _ in range(FLIPS)]
    # The first and last bytes (size prefix, trailer's own size) too.
    positions += [0, 8 * len(data) - 1]
    refused = collections.Counter()
    for bit in positions:
        data[bit // 8] ^= 1 << (bit % 8)
        status, message = load()
        data[bit // 8] ^= 1 << (bit % 8)
        assert status == NPU_ERROR_CORRUPT_ARTIFACT, \
            f"bit {bit} (byte {bit // 8} of {len(data)}): status {status}: {message}"
        section = re.search(r"the (\w+) section is corrupt|checksum trailer", message)
        assert section, f"bit {bit}: the error does not name the damage: {message}"
        refused[section.group(1) or "trailer"] += 1
    assert load() == (NPU_OK, "")
    assert lib.npu_device_destroy(device) == NPU_OK
    # Weights are most of the file, so most flips land there; the header
    # and the trailer were hit too.
    assert refused["constants"] > FLIPS // 2, refused
    assert refused["header"] > 0 and refused["trailer"] > 0, refused
    assert sum(refused.values()) == len(positions)
    print("refused by section:", dict(refused))
