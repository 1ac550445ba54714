"""Split generator: a palette made by cutting the image's colour cube, the network deciding every cut.

Median cut, our ground truth, makes its five boxes by four cuts of the 32x32x32 colour cube
(5 significant bits a channel): each time it picks a box, an axis and a plane. A palette
regressed from features (the paper's FC generator, or the cell-set generator, which assigns
16x16x16 cells to swatches) must recover those boxes indirectly and cannot cut finer than its
cells. This generator makes the cuts itself, on median cut's own grid, and learns each of the
three decisions from the box statistics:

    boxes = [the occupied bounding box of the image's 32^3 histogram]
    4 times:
        per box b: marginals along R, G, B (its pixels' share in each of the 32 slices), from
                   which pixel share, volume and extents
        box   = argmax_b  box_mlp([box statistics, step one-hot])        which box to cut
        axis  = argmax_a  axis_mlp(box statistics), sides of one slice masked
        plane = argmax_p  cut_mlp([cumulative share, share, inside] along the axis), masked
                to the box's slices but its last
        the box becomes its two parts
    swatch = the pixel-weighted mean of each box's slice centres, as median cut colours a box
             (an empty box, which median cut would drop, repeats the nearest filled box's colour)

Trained by imitation (teacher forcing): `teacher()` replays median cut's decisions on a crop's
histogram and the network is taught, step by step, the box, axis and plane median cut chose
there (cross-entropy on each). The network never sees the answer at run time: it reads only the
histogram, and a wrong decision is not corrected.

The frozen cell-set generator (model/cellset.py) still supplies the 1024-feature embedding the
RL agent reads (§2.3): backbone features pooled with the colour cells, then FC to 1024.
"""
import numpy as np
import torch
from torch import nn

from .cellset import mlp

SIDE = 32  # slices per axis: median cut's 5 significant bits
FINE = SIDE ** 3
SLOTS = 5
STEPS = SLOTS - 1
POP_STEPS = 3  # Leptonica: (int)(0.85 * 5) = 4 boxes by population, then by population x volume
BOX_FEATURES = 9
NEG = -1e9


# ------------------------------------------------------------ teacher: median cut's decisions

