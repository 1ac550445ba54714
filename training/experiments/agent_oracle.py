#!/usr/bin/python3
"""How much could §2.3's fine-tuning add to the split generator's palettes, at best?

    /usr/bin/python3 training/experiments/agent_oracle.py --run splits2 [--split val]

An oracle that knows the ground truth moves each swatch's Y (R, G and B together, Cb and Cr
kept, in the agent's steps of 2/255) by the amount that best brings it within ±15 of the GT
swatch it is matched to, within the agent's 25 moves in all. No agent can do better with the
paper's 11 actions; if the oracle gains little, so must any agent.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from common import PERMS, TOL, WORK, accuracy_at, correct_counts  # noqa: E402
from model.agent import MAX_STEPS as MAX_MOVES  # noqa: E402
from train import parse_args as train_args  # noqa: E402
from train_splits import FineSplit, load_split_generator, parse_args as split_args, rollout_palettes  # noqa: E402

STEP = train_args([]).step  # the Y step of one agent move (0..255), train.py's default, the shipped agent's


def oracle(pred, gt, gt_n):
    """Per crop: the matching of most correct swatches, then each wrong matched swatch shifted
    by the Y offset (multiple of STEP) of fewest moves that makes it correct, cheapest first,
    while the moves last."""
    out = pred.copy()
    for i in range(len(pred)):
        n = gt_n[i]
        best = max(PERMS, key=lambda p: (np.abs(gt[i, :n] - pred[i, p[:n]]) <= TOL).all(-1).sum())
        fixes = []
        for j in range(n):
            err = gt[i, j] - pred[i, best[j]]  # a Y move adds the same to R, G and B
            if (np.abs(err) <= TOL).all():
                continue
            for moves in range(1, MAX_MOVES + 1):
                hit = [s for s in (moves * STEP, -moves * STEP) if (np.abs(err - s) <= TOL).all()]
                if hit:
                    fixes.append((moves, best[j], hit[0]))
                    break
        left = MAX_MOVES
        for moves, k, shift in sorted(fixes):
            if moves <= left:
                out[i, k] = np.clip(out[i, k] + shift, 0, 255)
                left -= moves
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default='splits2')
    ap.add_argument('--split', default='val')
    ap.add_argument('--limit', type=int, default=2000)
    ap.add_argument('--cut-hidden', default='384', help="the run's --cut-hidden")
    a = ap.parse_args()
    args = split_args(['--cut-hidden', a.cut_hidden])
    gen = load_split_generator(os.path.join(WORK, 'runs', a.run, 'splits-best.pt'), args)
    data = FineSplit(os.path.join(WORK, 'cache'), a.split, a.limit)
    pred = np.rint(rollout_palettes(gen, data).numpy() * 255)
    for name, p in (('generator', pred), ('generator + oracle Y moves', oracle(pred, data.gt.astype(float), data.gt_n))):
        counts = correct_counts(p, data.gt, data.gt_n)
        print(f'{name:28s}', ' '.join(f'acc@{n} {accuracy_at(counts, data.gt_n, n):.4f}' for n in (3, 4, 5)))


if __name__ == '__main__':
    main()
