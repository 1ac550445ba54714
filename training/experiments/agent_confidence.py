#!/usr/bin/python3
"""Experiment: would the split generator's own doubt tell a Y-moving agent what to fix?

The shipped agents (§2.3, state: the embedder's 1024 features and the palette) learned to stop
at once on the split generator's palettes, and `agent_signal.py` found no Y signal in that state.
The split generator's errors are planes cut a slice or so off, so the most telling state an agent
could be given is the generator's own confidence: at each of the four cuts, how far the chosen
plane's probability leads the runner-up's, and the palette the runner-up plane would have given.
This trains a small network on train crops to predict each swatch's best Y move from that state
(or from the palette alone, as a control) and scores the moved palettes on validation.

    nice /usr/bin/python3 training/experiments/agent_confidence.py --run splits2

Target of a swatch: the Y shift (a multiple of the agent's step of 2, at most 25 steps) that
minimises its CIEDE2000 to the ground-truth swatch it is matched to; "ideal" applies it. Heads:
`regress` (smooth L1 on the shift, applied as predicted) and `classify` (down / keep / up, a
move of the train targets' median size made only where the head is at least 0.5, 0.7 or 0.9
sure).
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from common import PERMS, WORK, delta_e00, score, srgb_to_lab  # noqa: E402
from model.agent import MAX_STEPS as MAX_MOVES  # noqa: E402
from model.palette_ops import rgby  # noqa: E402
from model.splits import NEG, STEPS  # noqa: E402
from train import parse_args as train_args  # noqa: E402
from train_splits import FineSplit, load_split_generator, parse_args as split_args  # noqa: E402

STEP = train_args([]).step  # the Y step of one agent move (0..255), train.py's default, the shipped agent's
SHIFTS = np.arange(-MAX_MOVES, MAX_MOVES + 1) * STEP


def runner_up(logits):
    """The second most probable plane, or the first where the box can be cut only one way."""
    top = logits.topk(2, -1)
    return torch.where(top.values[:, 1] > NEG / 2, top.indices[:, 1], top.indices[:, 0])


@torch.no_grad()
def doubt(gen, data, batch=256):
    """-> palette [N,5,3] 0..1, the palettes with step t's runner-up plane [N,4,5,3], and each
    step's lead of the chosen plane's probability over the runner-up's [N,4]."""
    pals, alts, leads = [], [], []
    for i in range(0, len(data), batch):
        hist = data.dense(np.arange(i, min(i + batch, len(data))))
        lead = []

        def record(step, logits):
            top = logits.softmax(-1).topk(2, -1)
            lead.append(top.values[:, 0] - top.values[:, 1])
            return top.indices[:, 0]
        pals.append(gen.palette(hist, record))
        leads.append(torch.stack(lead, 1))
        alts.append(torch.stack([gen.palette(hist, lambda s, lg, t=t: runner_up(lg) if s == t else lg.argmax(-1))
                                 for t in range(STEPS)], 1))
    return torch.cat(pals), torch.cat(alts), torch.cat(leads)


def best_shifts(pred, gt, gt_n):
    """Per predicted swatch, the Y shift (0..255 units) of least ΔE00 to its matched GT swatch
    (0 where none is matched) -> shifts [N,5], matched mask [N,5]."""
    shift, mask = np.zeros(pred.shape[:2]), np.zeros(pred.shape[:2])
    for i in range(len(pred)):
        n = gt_n[i]
        de = delta_e00(srgb_to_lab(gt[i, :n])[:, None], srgb_to_lab(pred[i])[None])
        match = min(PERMS, key=lambda p: de[np.arange(n), p[:n]].sum())
        for j in range(n):
            moved = np.clip(pred[i, match[j]] + SHIFTS[:, None], 0, 255)
            shift[i, match[j]] = SHIFTS[delta_e00(srgb_to_lab(gt[i, j])[None], srgb_to_lab(moved)).argmin()]
            mask[i, match[j]] = 1
    return torch.tensor(shift, dtype=torch.float32), torch.tensor(mask, dtype=torch.float32)


