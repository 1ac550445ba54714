"""Generator of paper §2.2, with an output that lands on the image's own colours.

    features [N,64,4,4] (frozen RDN backbone, 4x4 average pooled)  ┐
    hist     [N,4096]   (share of pixels in each 16x16x16 RGB cell) ┴─► FC 1024 + ReLU = embedding
    embedding ─► FC + ReLU ─► FC ─► logits [N,5,4096]
    swatch k = sum_c softmax_c(logits_kc + beta*log hist_c, empty cells masked) * cellrgb_c

The first FC is the paper's "FC layer in the backbone network" (trained in pre-training,
frozen in the GAN and RL phases); its 1024 outputs are also the RL agent's feature input.
Feeding the exact colour statistics and mixing the mean colours of occupied cells follows
MODEL-FINDINGS.md: regressing RGB directly memorised and rarely landed within ±15.
With beta = 1 each swatch is the pixel-weighted mean of a soft set of cells, i.e. the mean
colour of a soft box of pixels, which is what a median-cut swatch is.
"""
import torch
import torch.nn.functional as F
from torch import nn

CELLS = 4096
SLOTS = 5
FEAT = 64 * 4 * 4
NEG = -1e4  # logit of an empty cell (finite so that exported graphs stay NaN-free)


class Generator(nn.Module):
    def __init__(self, hidden=256, head_rank=0, beta=1.0, temperature=1.0, use_features=True,
                 head='centres', refine=2):
        super().__init__()
        self.use_features = use_features
        self.feat_dim = FEAT  # RDN features only
        self.head_kind = head
        self.refine = refine
        self.beta = beta
        self.temperature = temperature
        # Input normalisation, set from training statistics before training (see fit_norm).
        self.register_buffer('feat_mean', torch.zeros(FEAT))
        self.register_buffer('feat_std', torch.ones(FEAT))
        # The embedding FC reads the histogram pooled to 8x8x8 cells (512): 8x fewer weights
        # than the full 4096 and the same information at the scale the FC can use; the exact
        # 4096 cells are used where precision matters, in the output layer.
        self.embed = nn.Linear((FEAT if use_features else 0) + CELLS // 8, 1024)
        self.fc1 = nn.Linear(1024, hidden)
        if head == 'boxes':
            # The last FC gives, for each swatch, an RGB box (low and high corner), the shape of
            # a median-cut box; swatch = pixel-weighted mean of the cells softly inside it.
            self.head = nn.Linear(hidden, SLOTS * 6)
            with torch.no_grad():
                self.head.weight.mul_(0.1)
                lo = torch.tensor([0.0, 0.2, 0.4, 0.6, 0.8])
                self.head.bias.view(SLOTS, 6)[:, :3] = torch.logit((lo + 0.02)[:, None].expand(-1, 3))
                self.head.bias.view(SLOTS, 6)[:, 3:] = torch.logit((lo + 0.2)[:, None].expand(-1, 3))
            self.cell_embed = None
        elif head == 'centres':
            # The last FC gives the 5 swatches (RGB centre) and a per-channel box scale for each.
            self.head = nn.Linear(hidden, SLOTS * 6)
            with torch.no_grad():
                self.head.weight.mul_(0.1)
                self.head.bias.zero_()
                # Distinct starting centres (greys from dark to light, slightly tinted): the
                # slots must not start identical or they never separate.
                start = torch.tensor([[.12, .12, .14], [.3, .28, .25], [.5, .5, .5], [.7, .72, .7], [.88, .86, .88]])
                self.head.bias.view(SLOTS, 6)[:, :3] = torch.logit(start)
                self.head.bias.view(SLOTS, 6)[:, 3:] = -2.0
            self.cell_embed = None
        elif head_rank:
            # Low-rank last FC: logits_kc = cell_c . (B h)_k; same function class as a
            # rank-limited FC, ~20x fewer weights.
            self.head = nn.Sequential(nn.Linear(hidden, SLOTS * head_rank))
            self.cell_embed = nn.Parameter(torch.randn(CELLS, head_rank) * 0.05)
        else:
            self.head = nn.Linear(hidden, SLOTS * CELLS)
            self.cell_embed = None
        self.head_rank = head_rank

    def fit_norm(self, feats):
        flat = torch.as_tensor(feats, dtype=torch.float32).reshape(len(feats), -1)
        self.feat_mean.copy_(flat.mean(0))
        self.feat_std.copy_(flat.std(0).clamp_min(1e-3))

    def embedding(self, features, hist):
        # sqrt of the shares (Hellinger) keeps small but distinct colours visible to the FC.
        coarse = hist.reshape(-1, 8, 2, 8, 2, 8, 2).sum((2, 4, 6)).reshape(-1, CELLS // 8)
        parts = [torch.sqrt(coarse.clamp_min(0))]
        if self.use_features:
            f = (features.reshape(features.shape[0], -1) - self.feat_mean) / self.feat_std
            parts.insert(0, f)
        return torch.relu(self.embed(torch.cat(parts, 1)))

    def logits(self, emb):
        h = torch.relu(self.fc1(emb))
        if self.head_rank:
            coeff = self.head(h).reshape(-1, SLOTS, self.head_rank)
            return coeff @ self.cell_embed.t()
        return self.head(h).reshape(-1, SLOTS, CELLS)

    def forward(self, features, hist, cellrgb, hist_cells=None):
        """-> (palette [N,5,3] 0..1, embedding [N,1024]). hist_cells: the shares of the cells
        given in cellrgb when those are a subset of the 4096 (training speed-up)."""
        if self.head_kind == 'boxes':
            return self.forward_boxes(features, hist, cellrgb, hist if hist_cells is None else hist_cells)
        if self.head_kind == 'centres':
            return self.forward_centres(features, hist, cellrgb, hist if hist_cells is None else hist_cells)
        emb = self.embedding(features, hist)
        logits = self.logits(emb) / self.temperature
        occupied = (hist > 0)[:, None, :]
        prior = self.beta * torch.log(hist.clamp_min(1e-8))[:, None, :]
        weights = torch.softmax(torch.where(occupied, logits + prior, torch.full_like(logits, NEG)), -1)
        palette = weights @ cellrgb  # [N,5,4096] @ [N,4096,3]
        return palette, emb

    def forward_centres(self, features, hist, cellrgb, hist_cells):
        """Centres head: the FC predicts 5 colours; each is then snapped onto the image's own
        colours by partitioning the occupied cells among the 5 (soft nearest-centre assignment
        with the predicted per-channel box scales, like median cut's boxes) and taking the
        pixel-weighted mean colour of each part; `refine` such steps, starting from the FC's
        centres."""
        emb = self.embedding(features, hist)
        out = self.head(torch.relu(self.fc1(emb))).reshape(-1, SLOTS, 6)
        centre = torch.sigmoid(out[..., :3])
        scale = torch.exp(out[..., 3:].clamp(-6, 2)) * self.temperature  # [N,5,3]
        x2 = cellrgb ** 2  # [N,cells,3]
        for _ in range(self.refine):
            inv = scale ** -2  # [N,5,3]
            # Scaled squared distance of every cell to every centre, as three batched matmuls
            # (the [N,5,4096,3] difference tensor would cost 10x more).
            d = (x2 @ inv.transpose(1, 2) - 2 * cellrgb @ (centre * inv).transpose(1, 2)
                 + (centre ** 2 * inv).sum(-1)[:, None, :])  # [N,4096,5]
            assign = torch.softmax(-d, -1)  # over slots: a soft partition of the cells
            mass = assign * hist_cells[:, :, None]
            centre = (mass.transpose(1, 2) @ cellrgb) / mass.sum(1)[:, :, None].clamp_min(1e-6)
        return centre, emb

    def forward_boxes(self, features, hist, cellrgb, hist_cells):
        emb = self.embedding(features, hist)
        out = torch.sigmoid(self.head(torch.relu(self.fc1(emb))).reshape(-1, SLOTS, 6))
        lo, hi = torch.minimum(out[..., :3], out[..., 3:]), torch.maximum(out[..., :3], out[..., 3:])
        tau = 0.02 * self.temperature
        x = cellrgb[:, :, None, :]  # [N,cells,1,3]
        inside = (F.logsigmoid((x - lo[:, None]) / tau) + F.logsigmoid((hi[:, None] - x) / tau)).sum(-1)
        assign = torch.softmax(inside, -1)  # [N,cells,5]: each cell to the box it is most inside
        mass = assign * hist_cells[:, :, None]
        return (mass.transpose(1, 2) @ cellrgb) / mass.sum(1)[:, :, None].clamp_min(1e-6), emb
