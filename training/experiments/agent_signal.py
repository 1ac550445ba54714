#!/usr/bin/python3
"""Experiment: can anything the agent could see predict how far each swatch's Y is off?

The RL agent (§2.3) only moves each swatch's Y. It can help only if, from its state, the
direction and size of each swatch's Y error are predictable. This measures that directly:
a regressor (2 FC + ReLU, smooth L1) is trained on train crops to predict each swatch's Y error
(matched ground truth minus prediction, 0..255, clipped to ±30) and scored on validation, as
an error against predicting zero and as the accuracy of the palette corrected by the prediction.

    nice -n 19 /usr/bin/python3 training/experiments/agent_signal.py --gen training/.work/runs/v5/gan-final.pt
    ... --state local    # the image's own colours around each swatch instead of the paper's state

--state paper: the paper's agent input (tanh of the 1024-d embedding, the palette as RGBY).
--state local: per swatch, the pixel share and mean offset of the image's cells within L-inf
radius 12, 24 and 48 (0..255) of it and of the cells it is nearest to, with the palette.
The "ideal" line applies the true Y error: the ceiling of any Y-only fine-tuning.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
import train as T  # noqa: E402
from common import score  # noqa: E402
from model.palette_ops import LUMA, best_perm, pairwise, rgby  # noqa: E402


def local_state(data, pal):
    out = []
    for i in range(0, len(pal), 500):
        share = torch.as_tensor(data.hist[i:i + 500].astype(np.float32))
        cells = torch.as_tensor(data.cellrgb[i:i + 500].astype(np.float32)) / 255
        p = pal[i:i + 500]
        diff = cells[:, :, None, :] - p[:, None, :, :]  # [b,C,5,3]
        groups = [(diff.abs().amax(-1) <= r / 255).float() for r in (12, 24, 48)]
        groups.append(torch.nn.functional.one_hot((diff ** 2).sum(-1).argmin(-1), 5).float())
        feats = []
        for g in groups:
            w = share[:, :, None] * g
            mass = w.sum(1)
            mean = (w[..., None] * diff).sum(1) / mass[..., None].clamp_min(1e-6)
            feats += [mass[..., None] * 5, mean * 10, (mean * LUMA).sum(-1, keepdim=True) * 10]
        out.append(torch.cat(feats + [rgby(p)], -1).reshape(len(p), -1))
    return torch.cat(out)


def prepare(gen, data, state):
    pal, emb = T.predict(gen, data)
    gt = torch.as_tensor(data.gt, dtype=torch.float32) / 255
    mask = torch.arange(5)[None, :] < torch.as_tensor(data.gt_n.astype(np.int64))[:, None]
    perm, _ = best_perm(pairwise(pal, gt, 'l1'), mask)  # perm[b, gt slot] = predicted swatch
    dy = torch.zeros(len(pal), 5)
    rows = torch.arange(len(pal))
    for j in range(5):
        err = ((gt[:, j] - pal[rows, perm[:, j]]) * LUMA).sum(-1) * 255
        dy[rows, perm[:, j]] = torch.where(mask[:, j], err, torch.zeros_like(err))
    x = local_state(data, pal) if state == 'local' else torch.cat([torch.tanh(emb), rgby(pal).reshape(len(pal), 20)], 1)
    return pal, x, dy.clamp(-30, 30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gen', required=True, help='generator state dict (gen-final.pt or gan-final.pt of a run)')
    ap.add_argument('--state', default='paper', choices=['paper', 'local'])
    ap.add_argument('--train', type=int, default=8000)
    ap.add_argument('--val', type=int, default=2000)
    ap.add_argument('--epochs', type=int, default=20)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    args = T.parse_args([])
    gen = T.make_generator(args)
    gen.load_state_dict(torch.load(a.gen))
    tr = T.Split(args.cache, 'train', a.train, True)
    va = T.Split(args.cache, 'val', a.val, True)
    t0 = time.time()
    _, xtr, ytr = prepare(gen, tr, a.state)
    pva, xva, yva = prepare(gen, va, a.state)
    print(f'state {a.state}: {xtr.shape[1]} inputs, {len(xtr)} train / {len(xva)} val crops ({time.time() - t0:.0f} s)')
    fmt = lambda m: ' '.join(f'{k}={v:.4f}' for k, v in m.items())  # noqa: E731
    print('generator alone     ', fmt(score(pva.numpy() * 255, va.gt, va.gt_n)))
    print('ideal Y correction  ', fmt(score((pva + yva[..., None] / 255).clamp(0, 1).numpy() * 255, va.gt, va.gt_n)))
    net = torch.nn.Sequential(torch.nn.Linear(xtr.shape[1], 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 5))
    opt = torch.optim.Adam(net.parameters(), 1e-3, weight_decay=1e-4)
    for epoch in range(a.epochs):
        order = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 128):
            b = order[i:i + 128]
            loss = torch.nn.functional.smooth_l1_loss(net(xtr[b]), ytr[b], beta=3.0)
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            pred = net(xva)
            corrected = (pva + 0.5 * pred[..., None] / 255).clamp(0, 1)
            print(f'epoch {epoch + 1:2d}: val |error| {float((pred - yva).abs().mean()):.2f} '
                  f'(predicting 0: {float(yva.abs().mean()):.2f}); half the prediction applied:',
                  fmt(score(corrected.numpy() * 255, va.gt, va.gt_n)), flush=True)


if __name__ == '__main__':
    main()
