#!/usr/bin/python3
"""Train the split generator (model/splits.py) by imitation of median cut's cuts, and export it.

    /usr/bin/python3 training/train_splits.py --embedder training/.work/runs/v12/gan-final.pt --run splits3 \
        --out resources/models
    (the defaults are the shipped model's: 24 epochs, lr 3e-3, plane MLP 384 wide, seed 1301)
    /usr/bin/python3 training/train_splits.py --embedder training/.work/runs/rrdn2/gan-final.pt \
        --run splits3-rrdn --decisions splits3 --out resources/models/rrdn

Needs the fine histograms of the cache (npx tsx training/data/build-hist32.ts). The embedder is
a trained cell-set generator (train.py); its embedding (backbone features and colour cells to
1024) is the RL agent's input; it is frozen and exported inside the new generator. Phases:
  train   teacher-forced cross-entropy on the three decisions of each of the four cuts;
          validation (greedy rollout, the paper's accuracies) after every epoch; checkpoints
          into training/.work/runs/<run>/ and resumes from there; the best epoch is kept.
          Skipped with --decisions: the decisions read only the fine histogram, so one training
          serves every backbone's embedder
  agent   §2.3's agent trained on this generator's palettes (train.py's agent phase, with the
          options of the embedder's run)
  export  generator.onnx and agent.onnx into --out, their models.json entries, test-split metrics;
          --out needs the embedder run's export there (its models.json); the default is train.py's,
          training/.work/models, so that only --out resources/models replaces the shipped models
"""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BACKBONES, REPO, WORK, Split, manifest_rows, run_script, score, set_determinism  # noqa: E402
from model.splits import FINE, STEPS, SplitGenerator, marginals, teacher  # noqa: E402
import train  # noqa: E402


HIST32_DOC = '; hist32 = share of opaque pixels in cell (r>>3)*1024+(g>>3)*32+(b>>3) (engine fineHistogram)'


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cache', default=os.path.join(WORK, 'cache'))
    ap.add_argument('--run', default='splits')
    ap.add_argument('--runs-dir', default=os.path.join(WORK, 'runs'))
    ap.add_argument('--phases', default='train,agent,export')
    ap.add_argument('--out', default=os.path.join(WORK, 'models'),
                    help="export folder, holding the embedder's export (default training/.work/models, "
                    "train.py's); resources/models replaces the shipped models")
    ap.add_argument('--embedder', default='', help="the cell-set generator's checkpoint (a run's gan-final.pt, "
                    "built as that run's args.json says; its backbone is the export's: rrdn1's goes into "
                    'resources/models/rrdn with --out); empty: a freshly initialised RDN one')
    ap.add_argument('--decisions', default='', help="use these trained decisions instead of training them: a run's "
                    'name (its splits-best.pt and splits.done) or a folder --keep-decisions wrote')
    ap.add_argument('--keep-decisions', default='', help='after the train phase, copy the trained decisions (without '
                    'the embedder) and splits.done into this folder, to be committed: a machine without the cache '
                    'can then train an embedder and pass the folder as --decisions')
    ap.add_argument('--seed', type=int, default=1301)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--limit', type=int, default=0, help='at most this many train crops')
    ap.add_argument('--val-limit', type=int, default=2000)
    ap.add_argument('--epochs', type=int, default=24)
    ap.add_argument('--minutes', type=float, default=0, help='stop after the epoch that passes this')
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--hidden', type=int, default=128)
    ap.add_argument('--cut-hidden', type=int, default=384)
    return ap.parse_args(argv)


