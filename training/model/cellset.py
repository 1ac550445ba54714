"""Cell-set generator: the paper's §2.2 generator with its FC layers shared across colour cells.

Same interface as model.generator.Generator (drop-in for the runtime; ONNX inputs and outputs
unchanged): forward(features [N,channels,4,4], hist [N,C], cellrgb [N,C,3] 0..1) ->
(palette [N,5,3] 0..1, embedding [N,1024]); channels is 64 for the RDN backbone, 32 for the
RRDN; C is 4096 at runtime, or a subset of cells in training (then pass the subset's shares as
`hist_cells`, as Generator does).

    per cell c (occupied cells only; empty ones masked):
        x_c = [rgb_c, share h_c, log share, sqrt share (, with `positions`: the cell's rank by
               pixel count, place in the occupied extent, and that extent, along R, G and B)]
        f_c = two FC + ReLU (shared by all cells, i.e. DeepSets / 1x1 convs)
    embedding = ReLU(FC([normalised pooled backbone features, sum_c h_c f_c, max_c f_c]))   1024
    per cell: g_c = two FC + ReLU on [f_c, broadcast embedding]   (the paper's "two FC layers")
    slot logits l_ck = g_c . q_k + w_k . g_c + b_k - alpha |rgb_c - c0_k|^2,
        q_k = 5 slot queries computed from the embedding (slot identities)
    R rounds of message passing: soft assignment a = softmax_k(l) -> slot summaries (mass, mean,
        spread along R, G, B) -> per (cell, slot) pair MLP (with `slot_ranks`, also fed the
        cell's rank among the slot's cells along R, G and B) -> logit update
    swatch k = sum_c a_ck h_c rgb_c / sum_c a_ck h_c

Every swatch is the pixel-weighted mean colour of a soft set of the image's own cells, as a
median-cut box's colour is the mean of the pixels in the box (MODEL-FINDINGS.md §2), and a
flat FC over 4096 cells (no weight sharing, memorises) is replaced by per-cell layers.
No Python loops over cells: everything is batched matmuls over [N, C, ...].
"""
import torch
from torch import nn

SLOTS = 5
GRID_CELLS = 4 * 4  # the backbone's feature map is average-pooled to a 4x4 grid
EMB = 1024
LOG_FLOOR = 1e-6  # share floor inside log(): an empty cell's features stay finite
GRID = 16  # the histogram's cells per RGB axis
POSITION_FEATURES = 9


def slice_index(rgb):
    """[N,C,3] colours 0..1 (8-bit cell means /255) -> each cell's slice 0..15 along R, G, B."""
    return torch.floor((rgb * 255 + 0.5) / GRID).clamp(0, GRID - 1).long()


def ranks_in_slots(weight, onehots):
    """[N,C,5,3]: each cell's rank among each slot's cells along R, G and B (share of the slot's
    pixel weight in lower slices plus half its own slice's, minus 0.5: 0 at the slot's median).
    weight [N,C,5] = assignment x share; onehots: per axis [N,C,16], the cells' slices."""
    mass = weight.sum(1).clamp_min(1e-6)[..., None]  # [N,5,1]
    ranks = []
    for onehot in onehots:
        marginal = weight.transpose(1, 2) @ onehot / mass  # [N,5,16]
        below = torch.cumsum(marginal, -1) - marginal / 2
        ranks.append(onehot @ below.transpose(1, 2) - 0.5)  # [N,C,5]
    return torch.stack(ranks, -1)