def prepare(gen, data, state):
    pal, alt, lead = doubt(gen, data)
    pred = np.rint(pal.numpy() * 255)
    x = rgby(pal).flatten(1)
    if state == 'confidence':
        d = alt - pal[:, None]
        x = torch.cat([x, rgby(d.flatten(0, 1)).reshape(len(d), -1) * 10, lead], 1)
    return pred, x, *best_shifts(pred, data.gt.astype(float), data.gt_n)


def fit(x, loss_of, outputs, epochs):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(x.shape[1], 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, outputs))
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x), 256):
            b = order[i:i + 256]
            loss = loss_of(net(x[b]), b)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return net.eval()


def moved(pred, shift):
    """The palette with each swatch's Y shifted (R, G and B alike), within the 25 moves."""
    steps = np.abs(shift / STEP).sum(1, keepdims=True)
    shift = np.where(steps > MAX_MOVES, np.round(shift * MAX_MOVES / np.maximum(steps, 1) / STEP) * STEP, shift)
    return np.clip(pred + shift[..., None], 0, 255), float(np.abs(shift / STEP).sum(1).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default='splits2')
    ap.add_argument('--train', type=int, default=12000, help='train crops (the first ones)')
    ap.add_argument('--val', type=int, default=2000)
    ap.add_argument('--epochs', type=int, default=40)
    a = ap.parse_args()
    torch.set_num_threads(2)
    gen = load_split_generator(os.path.join(WORK, 'runs', a.run, 'splits-best.pt'), split_args([]))
    tr, va = (FineSplit(os.path.join(WORK, 'cache'), s, n) for s, n in (('train', a.train), ('val', a.val)))
    fmt = lambda m: ' '.join(f'{k} {v:.4f}' for k, v in m.items())  # noqa: E731
    for state in ('palette', 'confidence'):
        t0 = time.time()
        _, xtr, ytr, mtr = prepare(gen, tr, state)
        pva, xva, yva, mva = prepare(gen, va, state)
        if state == 'palette':
            print(f'{len(xtr)} train / {len(xva)} val crops; swatches with a Y target: train '
                  f'{float((ytr != 0).float().mean()):.3f}, val {float((yva != 0).float().mean()):.3f}')
            print(f'{"generator alone":36s}', fmt(score(pva, va.gt, va.gt_n)))
            print(f'{"ideal Y moves":36s}', fmt(score(moved(pva, (yva * mva).numpy())[0], va.gt, va.gt_n)))
        print(f'state {state}: {xtr.shape[1]} inputs ({time.time() - t0:.0f} s)', flush=True)

        net = fit(xtr, lambda out, b: (nn.functional.smooth_l1_loss(out * 50, ytr[b], reduction='none', beta=2.0)
                                       * mtr[b]).sum() / mtr[b].sum(), 5, a.epochs)
        with torch.no_grad():
            pal, moves = moved(pva, (torch.round(net(xva) * 50 / STEP) * STEP).numpy())
        print(f'  {"regress":34s}', fmt(score(pal, va.gt, va.gt_n)), f'moves/crop {moves:.3f}', flush=True)

        cls = (torch.sign(ytr) * (ytr.abs() >= 2 * STEP) + 1).long()  # 0 down, 1 keep, 2 up
        net = fit(xtr, lambda out, b: (nn.functional.cross_entropy(out.reshape(-1, 5, 3).transpose(1, 2), cls[b],
                                                                  reduction='none') * mtr[b]).sum() / mtr[b].sum(),
                  15, a.epochs)
        with torch.no_grad():
            p = net(xva).reshape(-1, 5, 3).softmax(-1)
        up, down = float(ytr[cls == 2].median()), float(ytr[cls == 0].median())
        for sure in (0.5, 0.7, 0.9):
            pal, moves = moved(pva, torch.where(p[..., 2] > sure, up, torch.where(p[..., 0] > sure, down, 0.0)).numpy())
            print(f'  {f"classify, at least {sure} sure":34s}', fmt(score(pal, va.gt, va.gt_n)),
                  f'moves/crop {moves:.3f}', flush=True)


if __name__ == '__main__':
    main()