def teacher(counts):
    """Median cut's four cuts (engine/median-cut.ts, docs/median-cut.md steps 4-6) on one crop's
    32^3 pixel counts [32768]: [(boxes before the step [(lo, hi)], box, axis, plane)], and the
    final boxes with their counts. None where median cut does not make four cuts (at most five
    occupied cells, or a box of one cell chosen). Leptonica's colour-region quirk (a box that
    can miss a channel's top) is not replayed: the network's first box is the true bounds."""
    cube = counts.reshape(SIDE, SIDE, SIDE)
    occupied = np.nonzero(cube)
    if len(occupied[0]) <= SLOTS:
        return None
    boxes = [(np.array([a.min() for a in occupied]), np.array([a.max() for a in occupied]))]
    npix = [int(cube.sum())]
    steps = []
    for t in range(STEPS):
        keys = []
        for (lo, hi), n in zip(boxes, npix):
            vol = int(np.prod(hi - lo + 1))
            # Phase 1 keys a one-cell box 0; phase 2 re-keys every box it inherits by n x vol.
            keys.append(n if t < POP_STEPS and vol > 1 else n * vol if t >= POP_STEPS else 0)
        k = int(np.argmax(keys))
        lo, hi = boxes[k]
        ext = hi - lo + 1
        if keys[k] == 0 or ext.prod() == 1:
            return None
        axis = int(np.argmax(ext))  # the longest side; red, then green, then blue on ties
        sub = cube[lo[0]:hi[0] + 1, lo[1]:hi[1] + 1, lo[2]:hi[2] + 1]
        partial = np.cumsum(sub.sum(axis=tuple(a for a in range(3) if a != axis)))
        total = int(partial[-1])
        i = int(np.argmax(partial > total // 2))
        left, right = i, ext[axis] - 1 - i
        cut = min(ext[axis] - 2, i + right // 2) if left <= right else max(0, i - 1 - left // 2)
        steps.append(([(a.copy(), b.copy()) for a, b in boxes], k, axis, int(lo[axis] + cut)))
        low_hi, high_lo = hi.copy(), lo.copy()
        low_hi[axis] = lo[axis] + cut
        high_lo[axis] = lo[axis] + cut + 1
        boxes[k] = (lo, low_hi)
        boxes.append((high_lo, hi))
        npix[k] = int(partial[cut])
        npix.append(total - int(partial[cut]))
    return steps, boxes, npix


def box_colours(counts, boxes):
    """Median cut's colour of each box (vboxGetAverageColor): floor of the count-weighted mean of
    the slice centres 8i+4; an empty box gets its centre. -> [K,3] ints, [K] counts."""
    cube = counts.reshape(SIDE, SIDE, SIDE)
    colours, ns = [], []
    for lo, hi in boxes:
        sub = cube[lo[0]:hi[0] + 1, lo[1]:hi[1] + 1, lo[2]:hi[2] + 1].astype(np.int64)
        n = int(sub.sum())
        if n == 0:
            colours.append([(8 * (lo[a] + hi[a] + 1)) // 2 for a in range(3)])
        else:
            colours.append([int((sub.sum(axis=tuple(b for b in range(3) if b != a))
                                 * (8 * np.arange(lo[a], hi[a] + 1) + 4)).sum() // n) for a in range(3)])
        ns.append(n)
    return np.array(colours), np.array(ns)


def teacher_palette(counts, boxes):
    """The swatches median cut reports for these boxes: non-empty ones, largest first, with
    Leptonica's forcing of the darkest to black and the lightest to white."""
    colours, ns = box_colours(counts, boxes)
    s = colours.sum(1)
    dark = int(np.argmin(s))
    if (colours[dark] < 5).all():
        colours[dark] = 0
    light = int(np.argmax(colours.sum(1)))
    if (colours[light] > 251).all():
        colours[light] = 255
    order = [i for i in np.argsort(-ns, kind='stable') if ns[i] > 0]
    return colours[order]


# ------------------------------------------------------------------------------ the network

def marginals(cube, lo, hi):
    """cube [N,32,32,32] shares; lo, hi [N,K,3] inclusive bounds -> [N,K,3,32]: each box's pixel
    share in each slice along R, G and B (zero outside the box)."""
    pos = torch.arange(SIDE, dtype=cube.dtype)
    inside = ((pos >= lo[..., None]) & (pos <= hi[..., None])).to(cube.dtype)  # [N,K,3,32]
    mr, mg, mb = inside[:, :, 0], inside[:, :, 1], inside[:, :, 2]
    n, k = lo.shape[0], lo.shape[1]
    # Two batched matmuls, not einsum (about twice as slow here): rg_k sums each
    # (r, g) column over the box's b range; the b marginal contracts r and g at once.
    rg_k = (cube.reshape(n, SIDE * SIDE, SIDE) @ mb.transpose(1, 2)).reshape(n, SIDE, SIDE, k)
    r = (rg_k * mg.transpose(1, 2)[:, None]).sum(2).transpose(1, 2) * mr
    g = (rg_k * mr.transpose(1, 2)[:, :, None]).sum(1).transpose(1, 2) * mg
    b = ((mr[..., :, None] * mg[..., None, :]).reshape(n, k, SIDE * SIDE) @ cube.reshape(n, SIDE * SIDE, SIDE)) * mb
    return torch.stack([r, g, b], 2)


def box_features(marg, lo, hi):
    """[N,K,9]: pixel share (linear and log), volume (log), the three extents of each box (in
    slices / 4, so that one slice more on a side is a step an MLP resolves early) and their
    differences R-G, R-B, G-B (which side is longest, ties included)."""
    npix = marg[:, :, 0].sum(-1)
    ext = hi - lo + 1
    vol = ext.prod(-1)
    return torch.cat([(npix * 4)[..., None], ((torch.log(npix + 1e-6) + 6) / 4)[..., None],
                      (torch.log(vol) / np.log(FINE))[..., None], ext / 4,
                      (ext[..., [0, 0, 1]] - ext[..., [1, 2, 2]]) / 2], -1)


def cut_input(m, lo, hi):
    """The chosen box's marginal along the chosen axis m [N,32] and its bounds there [N] ->
    [N,128]: cumulative share of the box's pixels up to each slice, that share again centred on
    a half and steepened (a cut depends on which slice passes the half, however narrowly), the
    slice's share, inside."""
    pos = torch.arange(SIDE, dtype=m.dtype)
    inside = ((pos >= lo[:, None]) & (pos <= hi[:, None])).to(m.dtype)
    share = m / m.sum(-1, keepdim=True).clamp_min(1e-12)
    cum = torch.cumsum(share, -1)
    return torch.cat([cum, ((cum - 0.5) * 50).clamp(-1, 1), share * 4, inside], -1)


class SplitGenerator(nn.Module):
    """forward(features, hist, cellrgb, hist_cells, hist32) -> (palette [N,5,3] 0..1, embedding
    [N,1024]); hist32 [N,32768] is the share of pixels per 32^3 cell (engine fineHistogram); the
    other inputs go to the frozen cell-set generator `embedder` for the agent's embedding."""

    def __init__(self, embedder, hidden=128, cut_hidden=256):
        super().__init__()
        self.embedder = embedder
        for p in self.embedder.parameters():
            p.requires_grad_(False)
        self.box_mlp = mlp([BOX_FEATURES + STEPS, hidden, hidden, 1], last_relu=False)
        self.axis_mlp = mlp([BOX_FEATURES, hidden, 3], last_relu=False)
        self.cut_mlp = mlp([4 * SIDE, cut_hidden, cut_hidden, SIDE], last_relu=False)

    def decisions(self, marg, lo, hi, step):
        """The three decisions' logits for boxes lo, hi [N,K,3] with marginals marg: the box to
        cut [N,K], then functions of a chosen box (one-hot kk [N,K]) giving the axis logits [N,3],
        and of it and an axis (one-hot aa [N,3]) giving the plane logits [N,32] and the box."""
        feats = box_features(marg, lo, hi)
        onehot = torch.zeros(*feats.shape[:2], STEPS, dtype=feats.dtype)
        onehot[..., step] = 1
        cuttable = (hi - lo).amax(-1) > 0
        box = self.box_mlp(torch.cat([feats, onehot], -1))[..., 0].masked_fill(~cuttable, NEG)

        def chosen(kk, x):
            return (x * kk.reshape(*kk.shape, *[1] * (x.dim() - 2))).sum(1)

        def axis(kk):
            return self.axis_mlp(chosen(kk, feats)).masked_fill(chosen(kk, hi) - chosen(kk, lo) < 1, NEG)

        def plane(kk, aa):
            blo, bhi = chosen(kk, lo), chosen(kk, hi)
            alo, ahi = (blo * aa).sum(-1), (bhi * aa).sum(-1)
            pos = torch.arange(SIDE, dtype=marg.dtype)
            logits = self.cut_mlp(cut_input((chosen(kk, marg) * aa[..., None]).sum(1), alo, ahi))
            return logits.masked_fill((pos < alo[:, None]) | (pos >= ahi[:, None]), NEG), blo, bhi
        return box, axis, plane

    def rollout(self, hist32, pick_plane=None):
        """The four cuts, each decision the network's own -> boxes lo, hi [N,5,3] and marginals.
        pick_plane(step, plane logits [N,32]) -> plane [N] replaces the most probable plane, for
        experiments that look at the cuts the network nearly made."""
        cube = hist32.reshape(-1, SIDE, SIDE, SIDE)
        occupied = torch.stack([cube.sum(d) for d in ((2, 3), (1, 3), (1, 2))], 1) > 0  # [N,3,32]
        pos = torch.arange(SIDE, dtype=cube.dtype)
        lo = torch.where(occupied, pos, torch.full_like(pos, SIDE)).amin(-1)[:, None, :].clamp(max=SIDE - 1)
        hi = torch.where(occupied, pos, torch.full_like(pos, -1)).amax(-1)[:, None, :].clamp(min=0)
        for step in range(STEPS):
            box, axis, plane = self.decisions(marginals(cube, lo, hi), lo, hi, step)
            kk = nn.functional.one_hot(box.argmax(-1), box.shape[1]).to(cube.dtype)
            aa = nn.functional.one_hot(axis(kk).argmax(-1), 3).to(cube.dtype)
            cuts, blo, bhi = plane(kk, aa)
            cut = (cuts.argmax(-1) if pick_plane is None else pick_plane(step, cuts)).to(cube.dtype)[:, None]
            # Where no box can be cut (an image of at most four 32-level colours, or none), the
            # chosen box is copied whole, so the palette repeats a real colour instead of
            # inventing an empty box's centre.
            cuttable = ((bhi - blo).amax(-1, keepdim=True) > 0) & (aa > 0)
            low_hi = torch.where(cuttable, cut, bhi)
            high_lo = torch.where(cuttable, cut + 1, blo)
            hi = torch.where(kk[..., None] > 0, low_hi[:, None, :], hi)
            lo = torch.cat([lo, high_lo[:, None, :]], 1)
            hi = torch.cat([hi, bhi[:, None, :]], 1)
        return lo, hi, marginals(cube, lo, hi)

    @staticmethod
    def colours(marg, lo, hi):
        """Median cut's colour of each box: floor of the pixel-weighted mean of slice centres
        8i+4 (0..255). -> [N,K,3] / 255. Median cut drops a box no pixel falls in; the palette
        has five swatches, so an empty box takes the colour of the filled box nearest to its
        centre: a colour of the image, not one invented (its centre stays only when every box
        is empty, an image with no opaque pixel)."""
        slice_centre = torch.arange(SIDE, dtype=marg.dtype) * 8 + 4
        npix = marg.sum(-1)  # [N,K,3], equal along the axes
        filled = npix[..., 0] > 0  # [N,K]
        mean = torch.floor((marg * slice_centre).sum(-1) / npix.clamp_min(1e-12) + 1e-3)
        centre = torch.floor(4 * (lo + hi + 1))
        d2 = ((centre[:, :, None, :] - mean[:, None, :, :]) ** 2).sum(-1).masked_fill(~filled[:, None, :], 1e9)
        nearest = d2.argmin(-1)  # [N,K]: the filled box nearest each box's centre
        borrowed = torch.gather(mean, 1, nearest[..., None].expand(-1, -1, 3))
        stand_in = torch.where(filled.any(-1, keepdim=True)[..., None], borrowed, centre)
        return torch.where(filled[..., None], mean, stand_in) / 255

    def palette(self, hist32, pick_plane=None):
        lo, hi, marg = self.rollout(hist32, pick_plane)
        return self.colours(marg, lo, hi)

    def forward(self, features, hist, cellrgb, hist_cells, hist32):
        f, _ = self.embedder.cell_features(hist_cells, cellrgb, hist)
        emb = self.embedder.embedding_from(features, hist_cells, f)
        return self.palette(hist32), emb
