"""AlexNet-style discriminator of paper §2.2, shrunk to what a shared 2-core CPU can train.

Input: the 64x64 RGB thumb concatenated with the palette enlarged to 64x64 (five vertical
bands): 6 channels. Five conv layers (AlexNet's depth) with max pooling after the 1st, 2nd and
5th, then two FC layers; output one logit ("this palette is the image's real palette").
"""
import torch
from torch import nn


class Discriminator(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            nn.Conv2d(6, w, 5, stride=2, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(2),  # 16
            nn.Conv2d(w, 2 * w, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),  # 8
            nn.Conv2d(2 * w, 3 * w, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(3 * w, 3 * w, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(3 * w, 2 * w, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),  # 4
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(2 * w * 16, 256), nn.ReLU(inplace=True), nn.Linear(256, 1))

    def forward(self, thumb, palette_img):
        return self.classifier(self.features(torch.cat([thumb, palette_img], 1))).squeeze(1)