class FineSplit:
    """A split's fine histograms (sparse), ground truth and median cut's decisions, for the crops
    the manifest gives the split (common.manifest_rows). `teachable` marks crops where median
    cut makes four cuts."""

    def __init__(self, cache, split, limit=0, also=()):
        runs = manifest_rows(cache, split, limit, ('gt.npy', 'hist32_off.npy', *also))
        starts, ends, idxs, cnts, gts, gns, base = [], [], [], [], [], [], 0
        for shard, rows in runs:
            off = np.load(os.path.join(shard, 'hist32_off.npy')).astype(np.int64)
            lo, hi = off[rows[0]], off[rows[-1] + 1]
            # A run is consecutive rows, so its cells are one slice of the shard's arrays.
            starts.append(off[rows] - lo + base)
            ends.append(off[np.array(rows) + 1] - lo + base)
            base += int(hi - lo)
            idxs.append(np.load(os.path.join(shard, 'hist32_idx.npy'), mmap_mode='r')[lo:hi])
            cnts.append(np.load(os.path.join(shard, 'hist32_cnt.npy'), mmap_mode='r')[lo:hi])
            gts.append(np.load(os.path.join(shard, 'gt.npy'), mmap_mode='r')[rows])
            gns.append(np.load(os.path.join(shard, 'gt_n.npy'), mmap_mode='r')[rows])
        self.start, self.end = np.concatenate(starts), np.concatenate(ends)
        self.idx, self.cnt = np.concatenate(idxs), np.concatenate(cnts)
        self.gt, self.gt_n = np.concatenate(gts), np.concatenate(gns)
        self.used_shards = len({shard for shard, _ in runs})

    def __len__(self):
        return len(self.gt_n)

    def counts(self, i):
        c = np.zeros(FINE, np.int64)
        c[self.idx[self.start[i]:self.end[i]]] = self.cnt[self.start[i]:self.end[i]]
        return c

    def dense(self, sel):
        """[B,32768] shares of the crops `sel`."""
        out = np.zeros((len(sel), FINE), np.float32)
        for r, i in enumerate(sel):
            a, b = self.start[i], self.end[i]
            out[r, self.idx[a:b]] = self.cnt[a:b] / max(1, self.cnt[a:b].sum())
        return torch.from_numpy(out)

    def teach(self):
        """Median cut's decisions on every crop: boxes lo/hi per step and the targets."""
        n = len(self)
        self.teachable = np.zeros(n, bool)
        self.lo = [np.zeros((n, t + 1, 3), np.float32) for t in range(STEPS)]
        self.hi = [np.zeros((n, t + 1, 3), np.float32) for t in range(STEPS)]
        self.target = np.zeros((n, STEPS, 3), np.int64)  # box, axis, plane
        for i in range(n):
            r = teacher(self.counts(i))
            if r is None:
                continue
            self.teachable[i] = True
            for t, (boxes, k, axis, plane) in enumerate(r[0]):
                self.lo[t][i] = [b[0] for b in boxes]
                self.hi[t][i] = [b[1] for b in boxes]
                self.target[i, t] = (k, axis, plane)


def embedder_args(args):
    """The train.py arguments of the run that trained --embedder (its args.json over train.py's
    defaults, so a run older than an option gets its default), or the defaults."""
    run_args = vars(train.parse_args([]))
    if args.embedder:
        with open(os.path.join(os.path.dirname(args.embedder), 'args.json')) as f:
            run_args |= json.load(f)
    return argparse.Namespace(**run_args)


def make_split_generator(args):
    """The split generator on the frozen --embedder, built as its run built it."""
    emb = train.make_generator(embedder_args(args))
    if args.embedder:
        state = torch.load(args.embedder)
        emb.load_state_dict(state.get('model', state))
    return SplitGenerator(emb.eval(), hidden=args.hidden, cut_hidden=args.cut_hidden)


def load_split_generator(path, args):
    """The trained cut decisions of `path` on the embedder of `args`: the decisions read only
    the fine histogram, so one training serves every backbone's embedder."""
    gen = make_split_generator(args)
    head = {k: v for k, v in torch.load(path)['model'].items() if not k.startswith('embedder.')}
    missing, unexpected = gen.load_state_dict(head, strict=False)
    assert not unexpected and all(k.startswith('embedder.') for k in missing), (missing, unexpected)
    return gen.eval()


def decision_losses(gen, cube, lo, hi, target, step):
    """Cross-entropy of the three decisions at `step` under teacher forcing, and their accuracy."""
    box, axis, plane = gen.decisions(marginals(cube, lo, hi), lo, hi, step)
    kk = F.one_hot(target[:, 0], box.shape[1]).float()
    logits = (box, axis(kk), plane(kk, F.one_hot(target[:, 1], 3).float())[0])
    losses = [F.cross_entropy(lg, target[:, j]) for j, lg in enumerate(logits)]
    right = [(lg.argmax(-1) == target[:, j]).float().mean().item() for j, lg in enumerate(logits)]
    return sum(losses), right


@torch.no_grad()
def rollout_palettes(gen, data, sel=None, batch=256):
    """The greedy palettes [N,5,3] 0..1 of the crops `sel` (default all)."""
    gen.eval()
    sel = np.arange(len(data)) if sel is None else sel
    return torch.cat([gen.palette(data.dense(sel[i:i + batch])) for i in range(0, len(sel), batch)])


