"""Palette arithmetic shared by the losses, the metrics and the RL environment.

Colours are float tensors in 0..1 (RGB) unless a name says otherwise. Everything here is
differentiable where it needs to be and vectorised over a batch.
"""
import itertools

import torch

SLOTS = 5
# All 120 orders of 5 swatches: the loss and the score match swatches one to one in any order.
PERMS = torch.tensor(list(itertools.permutations(range(SLOTS))), dtype=torch.long)
# ITU-R BT.601 luma, the Y of full-range YCbCr (the backbone's fourth input channel).
LUMA = torch.tensor([0.299, 0.587, 0.114])


def pairwise(pred, gt, kind='l1'):
    """[B,5,3] x [B,5,3] -> [B,5(gt),5(pred)] per-pair colour distance."""
    diff = gt[:, :, None, :] - pred[:, None, :, :]
    if kind == 'l1':
        return diff.abs().mean(-1)
    if kind == 'l2':
        return (diff ** 2).mean(-1)
    if kind == 'max':
        return diff.abs().amax(-1)
    raise ValueError(kind)


def best_perm(cost, gt_mask):
    """Order of the predicted swatches that minimises the summed cost over real GT slots.

    cost [B,5(gt),5(pred)], gt_mask [B,5] bool -> (perm [B,5] long, total [B])."""
    idx = torch.arange(SLOTS)
    # per_perm[b, p] = sum_i cost[b, i, PERMS[p, i]] over real slots i
    gathered = cost[:, idx[None, :], PERMS]  # [B,120,5]
    per_perm = (gathered * gt_mask[:, None, :].float()).sum(-1)
    total, best = per_perm.min(1)
    return PERMS[best], total


def perm_invariant_loss(pred, gt, gt_mask, kind='l1'):
    """L_G1: minimum over the 120 orders of the mean distance of real GT swatches (masked)."""
    cost = pairwise(pred, gt, kind)
    _, total = best_perm(cost, gt_mask)
    return (total / gt_mask.float().sum(1)).mean()


def align(pred, gt, gt_mask):
    """Predicted swatches reordered to their matched GT slot (empty slots keep the leftovers)."""
    with torch.no_grad():
        perm, _ = best_perm(pairwise(pred, gt, 'l1'), gt_mask)
    return torch.gather(pred, 1, perm[:, :, None].expand(-1, -1, 3))


def rgby(palette):
    """[B,5,3] RGB 0..1 -> [B,5,4] RGBY 0..1, flattened by the caller."""
    y = (palette * LUMA).sum(-1, keepdim=True)
    return torch.cat([palette, y], -1)


def palette_image(palette, size=64):
    """[B,5,3] -> [B,3,size,size]: the palette enlarged to the thumb, five vertical bands."""
    band = (torch.arange(size) * SLOTS) // size  # column -> swatch
    cols = palette[:, band, :]  # [B,size,3]
    return cols.permute(0, 2, 1)[:, :, None, :].expand(-1, -1, size, -1)
