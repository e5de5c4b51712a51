#!/usr/bin/python3
"""Exports examples/tiny_resnet.onnx, the model the README's main job compiles.

A ResNet in miniature (stem convolution, max pool, two basic blocks, global
pooling, classifier) with seeded random weights, exported by PyTorch at
opset 17 exactly like a torchvision model, so it carries the same ONNX node
names and shape subgraphs a real export does. Small enough to commit (about
40 KB); regenerate with `/usr/bin/python3 examples/make_tiny_resnet.py`.
"""

import pathlib

import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(y)) + x)


class TinyResNet(nn.Module):
    def __init__(self, channels=16, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, channels, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = nn.Sequential(BasicBlock(channels), BasicBlock(channels))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer1(x)
        return self.fc(torch.flatten(self.avgpool(x), 1))


def main():
    torch.manual_seed(0)
    model = TinyResNet().eval()
    # Non-trivial BatchNorm statistics, so folding them matters.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    out = pathlib.Path(__file__).with_name("tiny_resnet.onnx")
    torch.onnx.export(model, torch.randn(1, 3, 64, 64), str(out), opset_version=17,
                      input_names=["image"], output_names=["logits"])
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