def validate(gen, val):
    return score(rollout_palettes(gen, val).numpy() * 255, val.gt, val.gt_n)


def phase_train(run, args, crops, val):
    gen = make_split_generator(args)
    opt = torch.optim.Adam([p for p in gen.parameters() if p.requires_grad], lr=args.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(1, args.epochs))
    state = run.load('splits-last.pt')
    start, best = 0, None
    if state:
        gen.load_state_dict(state['model'])
        opt.load_state_dict(state['opt'])
        sched.load_state_dict(state['sched'])
        start, best = state['epoch'] + 1, state['best']
        print(f'resuming at epoch {start}', flush=True)
    rng = np.random.default_rng(args.seed)
    taught = np.nonzero(crops.teachable)[0]
    for _ in range(start):
        rng.permutation(taught)  # replay the finished epochs' shuffles: a resumed run sees the same order
    t0 = time.time()
    for epoch in range(start, args.epochs):
        gen.train()
        order = rng.permutation(taught)
        totals, steps = np.zeros(1 + 3 * STEPS), 0
        for b in range(0, len(order) - args.batch + 1, args.batch):
            sel = np.sort(order[b:b + args.batch])
            cube = crops.dense(sel).reshape(-1, 32, 32, 32)
            loss, right = 0, []
            for t in range(STEPS):
                target = torch.from_numpy(crops.target[sel, t])
                lt, rt = decision_losses(gen, cube, torch.from_numpy(crops.lo[t][sel]),
                                         torch.from_numpy(crops.hi[t][sel]), target, t)
                loss, right = loss + lt, right + rt
            opt.zero_grad()
            loss.backward()
            opt.step()
            totals += [loss.item()] + right
            steps += 1
        sched.step()
        mean = totals / max(1, steps)
        names = ['loss'] + [f'{d}{t}' for t in range(STEPS) for d in ('box', 'axis', 'plane')]
        run.log('splits-train', epoch, **dict(zip(names, mean)))
        m = validate(gen, val)
        run.log('splits-val', epoch, **m)
        total = m['acc3'] + m['acc4'] + m['acc5']
        if best is None or total > best['total']:
            best = {'total': total, 'epoch': epoch, 'result': m}
            run.save('splits-best.pt', model=gen.state_dict())
        run.save('splits-last.pt', model=gen.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(),
                 epoch=epoch, best=best)
        if args.minutes and time.time() - t0 > 60 * args.minutes:
            break
    with open(run.path('splits.done'), 'w') as f:
        json.dump({'best': best, 'seconds': time.time() - t0}, f)
    return gen


def decisions_path(run, args, name):
    """A file of the run that trained the decisions: --decisions (a folder, or a run's name), or this one."""
    if not args.decisions:
        return run.path(name)
    folder = args.decisions if os.sep in args.decisions else os.path.join(args.runs_dir, args.decisions)
    return os.path.join(folder, name)


def keep_decisions(run, args, folder):
    """The trained decisions without the embedder (which a later run replaces), and their record."""
    os.makedirs(folder, exist_ok=True)
    head = {k: v for k, v in torch.load(run.path('splits-best.pt'))['model'].items() if not k.startswith('embedder.')}
    torch.save({'model': head}, os.path.join(folder, 'splits-best.pt'))
    shutil.copyfile(run.path('splits.done'), os.path.join(folder, 'splits.done'))
    # Paths inside the repository as the repository names them, not as this machine does.
    record = {k: os.path.relpath(v, REPO) if isinstance(v, str) and v.startswith(REPO + os.sep) else v
              for k, v in vars(args).items()}
    with open(os.path.join(folder, 'args.json'), 'w') as f:
        json.dump(record, f, indent=1)


def agent_args_of(args):
    """train.py's arguments for the agent phase: the embedder's run's (the options that trained
    the agent shipped with it), with this run's folder and validation crops."""
    agent_args = embedder_args(args)
    agent_args.run, agent_args.runs_dir, agent_args.val_limit = args.run, args.runs_dir, args.val_limit
    return agent_args


