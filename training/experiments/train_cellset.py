#!/usr/bin/python3
"""Time-boxed experiment: train the cell-set generator (model/cellset.py) on L_G1 alone.

    nice -n 10 /usr/bin/python3 training/experiments/train_cellset.py --run cellset --cells 256 --epochs 7 --minutes 32
    nice -n 10 /usr/bin/python3 training/experiments/train_cellset.py --oracle   # 16^3-resolution ceilings

Measured (2026-11-26, 2 shared cores at load 9-14, ~30 % of one core; 26,127 train crops from
27 shards, no backbone features; val 5,453 crops): 7 epochs in 30 min, val acc@3/4/5 =
0.675 / 0.411 / 0.208, mean CIEDE2000 6.33 (train crops: 0.79 / 0.54 / 0.34, 4.9), still
improving. Ceilings on val: nearest-GT partition of the cells 0.83 / 0.53 / 0.27 (ΔE00 4.1);
a freely fitted soft assignment per crop (first 1,000 crops) 0.998 / 0.977 / 0.869 (ΔE00 1.5).

Reads only finished shards (with DONE) of training/.work/cache/{train,val}; backbone features
are optional (zeros where a shard has no feat.npy; --features uses them, only shards with
features are then read). The loss (permutation-invariant L1, empty GT slots masked) and the
metrics (acc@3/4/5 at ±15 with 1:1 matching, mean CIEDE2000) are the training engineer's
(model/palette_ops.py, common.py). Per-epoch val metrics go to <run>/curves.csv; checkpoints
to training/.work/runs/<run>/ (last.pt resumes, best.pt is the best val acc3+acc4+acc5).
"""
import argparse
import csv
import glob
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from common import WORK, score  # noqa: E402
from model.cellset import CellSetGenerator  # noqa: E402
from model.palette_ops import perm_invariant_loss  # noqa: E402


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cache', default=os.path.join(WORK, 'cache'))
    ap.add_argument('--run', default='cellset')
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--features', action='store_true', help='use backbone features (shards with feat.npy only)')
    ap.add_argument('--cells', type=int, default=384, help='most populated cells per crop in training')
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--minutes', type=float, default=0, help='stop after the epoch that passes this')
    ap.add_argument('--width', type=int, default=64)
    ap.add_argument('--pair', type=int, default=32)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--no-augment', action='store_true', help='no RGB channel permutation augmentation')
    ap.add_argument('--train-limit', type=int, default=0)
    ap.add_argument('--val-limit', type=int, default=0)
    ap.add_argument('--oracle', action='store_true', help='print the 16^3-cell ceiling on val and exit')
    return ap.parse_args(argv)


# ------------------------------------------------------------------ data

def load_split(cache, split, cells, need_feat, limit=0):
    """Finished shards of one split, each crop reduced to its `cells` most populated cells
    (share, mean colour; padded with share 0). cells=0 keeps every occupied cell."""
    shards = [s for s in sorted(glob.glob(os.path.join(cache, split, 'shard-*')))
              if os.path.exists(os.path.join(s, 'DONE'))
              and (not need_feat or os.path.exists(os.path.join(s, 'feat.npy')))]
    out = {k: [] for k in ('gt', 'gt_n', 'share', 'rgb', 'feat', 'occ')}
    n = 0
    for s in shards:
        hist = np.load(os.path.join(s, 'hist.npy'))
        cellrgb = np.load(os.path.join(s, 'cellrgb.npy'))
        occ = (hist > 0).sum(1)
        k = cells or int(occ.max())
        top = np.argsort(-hist, axis=1, kind='stable')[:, :k]
        rows = np.arange(len(hist))[:, None]
        out['share'].append(hist[rows, top].astype(np.float32))
        out['rgb'].append(cellrgb[rows, top])
        out['occ'].append(np.minimum(occ, k))
        out['gt'].append(np.load(os.path.join(s, 'gt.npy')))
        out['gt_n'].append(np.load(os.path.join(s, 'gt_n.npy')))
        fp = os.path.join(s, 'feat.npy')
        out['feat'].append(np.load(fp) if need_feat else np.zeros((len(hist), 64, 4, 4), np.float32))
        n += len(hist)
        if limit and n >= limit:
            break
    if not out['gt']:
        raise FileNotFoundError(f'no finished shards in {cache}/{split}')
    width = max(a.shape[1] for a in out['share'])
    for key in ('share', 'rgb'):  # pad shards to a common cell count (share 0 = empty)
        out[key] = [np.pad(a, [(0, 0), (0, width - a.shape[1])] + [(0, 0)] * (a.ndim - 2)) for a in out[key]]
    data = {k: np.concatenate(v) for k, v in out.items()}
    if limit:
        data = {k: v[:limit] for k, v in data.items()}
    data['shards'] = len(out['gt'])
    return data


