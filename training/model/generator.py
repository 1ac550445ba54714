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
from torch import nn

CELLS = 4096
SLOTS = 5
FEAT = 64 * 4 * 4
NEG = -1e4  # logit of an empty cell (finite so that exported graphs stay NaN-free)


class Generator(nn.Module):
    def __init__(self, hidden=256, head_rank=0, beta=1.0, temperature=1.0, use_features=True):
        super().__init__()
        self.use_features = use_features
        self.beta = beta
        self.temperature = temperature
        # Input normalisation, set from training statistics before training (see fit_norm).
        self.register_buffer('feat_mean', torch.zeros(FEAT))
        self.register_buffer('feat_std', torch.ones(FEAT))
        self.embed = nn.Linear((FEAT if use_features else 0) + CELLS, 1024)
        self.fc1 = nn.Linear(1024, hidden)
        if head_rank:
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
        parts = [torch.sqrt(hist.clamp_min(0))]
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

    def forward(self, features, hist, cellrgb):
        """-> (palette [N,5,3] 0..1, embedding [N,1024])."""
        emb = self.embedding(features, hist)
        logits = self.logits(emb) / self.temperature
        occupied = (hist > 0)[:, None, :]
        prior = self.beta * torch.log(hist.clamp_min(1e-8))[:, None, :]
        weights = torch.softmax(torch.where(occupied, logits + prior, torch.full_like(logits, NEG)), -1)
        palette = weights @ cellrgb  # [N,5,4096] @ [N,4096,3]
        return palette, emb