def crops_with_embedding(gen, args, split, limit=0, sample=0, seed=0):
    """(embedding, palette 0..1, crops) of a split's crops that have the embedder's backbone
    features (at most `limit`; `sample` of them at random)."""
    backbone = embedder_args(args).backbone
    cells = Split(args.cache, split, limit or None, backbone=backbone)
    fine = FineSplit(args.cache, split, len(cells), also=(BACKBONES[backbone]['feat'] + '.npy',))
    assert (cells.gt == fine.gt).all(), f'the {split} shards of the two caches differ'
    sel = np.arange(len(cells))
    if sample and len(sel) > sample:
        sel = np.sort(np.random.default_rng(seed).choice(len(sel), sample, replace=False))
    crops = train.Subset(cells, sel)
    return train.predict(gen.embedder, crops)[1], rollout_palettes(gen, fine, sel), crops


def phase_agent(run, args):
    """§2.3's agent trained on this generator's own palettes, its state the paper's (the
    embedder's 1024 features and the palette), by train.py's agent phase."""
    agent_args = agent_args_of(args)
    gen = load_split_generator(decisions_path(run, args, 'splits-best.pt'), args)
    tr = crops_with_embedding(gen, args, 'train', sample=agent_args.agent_train_limit, seed=agent_args.seed + 300)
    va = crops_with_embedding(gen, args, 'val', args.val_limit)
    t0 = time.time()
    without, best = train.train_agent(train.Run(agent_args), agent_args, tr, va)
    with open(run.path('agent.done'), 'w') as f:
        json.dump({'seconds': time.time() - t0, 'result': {'without_agent': without, 'with_agent': best}}, f, indent=1)


def export(run, args):
    from export import OPSET, export_agent, optimise_onnx, sha256
    from model.agent import Agent
    gen = load_split_generator(decisions_path(run, args, 'splits-best.pt'), args)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, 'generator.onnx')
    n, c = 2, 300
    hist32 = torch.zeros(n, FINE)
    hist32[:, ::97] = 1
    hist32 /= hist32.sum(1, keepdim=True)
    backbone = embedder_args(args).backbone
    channels = BACKBONES[backbone]['channels']
    example = (torch.zeros(n, channels, 4, 4), torch.full((n, 4096), 1 / 4096), torch.rand(n, c, 3),
               torch.full((n, c), 1 / c), hist32)
    names = ['features', 'hist', 'cellrgb', 'hist_cells', 'hist32']
    torch.onnx.export(gen, example, path, opset_version=OPSET, input_names=names,
                      output_names=['palette', 'embedding'],
                      dynamic_axes={k: {0: 'N'} for k in ('features', 'hist', 'hist32', 'palette', 'embedding')}
                      | {k: {0: 'N', 1: 'C'} for k in ('cellrgb', 'hist_cells')})
    optimise_onnx(path)
    agent, agent_path = None, os.path.join(args.out, 'agent.onnx')
    if os.path.exists(run.path('agent-final.pt')):
        agent = Agent()
        agent.load_state_dict(torch.load(run.path('agent-final.pt')))
        export_agent(agent, agent_path)
    step = agent_args_of(args).step / 255
    reference_io(gen, agent, run.path(f'reference-io-{backbone}.json'), channels)
    metrics = test_metrics(gen, agent, args, step)
    models = os.path.join(args.out, 'models.json')
    with open(models) as f:
        desc = json.load(f)
    with open(decisions_path(run, args, 'splits.done')) as f:
        done = json.load(f)
    # The embedder's own description, without what an earlier export of this kind appended.
    cells = desc['generator']['histogram'].split(HIST32_DOC)[0]
    desc['generator'] |= {
        'optimised': True, 'bytes': os.path.getsize(path), 'sha256': sha256(path),
        'inputs': desc['generator']['inputs'] | {'hist32': [None, FINE]},
        'histogram': cells + HIST32_DOC,
        'palette': {'arch': 'splits', 'hidden': args.hidden, 'cut_hidden': args.cut_hidden, 'seed': args.seed,
                    'embedder': os.path.relpath(args.embedder, REPO) if args.embedder else None,
                    'seconds': round(done['seconds'], 1), 'validation': done['best']['result'],
                    'best_epoch': done['best']['epoch']},
    }
    # The cell-set generator's own scores move under `embedder` (its palette is no longer used; its
    # config stays in generator.config): the top-level ones are the shipped palette's.
    if 'embedder' not in desc:
        desc['embedder'] = {'note': "the cell-set generator inside generator.onnx: only its embedding is used",
                            'validation': desc.pop('validation', None), 'test': desc.pop('test', None)}
    desc['validation'] = {'splits': done['best']['result']}
    if agent is not None:
        with open(run.path('agent.done')) as f:
            agent_done = json.load(f)
        desc['agent'] |= {'bytes': os.path.getsize(agent_path), 'sha256': sha256(agent_path), 'step': step * 255,
                          'trainedOn': "the split generator's palettes", 'seconds': round(agent_done['seconds'], 1)}
        desc['validation']['agent'] = agent_done['result']
    desc['test'] = metrics
    tmp = models + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(desc, f, indent=2)
        f.write('\n')
    os.replace(tmp, models)
    print(json.dumps(metrics, indent=1), flush=True)