def tensors(data, idx, perm=None):
    """Batch tensors; `perm` reorders the RGB channels of colours and GT alike (augmentation:
    median cut treats the three channels the same way)."""
    k = int(data['occ'][idx].max())
    rgb = torch.as_tensor(data['rgb'][idx, :k], dtype=torch.float32) / 255
    gt = torch.as_tensor(data['gt'][idx], dtype=torch.float32) / 255
    if perm is not None:
        rgb, gt = rgb[..., perm], gt[..., perm]
    gt_n = torch.as_tensor(data['gt_n'][idx].astype(np.int64))
    return dict(features=torch.as_tensor(data['feat'][idx]), share=torch.as_tensor(data['share'][idx, :k]),
                rgb=rgb, gt=gt, mask=torch.arange(5)[None, :] < gt_n[:, None])


@torch.no_grad()
def predict(model, data, batch=128):
    """Palettes 0..255 for every crop; crops are batched by occupied-cell count (less padding)."""
    model.eval()
    order = np.argsort(data['occ'], kind='stable')
    pred = np.zeros((len(order), 5, 3), np.float32)
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        b = tensors(data, idx)
        pal, _ = model(b['features'], b['share'], b['rgb'])
        pred[idx] = pal.numpy() * 255
    return pred


def oracle(data):
    """Ceiling of any output that is a partition of the 16^3 cells: each occupied cell goes to
    the GT swatch nearest its mean colour; that swatch is replaced by the pixel-weighted mean
    of its cells (what a perfect cell-set assignment would give)."""
    rgb = data['rgb'].astype(np.float64)
    share = data['share'].astype(np.float64)
    gt = data['gt'].astype(np.float64)
    real = np.arange(5)[None, :] < data['gt_n'][:, None]
    pred = np.zeros_like(gt)
    for i in range(0, len(gt), 256):
        s = slice(i, i + 256)
        d = ((rgb[s, :, None, :] - gt[s, None, :, :]) ** 2).sum(-1)
        d = np.where(real[s, None, :], d, np.inf)
        a = (d == d.min(-1, keepdims=True)) * share[s, :, None]
        a = a / np.maximum(a.sum(-1, keepdims=True), 1e-12) * share[s, :, None]
        mass = a.sum(1)
        pred[s] = np.where(mass[..., None] > 0, np.einsum('nck,ncj->nkj', a, rgb[s]) / np.maximum(mass, 1e-12)[..., None],
                           gt[s])
    return score(pred, data['gt'], data['gt_n'])


