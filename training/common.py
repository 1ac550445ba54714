"""Shared plumbing of the training scripts: determinism, the feature cache, the metrics."""
import glob
import os
import random

import numpy as np
import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
WORK = os.path.join(REPO, 'training', '.work')
MANIFEST = os.path.join(REPO, 'training', 'manifest', 'sources.tsv')
SPLIT_DIRS = ('train', 'val', 'test')
TOL = 15  # paper: a swatch is correct when every RGB channel is within ±15 of the truth
# The two converted backbones (resources/models) and their cached features in each shard
# (training/data/build-features.ts --name): the file name and the channels of the feature map.
BACKBONES = {
    'rdn': {'onnx': 'backbone-rdn.onnx', 'feat': 'feat', 'channels': 64},
    'rrdn': {'onnx': 'backbone-rrdn.onnx', 'feat': 'feat-rrdn', 'channels': 32},
}


def set_determinism(seed, threads=2):
    """Fixed seeds, float32, few threads (2 shared cores; OpenBLAS from Debian)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float32)


def blas_info():
    """Which BLAS the process really loaded (python3-torch's BLAS_INFO says 'generic')."""
    try:
        with open('/proc/self/maps') as f:
            libs = sorted({line.split()[-1] for line in f if 'blas' in line.lower()})
        return ', '.join(os.path.basename(os.path.dirname(p)) + '/' + os.path.basename(p) for p in libs)
    except OSError:
        return 'unknown'


class MissingCacheError(FileNotFoundError):
    """The data set is not built (npm run data): a hint for the user, not a traceback."""


def run_script(main):
    """Runs a training script's `main`: a data set not built ends it with MissingCacheError's
    one line (what to run first) and exit status 1, as every script says it."""
    try:
        main()
    except MissingCacheError as e:
        raise SystemExit(str(e))


def manifest_rows(cache, split, limit=0, required=('gt.npy',)):
    """The cached crops of `split` as the committed manifest says, in the order a fresh cache
    would hold them (the manifest's order of sources, then each source's crops): a list of
    (shard dir, rows) runs. Read by the manifest, not by folder, so that a source the manifest
    no longer lists (a held-out variant) is never read, and one whose picture family moved it to
    another split is read there, whichever folder an older cache put it in. Only shards holding
    every `required` file count. A cache with a manifest.tsv of its own (the generated smoke
    cache) is read by that one."""
    own = os.path.join(cache, 'manifest.tsv')
    with open(own if os.path.exists(own) else MANIFEST) as f:
        header, *lines = [line.rstrip('\n').split('\t') for line in f if line.strip()]
    col = {name: i for i, name in enumerate(header)}
    rank = {v[col['id']]: i for i, v in enumerate(lines) if v[col['split']] == split}
    found = []
    for folder in SPLIT_DIRS:
        for shard in sorted(glob.glob(os.path.join(cache, folder, 'shard-*'))):
            if not all(os.path.exists(os.path.join(shard, r)) for r in required):
                continue
            with open(os.path.join(shard, 'meta.tsv')) as f:
                ids = [line.split('\t')[1] for line in f.read().splitlines()[1:]]
            found += [(rank[sid], shard, row) for row, sid in enumerate(ids) if sid in rank]
    if not found:
        where = os.path.relpath(cache, REPO) if cache.startswith(REPO + os.sep) else cache
        raise MissingCacheError(f'No cached {split} crops (with {", ".join(required)}) in {where}: '
                                'build the data set first (npm run data).')
    found.sort()
    if limit:
        found = found[:limit]
    runs = []
    for _, shard, row in found:
        if runs and runs[-1][0] == shard and runs[-1][1][-1] == row - 1:
            runs[-1][1].append(row)
        else:
            runs.append((shard, [row]))
    return runs


class Split:
    """All shards of one split of the cache, in memory. Arrays keep the cache's dtypes; `feat`
    holds the features of `backbone` (a key of BACKBONES)."""

    FIELDS = ('gt', 'gt_n', 'hist', 'cellrgb', 'thumb', 'feat')

    def __init__(self, cache, split, limit=None, need_feat=True, backbone='rdn'):
        feat_file, channels = BACKBONES[backbone]['feat'] + '.npy', BACKBONES[backbone]['channels']
        required = ('gt.npy', feat_file) if need_feat else ('gt.npy',)
        runs = manifest_rows(cache, split, limit or 0, required)
        parts = {k: [] for k in self.FIELDS}
        has_feat = []
        for shard, rows in runs:
            for k in self.FIELDS:
                path = os.path.join(shard, feat_file if k == 'feat' else k + '.npy')
                if k == 'feat':
                    has_feat.append(np.full(len(rows), os.path.exists(path)))
                    if not has_feat[-1][0]:
                        parts[k].append(np.zeros((len(rows), channels, 4, 4), np.float32))
                        continue
                a = np.load(path, mmap_mode='r')[rows]
                # hist is a share per cell: float16 halves the memory and keeps 3 digits.
                parts[k].append(a.astype(np.float16) if k == 'hist' else a)
        for k in self.FIELDS:
            setattr(self, k, np.concatenate(parts[k]))
        self.has_feat = np.concatenate(has_feat)
        self.shards = len({shard for shard, _ in runs})

    def extend(self, other):
        for k in self.FIELDS + ('has_feat',):
            setattr(self, k, np.concatenate([getattr(self, k), getattr(other, k)]))
        self.shards += other.shards

    def keep(self, sel):
        """Only the crops `sel` (indices, in order)."""
        for k in self.FIELDS + ('has_feat',):
            setattr(self, k, getattr(self, k)[sel])

    def impute_features(self):
        """Crops of shards without feat.npy get the mean feature vector of those with it, which
        the generator normalises to 0: through the (zero-initialised) feature weights they then
        add nothing, and the rest of the network keeps learning from every crop."""
        if self.has_feat.any() and not self.has_feat.all():
            self.feat[~self.has_feat] = self.feat[self.has_feat].mean(0)

    def __len__(self):
        return len(self.gt_n)

    def batch(self, idx, cells=0):
        """Tensors of a batch: features, hist, cellrgb 0..1, thumb 0..1 NCHW, gt 0..1, mask.

        cells > 0 also gives `hist_cells` and `cellrgb` for only the `cells` most populated
        cells of each image (a median image occupies ~150 of the 4096, the 99th percentile
        ~860): the generator's output layer then works on far less memory, with the same
        result wherever no more cells than that are occupied."""
        gt_n = torch.as_tensor(self.gt_n[idx].astype(np.int64))
        if cells:
            hist = self.hist[idx]
            top = np.argpartition(-hist, cells - 1, axis=1)[:, :cells]
            rows = np.arange(len(idx))[:, None]
            return dict(
                features=torch.as_tensor(self.feat[idx], dtype=torch.float32),
                hist=torch.as_tensor(hist.astype(np.float32)),
                hist_cells=torch.as_tensor(hist[rows, top].astype(np.float32)),
                cellrgb=torch.as_tensor(self.cellrgb[idx][rows, top], dtype=torch.float32) / 255,
                thumb=torch.as_tensor(self.thumb[idx], dtype=torch.float32).permute(0, 3, 1, 2) / 255,
                gt=torch.as_tensor(self.gt[idx], dtype=torch.float32) / 255,
                mask=torch.arange(5)[None, :] < gt_n[:, None],
            )
        return dict(
            features=torch.as_tensor(self.feat[idx], dtype=torch.float32),
            hist=torch.as_tensor(self.hist[idx].astype(np.float32)),
            cellrgb=torch.as_tensor(self.cellrgb[idx], dtype=torch.float32) / 255,
            thumb=torch.as_tensor(self.thumb[idx], dtype=torch.float32).permute(0, 3, 1, 2) / 255,
            gt=torch.as_tensor(self.gt[idx], dtype=torch.float32) / 255,
            mask=torch.arange(5)[None, :] < gt_n[:, None],
        )


# ---------------------------------------------------------------- metrics (numpy, 0..255)

def _perms():
    import itertools
    return np.array(list(itertools.permutations(range(5))))


PERMS = _perms()


def correct_counts(pred, gt, gt_n):
    """Largest 1:1 matching of GT swatches to predictions within ±TOL on every channel."""
    pred = np.rint(np.asarray(pred, np.float64))
    gt = np.asarray(gt, np.float64)
    within = (np.abs(gt[:, :, None, :] - pred[:, None, :, :]) <= TOL).all(-1)  # [N,gt,pred]
    within &= (np.arange(5)[None, :] < np.asarray(gt_n)[:, None])[:, :, None]
    counts = within[:, np.arange(5)[None, :], PERMS].sum(-1)  # [N,120]
    return counts.max(1)


def accuracy_at(counts, gt_n, n):
    """Share of images with at least min(n, number of GT swatches) swatches right."""
    return float(np.mean(counts >= np.minimum(n, gt_n)))


def srgb_to_lab(rgb):
    c = np.asarray(rgb, np.float64) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124564, 0.3575761, 0.1804375],
                  [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def delta_e00(lab1, lab2):
    """CIEDE2000 (Sharma et al. 2005), elementwise over [...,3] Lab arrays."""
    L1, a1, b1 = np.moveaxis(lab1, -1, 0)
    L2, a2, b2 = np.moveaxis(lab2, -1, 0)
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    Cm = (C1 + C2) / 2
    G = 0.5 * (1 - np.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(C1p * C2p == 0, 0, dh)
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lpm, Cpm = (L1 + L2) / 2, (C1p + C2p) / 2
    hs = h1p + h2p
    hpm = np.where(C1p * C2p == 0, hs,
                   np.where(np.abs(h1p - h2p) <= 180, hs / 2, np.where(hs < 360, (hs + 360) / 2, (hs - 360) / 2)))
    T = (1 - 0.17 * np.cos(np.radians(hpm - 30)) + 0.24 * np.cos(np.radians(2 * hpm))
         + 0.32 * np.cos(np.radians(3 * hpm + 6)) - 0.20 * np.cos(np.radians(4 * hpm - 63)))
    dtheta = 30 * np.exp(-(((hpm - 275) / 25) ** 2))
    Rc = 2 * np.sqrt(Cpm ** 7 / (Cpm ** 7 + 25 ** 7))
    Sl = 1 + 0.015 * (Lpm - 50) ** 2 / np.sqrt(20 + (Lpm - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cpm, 1 + 0.015 * Cpm * T
    Rt = -np.sin(np.radians(2 * dtheta)) * Rc
    return np.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))


def mean_delta_e(pred, gt, gt_n):
    """Mean CIEDE2000 of each GT swatch to its prediction under the matching of least ΔE00."""
    lp, lg = srgb_to_lab(np.rint(pred)), srgb_to_lab(gt)
    de = delta_e00(lg[:, :, None, :], lp[:, None, :, :])  # [N,gt,pred]
    mask = (np.arange(5)[None, :] < np.asarray(gt_n)[:, None])
    per_perm = (de[:, np.arange(5)[None, :], PERMS] * mask[:, None, :]).sum(-1)
    return float((per_perm.min(1) / mask.sum(1)).mean())


def score(pred, gt, gt_n):
    """{'acc3','acc4','acc5','de00'} of predictions [N,5,3] 0..255 against the cache's GT."""
    counts = correct_counts(pred, gt, gt_n)
    return {f'acc{n}': accuracy_at(counts, gt_n, n) for n in (3, 4, 5)} | {'de00': mean_delta_e(pred, gt, gt_n)}