@torch.no_grad()
def reference_io(gen, agent, path, channels):
    """Two fixed inputs and the PyTorch outputs: the smoke test checks generator.onnx (and
    agent.onnx, when there is one) against them. The fine histograms are of random images of a
    few hundred pixels, so that the cuts are real."""
    from export import write_reference
    from model.agent import Agent
    g = torch.Generator().manual_seed(0)
    hist32 = torch.zeros(2, FINE)
    for row, (centre, spread) in enumerate(((8, 6), (20, 10))):
        cells = (torch.randn(400, 3, generator=g) * spread + centre).round().clamp(0, 31).long()
        hist32[row].index_add_(0, cells[:, 0] * 1024 + cells[:, 1] * 32 + cells[:, 2], torch.ones(400))
    hist32 /= 400
    hist = torch.rand(2, 4096, generator=g) * (torch.rand(2, 4096, generator=g) < 0.05)
    hist = hist / hist.sum(1, keepdim=True)
    top = hist.argsort(1, descending=True)[:, :int((hist > 0).sum(1).max())]
    ins = {'features': torch.randn(2, channels, 4, 4, generator=g) * 5, 'hist': hist,
           'cellrgb': torch.rand(2, top.shape[1], 3, generator=g), 'hist_cells': hist.gather(1, top), 'hist32': hist32}
    pal, emb = gen(*ins.values())
    out = ins | {'palette': pal, 'embedding': emb}
    if agent is not None:
        out |= {'palette_rgby': Agent.state(pal), 'probs': agent.eval()(emb, Agent.state(pal))}
    write_reference(path, out)


@torch.no_grad()
def test_metrics(gen, agent, args, step):
    """Test-split scores of the palette alone and, with an agent, with its fine-tuning (greedy,
    the three stopping rules, as the runtime runs it) on the crops with the embedder's features."""
    from model.agent import run_greedy
    try:
        test = FineSplit(args.cache, 'test')
    except FileNotFoundError:
        return None
    pal = rollout_palettes(gen, test)
    out = {'images': len(test), 'generator': score(pal.numpy() * 255, test.gt, test.gt_n)}
    if agent is not None:
        try:
            emb, pal, crops = crops_with_embedding(gen, args, 'test')
        except FileNotFoundError:  # the cache has no test features of this backbone: npm run eval scores it
            return out
        fine, steps = run_greedy(agent.eval(), emb, pal, step)
        if len(crops) < len(test):
            out |= {'agent_images': len(crops), 'generator_on_agent_images': score(pal.numpy() * 255, crops.gt, crops.gt_n)}
        out |= {'generator+agent': score(fine.numpy() * 255, crops.gt, crops.gt_n),
                'mean_agent_steps': float(steps.float().mean())}
    return out


def main(argv=None):
    args = parse_args(argv)
    set_determinism(args.seed, args.threads)
    run = train.Run(args)
    phases = args.phases.split(',')
    if 'train' in phases and not args.decisions and not os.path.exists(run.path('splits.done')):
        crops = FineSplit(args.cache, 'train', args.limit)
        val = FineSplit(args.cache, 'val', args.val_limit)
        t0 = time.time()
        crops.teach()
        print(f'{len(crops)} train crops ({crops.teachable.sum()} with four cuts) from {crops.used_shards} shards, '
              f'{len(val)} val crops; teacher {time.time() - t0:.0f} s', flush=True)
        phase_train(run, args, crops, val)
    if args.keep_decisions and not args.decisions:
        keep_decisions(run, args, args.keep_decisions)
    if 'agent' in phases and not os.path.exists(run.path('agent.done')):
        phase_agent(run, args)
    if 'export' in phases:
        export(run, args)


if __name__ == '__main__':
    run_script(main)
