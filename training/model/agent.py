"""RL agent of paper §2.3 and the episode rules it runs under.

Input: the generator's 1024-d embedding (frozen) ++ the palette as RGBY/255 flattened (20
values) repeated 51 times (1020) so that both halves weigh alike; all 0..1.
Output: probabilities of 11 actions: for swatch i (0..4) action 2i moves its Y up by one step
and 2i+1 moves it down, Cb and Cr kept (in RGB that adds the same amount to R, G and B);
action 10 stops.

Stopping (the runtime in src/main/engine/agent.ts mirrors this exactly):
  1. at most MAX_STEPS moves;
  2. stop when the stop action is the most probable;
  3. stop when R_A (eq. 2, factor 0.5) of R_t (eq. 1) passes 0.9.
Eq. 1 as printed, R_t = {sum_i (5 - |p_up_i - p_down_i|) + p_stop} / 6, is at least 4, so
R_A = 0.5 R_1 passes 0.9 at the first move whatever the network says. Read with the per-swatch
term (1 - |p_up_i - p_down_i|) and the fixed 1/6 weight, R_t stays below (5 + 1/3)/6 = 0.89
whenever stop is not the most probable action, so rule 3 could never fire. We keep the
paper's meaning ("similar up and down probabilities mean the Y value has converged") with
    R_t = (1 - p_stop) * mean_i (1 - |p_up_i - p_down_i|) + p_stop,
a weighted mean of the same two terms that spans 0..1: rule 3 then ends an episode in which
the agent keeps dithering (up and down about equally likely) for a few moves.
"""
import torch
from torch import nn

from .palette_ops import LUMA, rgby

ACTIONS = 11
STOP = 10
REPEAT = 51
MAX_STEPS = 25
RA_THRESHOLD = 0.9
RA_FACTOR = 0.5


class Agent(nn.Module):
    def __init__(self, hidden=256):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(1024 + 20 * REPEAT, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, ACTIONS))

    @staticmethod
    def state(palette):
        """[B,5,3] RGB 0..1 -> [B,1020] RGBY 0..1 repeated 51 times."""
        return rgby(palette).reshape(palette.shape[0], 20).repeat(1, REPEAT)

    def logits(self, emb, palette_rgby):
        # The embedding is a ReLU output of unbounded scale: squash it to 0..1 as the paper
        # asks ("all input information is normalized between zero to one").
        return self.net(torch.cat([torch.tanh(emb), palette_rgby], 1))

    def forward(self, emb, palette_rgby):
        return torch.softmax(self.logits(emb, palette_rgby), -1)


def step_reward(probs):
    """R_t of eq. (1) (read as above) from the action probabilities, [B,11] -> [B]."""
    up, down = probs[:, 0:10:2], probs[:, 1:10:2]
    stop = probs[:, STOP]
    return (1 - stop) * (1 - (up - down).abs()).mean(1) + stop


def apply_action(palette, action, step):
    """Move swatch action//2's Y by +-step (Cb, Cr kept, i.e. the same shift on R, G, B)."""
    out = palette.clone()
    moving = action < STOP
    swatch = torch.clamp(action // 2, max=4)
    sign = torch.where(action % 2 == 0, 1.0, -1.0) * moving.float()
    shift = torch.zeros_like(palette[..., 0])
    shift[torch.arange(len(action)), swatch] = sign * step
    # At the gamut's edge move only as far as all three channels can: clamping one alone would
    # change the hue (src/main/engine/agent.ts does the same).
    shift = torch.minimum(1 - palette.amax(-1), torch.maximum(-palette.amin(-1), shift))
    return (out + shift[..., None]).clamp(0, 1)


@torch.no_grad()
def run_greedy(agent, emb, palette, step):
    """The runtime loop: greedy actions under the three stopping rules. -> (palette, steps)."""
    B = palette.shape[0]
    pal = palette.clone()
    steps = torch.zeros(B, dtype=torch.long)
    ra = torch.zeros(B)
    live = torch.ones(B, dtype=torch.bool)
    for _ in range(MAX_STEPS):
        probs = agent(emb, Agent.state(pal))
        action = probs.argmax(1)
        live = live & (action != STOP)
        if not live.any():
            break
        moved = apply_action(pal, action, step)
        pal = torch.where(live[:, None, None], moved, pal)
        steps += live.long()
        ra = torch.where(live, RA_FACTOR * (ra + step_reward(probs)), ra)
        live = live & (ra <= RA_THRESHOLD)
    return pal, steps


__all__ = ['Agent', 'step_reward', 'apply_action', 'run_greedy', 'LUMA']
