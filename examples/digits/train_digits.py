#!/usr/bin/python3
"""Trains the small CNN of the int8 accuracy check on scikit-learn's digits.

    /usr/bin/python3 examples/digits/train_digits.py OUT_DIR

The 1797 8x8 images of `sklearn.datasets.load_digits()` (bundled with
scikit-learn, no download) are split 80/20, stratified, with a fixed seed.
A four-layer CNN trains on the 80 % with torch on the CPU (a few seconds,
deterministic), and OUT_DIR receives:

  digits_cnn.onnx          the trained model, input `digits` [N, 1, 8, 8] with
                           a dynamic batch, output `logits` [N, 10]
  test_images.npy          the held-out 20 %, float32 [360, 1, 8, 8]
  test_labels.npy          their labels, int64 [360]
  calibration/digits.npy   128 training images, the calibration samples
                           (`npu-compile --calibration OUT_DIR/calibration`)
  summary.json             torch's fp32 held-out accuracy and the settings

Pixels (0..16) are scaled to [0, 1]. The same seed gives the same weights
on a given torch build; the accuracy check compares against the fp32 model
itself, so nothing depends on the exact weights.
"""

import argparse
import json
import pathlib

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn


class DigitsCnn(nn.Module):
    """conv-conv-pool-conv and two fully connected layers: every int8 layer
    kind the compiler lowers (convolutions, products), with fused ReLUs and
    an fp16 max-pool island between them."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 3, padding=1), nn.ReLU())
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    labels = digits.target.astype(np.int64)
    train_x, test_x, train_y, test_y = train_test_split(
        images, labels, test_size=0.2, random_state=args.seed, stratify=labels)

    model = DigitsCnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    generator = torch.Generator().manual_seed(args.seed)
    for _ in range(args.epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        predicted = model(torch.from_numpy(test_x)).argmax(1).numpy()
    accuracy = float((predicted == test_y).mean())

    out = args.out_dir
    (out / "calibration").mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, torch.from_numpy(test_x[:1]), str(out / "digits_cnn.onnx"),
                      input_names=["digits"], output_names=["logits"],
                      dynamic_axes={"digits": {0: "batch"}, "logits": {0: "batch"}},
                      opset_version=17)
    np.save(out / "test_images.npy", test_x)
    np.save(out / "test_labels.npy", test_y)
    np.save(out / "calibration" / "digits.npy", train_x[:128])
    summary = {"torch_fp32_test_accuracy": accuracy, "test_samples": len(test_y),
               "train_samples": len(train_y), "epochs": args.epochs, "seed": args.seed}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"trained the digits CNN: fp32 held-out accuracy {100 * accuracy:.2f} % "
          f"on {len(test_y)} images -> {out / 'digits_cnn.onnx'}")


if __name__ == "__main__":
    main()