def oracle_fit(data, limit=1000, steps=300, batch=100):
    """Tighter ceiling of this model class: per crop, free soft-assignment logits of every
    occupied cell to the 5 slots (slot k = GT swatch k), fitted by Adam to make each slot's
    pixel-weighted mean match its GT swatch (L1), starting from the nearest-GT partition.
    No network can do better than a free per-crop assignment."""
    n = min(limit, len(data['gt']))
    pred = np.zeros((n, 5, 3), np.float32)
    for i in range(0, n, batch):
        idx = np.arange(i, min(i + batch, n))
        b = tensors(data, idx)
        share, rgb, gt, real = b['share'], b['rgb'], b['gt'], b['mask']
        d = ((rgb[:, :, None, :] - gt[:, None, :, :]) ** 2).sum(-1)
        d = torch.where(real[:, None, :], d, torch.full_like(d, 1e3))
        logits = (-d * 300).clone().requires_grad_(True)
        opt = torch.optim.Adam([logits], lr=0.1)
        for _ in range(steps):
            w = torch.softmax(logits, -1) * share[..., None]
            pal = (w.transpose(1, 2) @ rgb) / w.sum(1)[..., None].clamp_min(1e-8)
            loss = ((pal - gt).abs().mean(-1) * real).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        pred[idx] = pal.detach().numpy() * 255
    return score(pred, data['gt'][:n], data['gt_n'][:n])


# ------------------------------------------------------------------ training

def log_row(path, row):
    new = not os.path.exists(path)
    with open(path, 'a', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(row))
        if new:
            w.writeheader()
        w.writerow(row)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    t0 = time.time()
    val = load_split(args.cache, 'val', 0, args.features, args.val_limit)
    print(f'val {len(val["gt"])} crops ({val["shards"]} shards), max occupied {val["occ"].max()}', flush=True)
    if args.oracle:
        print('oracle (16^3 cells, nearest-GT partition):', json.dumps(oracle(val)), flush=True)
        print('oracle (16^3 cells, fitted soft assignment, first 1000 val crops):',
              json.dumps(oracle_fit(val)), flush=True)
        return
    train = load_split(args.cache, 'train', args.cells, args.features, args.train_limit)
    print(f'train {len(train["gt"])} crops ({train["shards"]} shards), loaded in {time.time() - t0:.0f}s', flush=True)
    run_dir = os.path.join(WORK, 'runs', args.run)
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, 'args.json'), 'w') as f:
        json.dump(vars(args) | {'train_crops': len(train['gt']), 'train_shards': train['shards'],
                                'val_crops': len(val['gt'])}, f, indent=1)
    model = CellSetGenerator(use_features=args.features, width=args.width, pair=args.pair, rounds=args.rounds)
    if args.features:
        model.fit_norm(train['feat'][:20000])
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = len(train['gt']) // args.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=args.epochs * steps, pct_start=0.05)
    start, best = 0, -1.0
    last = os.path.join(run_dir, 'last.pt')
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        sched.load_state_dict(ck['sched'])
        start, best = ck['epoch'], ck['best']
    perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
    t_train = time.time()
    for epoch in range(start, args.epochs):
        model.train()
        rng = np.random.default_rng(args.seed + epoch)
        order = rng.permutation(len(train['gt']))
        total = 0.0
        for i in range(steps):
            idx = np.sort(order[i * args.batch:(i + 1) * args.batch])
            perm = None if args.no_augment else perms[rng.integers(6)]
            b = tensors(train, idx, perm)
            pal, _ = model(b['features'], b['share'], b['rgb'])
            loss = perm_invariant_loss(pal, b['gt'], b['mask'])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total += loss.item()
        m = score(predict(model, val), val['gt'], val['gt_n'])
        row = {'epoch': epoch + 1, 'seconds': round(time.time() - t0, 1), 'train_l1': round(total / steps * 255, 3)}
        row |= {f'val_{k}': round(v, 4) for k, v in m.items()}
        log_row(os.path.join(run_dir, 'curves.csv'), row)
        print(json.dumps(row), flush=True)
        s = m['acc3'] + m['acc4'] + m['acc5']
        if s > best:
            best = s
            torch.save({'model': model.state_dict(), 'args': vars(args), 'epoch': epoch + 1, 'val': m},
                       os.path.join(run_dir, 'best.pt'))
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'sched': sched.state_dict(),
                    'epoch': epoch + 1, 'best': best}, last + '.tmp')
        os.replace(last + '.tmp', last)
        if args.minutes and time.time() - t_train > 60 * args.minutes:
            break


if __name__ == '__main__':
    main()