def mlp(sizes, last_relu=True):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2 or last_relu:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class CellSetGenerator(nn.Module):
    def __init__(self, use_features=True, width=64, pair=32, rounds=2, feat_channels=64, feat_dropout=0.0,
                 positions=False, slot_ranks=False):
        super().__init__()
        # Each cell's place in the image's colour distribution (see `positions`): median cut
        # cuts the longest side of the colour region at its median, so where a cell lies
        # along each axis, by pixel count and by extent, is what decides its box.
        self.positions = positions
        # The same inside each slot, in every message-passing round: a cell's rank by pixel
        # count among the slot's cells along R, G and B, as median cut splits a box at its median.
        self.slot_ranks = slot_ranks
        self.use_features = use_features
        # Train-time dropout on the normalised features: 1024 numbers per crop let the embedding
        # recognise training crops (train acc@5 0.50 against 0.33 on validation).
        self.feat_dropout = nn.Dropout(feat_dropout)
        self.feat_dim = feat_channels * GRID_CELLS
        self.head_kind = 'cellset'  # train.py: batches carry the `train_cells` most populated cells
        self.train_cells = 256
        self.rounds = rounds
        self.width = width
        self.register_buffer('feat_mean', torch.zeros(self.feat_dim))
        self.register_buffer('feat_std', torch.ones(self.feat_dim))
        self.cell_in = mlp([6 + (POSITION_FEATURES if positions else 0), width, width])
        self.embed = nn.Linear((self.feat_dim if use_features else 0) + 2 * width, EMB)
        # The paper's two FC layers, applied to every cell with shared weights; the embedding
        # enters through its own projection (broadcast over cells, computed once per image).
        self.head1_cell = nn.Linear(width + 3, width)
        self.head1_emb = nn.Linear(EMB, width)
        self.head2 = nn.Linear(width, width)
        self.queries = nn.Linear(EMB, SLOTS * width)
        self.slot_linear = nn.Linear(width, SLOTS)  # learned per-slot direction + bias
        # Distinct starting anchors (dark to light greys, slightly tinted) so that the slots
        # start apart: identical slots receive identical gradients and never separate.
        self.anchor = nn.Parameter(torch.tensor([[.12, .12, .14], [.3, .28, .25], [.5, .5, .5],
                                                 [.7, .72, .7], [.88, .86, .88]]))
        self.log_alpha = nn.Parameter(torch.tensor(2.0))
        # Message passing: slot summary -> slot state; (cell, slot) pair -> logit update.
        self.slot_state = nn.ModuleList([mlp([8 + width, pair]) for _ in range(rounds)])
        self.pair_feat = nn.ModuleList([nn.Linear(8 + (3 if slot_ranks else 0), pair) for _ in range(rounds)])
        self.pair_cell = nn.ModuleList([nn.Linear(width, pair, bias=False) for _ in range(rounds)])
        self.pair_out = nn.ModuleList([nn.Linear(pair, 1) for _ in range(rounds)])
        self.log_beta = nn.Parameter(torch.full((rounds,), 2.0))  # k-means term weight per round
        for out in self.pair_out:
            nn.init.zeros_(out.weight)
            nn.init.zeros_(out.bias)

    def fit_norm(self, feats):
        flat = torch.as_tensor(feats, dtype=torch.float32).reshape(len(feats), -1)
        self.feat_mean.copy_(flat.mean(0))
        self.feat_std.copy_(flat.std(0).clamp_min(1e-3))

    # ------------------------------------------------------------------ parts

    @staticmethod
    def positions_of(hist, rgb):
        """[N,C,9] where each cell lies in the image's colour distribution, per axis R, G, B:
        the share of pixels in lower slices plus half its own slice's, minus 0.5 (its rank by
        pixel count: 0 at the median), its place between the lowest and highest occupied slice,
        and that occupied extent. Computed from the full histogram [N,4096] for the cells
        whose mean colours are `rgb` [N,C,3] (0..1, from 8-bit means: a cell's mean lies in
        the cell, so its slice index is floor(mean / 16))."""
        n = hist.shape[0]
        cube = hist.reshape(n, GRID, GRID, GRID)
        idx = slice_index(rgb)
        slices = torch.arange(GRID, dtype=hist.dtype)
        rank, place, extent = [], [], []
        for axis, dims in enumerate(((2, 3), (1, 3), (1, 2))):
            marginal = cube.sum(dims)  # [N,16]
            below = torch.cumsum(marginal, 1) - marginal / 2
            at = idx[..., axis]
            rank.append(torch.gather(below, 1, at) - 0.5)
            occupied = marginal > 0
            lo = torch.where(occupied, slices, torch.full_like(slices, GRID)).amin(1, keepdim=True)
            hi = torch.where(occupied, slices, torch.full_like(slices, -1)).amax(1, keepdim=True)
            place.append((at - lo) / (hi - lo).clamp_min(1) - 0.5)
            extent.append(((hi - lo + 1) / GRID).expand_as(at))
        return torch.stack(rank + place + extent, -1)

    def cell_features(self, share, rgb, hist):
        """[N,C] shares, [N,C,3] colours, the full histogram [N,4096] (for `positions`) ->
        [N,C,width] per-cell features (zero where empty)."""
        logs = (torch.log(share.clamp_min(LOG_FLOOR)) + 7) / 4  # about -1.2..1.8
        parts = [rgb - 0.5, share[..., None] * 10, logs[..., None], share.sqrt()[..., None]]
        if self.positions:
            parts.append(self.positions_of(hist, rgb))
        x = torch.cat(parts, -1)
        occupied = (share > 0).float()[..., None]
        return self.cell_in(x) * occupied, occupied

    def embedding_from(self, features, share, f):
        pooled_mean = (share[..., None] * f).sum(1) / share.sum(1, keepdim=True).clamp_min(1e-8)
        pooled_max = f.amax(1)  # f >= 0 (ReLU) and 0 where empty: masking by multiplication
        parts = [pooled_mean, pooled_max]
        if self.use_features:
            feats = (features.reshape(features.shape[0], -1) - self.feat_mean) / self.feat_std
            parts.insert(0, self.feat_dropout(feats))
        return torch.relu(self.embed(torch.cat(parts, 1)))

    @staticmethod
    def slot_stats(assign, share, rgb):
        """Soft slot populations: mass [N,5], mean [N,5,3], variance per axis [N,5,3]."""
        w = assign * share[..., None]  # [N,C,5]
        mass = w.sum(1)  # [N,5]
        denom = mass[..., None].clamp_min(1e-6)
        mean = w.transpose(1, 2) @ rgb / denom
        second = w.transpose(1, 2) @ (rgb * rgb) / denom
        var = (second - mean * mean).clamp_min(0)
        return mass, mean, var

    def forward(self, features, hist, cellrgb, hist_cells=None):
        share = hist if hist_cells is None else hist_cells
        rgb = cellrgb
        f, occupied = self.cell_features(share, rgb, hist)
        emb = self.embedding_from(features, share, f)
        g = torch.relu(self.head1_cell(torch.cat([f, rgb], -1)) + self.head1_emb(emb)[:, None, :])
        g = torch.relu(self.head2(g)) * occupied  # [N,C,W]
        q = self.queries(emb).reshape(-1, SLOTS, self.width)  # [N,5,W]
        logits = (g @ q.transpose(1, 2)) / self.width ** 0.5 + self.slot_linear(g)  # [N,C,5]
        d0 = ((rgb[:, :, None, :] - self.anchor) ** 2).sum(-1)  # [N,C,5]
        logits = logits - torch.exp(self.log_alpha) * d0
        if self.slot_ranks:
            slices = torch.arange(GRID)
            idx = slice_index(rgb)
            onehots = [(idx[..., a, None] == slices).to(rgb.dtype) for a in range(3)]
        for r in range(self.rounds):
            assign = torch.softmax(logits, -1)
            mass, mean, var = self.slot_stats(assign, share, rgb)
            spread = var.clamp_min(1e-6).sqrt()
            summary = torch.cat([mean - 0.5, spread * 4, (mass * 5)[..., None],
                                 ((torch.log(mass.clamp_min(LOG_FLOOR)) + 3) / 3)[..., None], q], -1)
            state = self.slot_state[r](summary)  # [N,5,P]
            diff = rgb[:, :, None, :] - mean[:, None, :, :]  # [N,C,5,3]
            d2 = (diff * diff).sum(-1)  # [N,C,5]
            pair = torch.cat([diff * 4, (diff / (spread[:, None] + 0.02)).abs() / 4,
                              assign[..., None], d2[..., None] * 4], -1)  # [N,C,5,8]
            if self.slot_ranks:
                pair = torch.cat([pair, ranks_in_slots(assign * share[..., None], onehots)], -1)
            hid = torch.relu(self.pair_feat[r](pair) + self.pair_cell[r](g)[:, :, None, :]
                             + state[:, None, :, :])
            logits = logits + self.pair_out[r](hid)[..., 0] - torch.exp(self.log_beta[r]) * d2
        assign = torch.softmax(logits, -1)
        w = assign * share[..., None]
        palette = (w.transpose(1, 2) @ rgb) / w.sum(1)[..., None].clamp_min(1e-6)
        return palette, emb
