#!/usr/bin/python3
"""Write a tiny cache in the training format from generated images, for the smoke test and
for developing before the real cache (training/data) exists.

    /usr/bin/python3 training/make_smoke_cache.py OUT_DIR [--images 48]

Images are random patchworks of 3-7 colours with noise. The ground truth is a plain numpy
median cut (not Leptonica's: good enough to exercise the code) and `feat` is a stand-in
computed from the thumb (the RDN backbone is not run here); the array shapes and dtypes are
exactly those of the real cache.
"""
import argparse
import os

import numpy as np

SIZE = 64
# An empty cell holds its centre colour, as in src/main/engine/histogram.ts.
_c = np.arange(4096)
CENTRES = np.stack([(_c >> 8) * 16 + 8, ((_c >> 4) & 15) * 16 + 8, (_c & 15) * 16 + 8], 1)


def make_image(rng):
    k = rng.integers(3, 8)
    colours = rng.integers(0, 256, (k, 3))
    img = np.zeros((SIZE, SIZE, 3), np.float64)
    owner = rng.integers(0, k, (8, 8)).repeat(SIZE // 8, 0).repeat(SIZE // 8, 1)
    img[:] = colours[owner]
    img += rng.normal(0, 6, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def histogram(img):
    px = img.reshape(-1, 3).astype(np.int64)
    cell = (px[:, 0] >> 4) * 256 + (px[:, 1] >> 4) * 16 + (px[:, 2] >> 4)
    count = np.bincount(cell, minlength=4096).astype(np.float64)
    sums = np.stack([np.bincount(cell, px[:, c], minlength=4096) for c in range(3)], 1)
    cellrgb = np.where(count[:, None] > 0, np.rint(sums / np.maximum(count, 1)[:, None]), CENTRES)
    return (count / len(px)).astype(np.float32), cellrgb.astype(np.uint8)


def median_cut(img, colours=5):
    boxes = [img.reshape(-1, 3).astype(np.int64)]
    while len(boxes) < colours:
        i = max(range(len(boxes)), key=lambda j: len(boxes[j]) * (np.ptp(boxes[j], 0).max() + 1))
        box = boxes[i]
        if len(box) < 2 or np.ptp(box, 0).max() == 0:
            break
        ch = int(np.argmax(np.ptp(box, 0)))
        order = np.argsort(box[:, ch], kind='stable')
        half = len(box) // 2
        boxes[i:i + 1] = [box[order[:half]], box[order[half:]]]
    boxes.sort(key=len, reverse=True)
    total = sum(len(b) for b in boxes)
    return [np.rint(b.mean(0)).astype(np.uint8) for b in boxes], [len(b) / total for b in boxes]


def write_fine(folder, images):
    """The fine 32^3 histograms, sparse, as training/data/build-hist32.ts writes them."""
    idx, cnt, off = [], [], [0]
    for img in images:
        px = img.reshape(-1, 3).astype(np.int64) >> 3
        count = np.bincount(px[:, 0] * 1024 + px[:, 1] * 32 + px[:, 2], minlength=32768)
        cells = np.nonzero(count)[0]
        idx.append(cells)
        cnt.append(count[cells])
        off.append(off[-1] + len(cells))
    for name, a in (('idx', np.concatenate(idx)), ('cnt', np.concatenate(cnt)), ('off', np.array(off))):
        np.save(os.path.join(folder, f'hist32_{name}.npy'), a.astype(np.int32))


def write_shard(folder, rng, n):
    os.makedirs(folder, exist_ok=True)
    out = {k: [] for k in ('gt', 'gt_n', 'gt_share', 'hist', 'cellrgb', 'thumb', 'feat', 'feat-rrdn')}
    images = []
    for _ in range(n):
        img = make_image(rng)
        images.append(img)
        swatches, shares = median_cut(img)
        gt = np.zeros((5, 3), np.uint8)
        share = np.zeros(5, np.float32)
        gt[:len(swatches)] = swatches
        share[:len(shares)] = shares
        hist, cellrgb = histogram(img)
        pooled = img.reshape(4, 16, 4, 16, 3).mean((1, 3)).transpose(2, 0, 1) / 255  # [3,4,4]
        feat = np.concatenate([pooled * (i + 1) for i in range(22)])[:64].astype(np.float32)
        # The RRDN backbone's map has 32 channels (BACKBONES in common.py).
        for k, v in zip(out, (gt, len(swatches), share, hist, cellrgb, img, feat, feat[::2] * 0.5)):
            out[k].append(v)
    for k, v in out.items():
        np.save(os.path.join(folder, k + '.npy'), np.asarray(v, np.int64 if k == 'gt_n' else None))
    write_fine(folder, images)
    split = os.path.basename(os.path.dirname(folder))
    with open(os.path.join(folder, 'meta.tsv'), 'w') as f:
        f.write('index\tsource_id\tsplit\n' + ''.join(f'{i}\t{split}-{i}\t{split}\n' for i in range(n)))
    return [f'{split}-{i}' for i in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--images', type=int, default=48)
    ap.add_argument('--seed', type=int, default=7)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    rows = []
    for split, share in (('train', 0.5), ('val', 0.25), ('test', 0.25)):
        ids = write_shard(os.path.join(a.out, split, 'shard-0000'), rng, max(4, int(a.images * share)))
        rows += [f'{i}\t{split}\n' for i in ids]
    # Each generated image is its own source; common.manifest_rows reads the splits from here.
    with open(os.path.join(a.out, 'manifest.tsv'), 'w') as f:
        f.write('id\tsplit\n' + ''.join(rows))


if __name__ == '__main__':
    main()
