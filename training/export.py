"""Export the trained generator and agent to ONNX, describe them in models.json, and score
the test split (generator alone and with the agent) for the model card. train.py's export phase
calls it; run by itself (`python3 training/export.py --run main`, with train.py's options) it
exports that run's checkpoints."""
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BACKBONES, REPO, Split, blas_info, run_script, score  # noqa: E402
from model.agent import MAX_STEPS, RA_FACTOR, RA_THRESHOLD, REPEAT, Agent, run_greedy  # noqa: E402

OPSET = 13


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def reads_cell_subset(gen):
    """Whether the generator can read any subset of the cells (all but the flat `--head cells`,
    whose output layer has one weight per each of the 4,096): then the app gives it the occupied
    ones only."""
    from train import train_cells
    return train_cells(gen) > 0


def export_generator(gen, path, channels):
    """The generator reads the full histogram `hist` [N,4096] and, as `cellrgb` [N,C,3] and
    `hist_cells` [N,C], only the cells the app gives it: the occupied ones (about 150 of 4,096
    in a typical image; its cost is linear in C, and empty cells weigh nothing). One that cannot
    read a subset takes `cellrgb` [N,4096,3] for all cells."""
    gen.eval()
    subset = reads_cell_subset(gen)
    n, c = 2, (300 if subset else 4096)
    example = (torch.zeros(n, channels, 4, 4), torch.full((n, 4096), 1 / 4096), torch.rand(n, c, 3))
    cells = ['cellrgb', 'hist_cells'] if subset else ['cellrgb']
    if subset:
        example += (torch.full((n, c), 1 / c),)
    torch.onnx.export(gen, example, path, opset_version=OPSET, input_names=['features', 'hist'] + cells,
                      output_names=['palette', 'embedding'],
                      dynamic_axes={k: {0: 'N'} for k in ('features', 'hist', 'palette', 'embedding')}
                      | {k: {0: 'N', 1: 'C'} if subset else {0: 'N'} for k in cells})


def export_agent(agent, path):
    agent.eval()
    torch.onnx.export(agent, (torch.zeros(2, 1024), torch.zeros(2, 20 * REPEAT)), path, opset_version=OPSET,
                      input_names=['embedding', 'palette_rgby'], output_names=['probs'],
                      dynamic_axes={k: {0: 'N'} for k in ('embedding', 'palette_rgby', 'probs')})


def optimise_onnx(*paths):
    """Saves ONNX Runtime's graph optimisations in exported generators
    (training/convert/optimise-onnx.ts says why): the app then creates their sessions in about
    half the time. The agent, five nodes, gains nothing."""
    script = os.path.join(REPO, 'training', 'convert', 'optimise-onnx.ts')
    subprocess.run(['npx', '--no-install', 'tsx', script, *paths], cwd=REPO, check=True)


def git_commit():
    try:
        return subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def test_metrics(gen, agent, args, step):
    """Scores on the test split (never used for any choice in training)."""
    from train import predict
    try:
        test = Split(args.cache, 'test', None, not args.no_features, args.backbone)
    except FileNotFoundError:
        return None
    pal, emb = predict(gen, test)
    fine, steps = run_greedy(agent, emb, pal, step)
    return {'images': len(test), 'generator': score(pal.numpy() * 255, test.gt, test.gt_n),
            'generator+agent': score(fine.numpy() * 255, test.gt, test.gt_n),
            'mean_agent_steps': float(steps.float().mean())}


def reference_io(gen, agent, path, step, channels):
    """Two fixed inputs and their torch outputs: the smoke test checks the ONNX files against them."""
    g = torch.Generator().manual_seed(0)
    hist = torch.rand(2, 4096, generator=g) * (torch.rand(2, 4096, generator=g) < 0.05)
    hist = hist / hist.sum(1, keepdim=True)
    feats = torch.randn(2, channels, 4, 4, generator=g) * 5
    # Each cell's colour lies in the cell (as a mean of its pixels does); the given cells are
    # each row's most populated ones, as many as the fuller row occupies.
    corner = torch.stack(torch.meshgrid(*[torch.arange(16)] * 3, indexing='ij'), -1).reshape(4096, 3)
    cellrgb = (corner * 16 + torch.randint(0, 16, (2, 4096, 3), generator=g)) / 255
    given = {'cellrgb': cellrgb}
    if reads_cell_subset(gen):
        top = hist.argsort(1, descending=True)[:, :int((hist > 0).sum(1).max())]
        given = {'cellrgb': cellrgb.gather(1, top[..., None].expand(-1, -1, 3)), 'hist_cells': hist.gather(1, top)}
    with torch.no_grad():
        pal, emb = gen(feats, hist, *given.values())
        probs = agent(emb, Agent.state(pal))
    out = {'features': feats, 'hist': hist, **given, 'palette': pal, 'embedding': emb,
           'palette_rgby': Agent.state(pal), 'probs': probs}
    write_reference(path, out)


def write_reference(path, tensors):
    """Named tensors as the smoke test reads them: {name: {dims, data (flat, 7 decimals)}}."""
    with open(path, 'w') as f:
        json.dump({k: {'dims': list(v.shape), 'data': [round(x, 7) for x in v.reshape(-1).tolist()]}
                   for k, v in tensors.items()}, f)


def export_all(run, args):
    from train import make_generator
    os.makedirs(args.out, exist_ok=True)
    gen = make_generator(args)
    gen.load_state_dict(torch.load(run.path('gan-final.pt')))
    agent = Agent()
    agent.load_state_dict(torch.load(run.path('agent-final.pt')))
    gen_path = os.path.join(args.out, 'generator.onnx')
    agent_path = os.path.join(args.out, 'agent.onnx')
    backbone = BACKBONES[args.backbone]
    export_generator(gen, gen_path, backbone['channels'])
    export_agent(agent, agent_path)
    optimise_onnx(gen_path)
    reference_io(gen, agent, run.path('reference-io.json'), args.step / 255, backbone['channels'])
    done = {}
    for phase in ('gen', 'gan', 'agent'):
        p = run.path(f'{phase}.done')
        if os.path.exists(p):
            with open(p) as f:
                done[phase] = json.load(f)
    metrics = test_metrics(gen, agent, args, args.step / 255)
    desc = {
        'version': 1,
        'created': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'commit': git_commit(),
        'backbone': None if args.no_features else {
            'file': backbone['onnx'], 'inputSize': 32, 'pooledGrid': 4,
            'note': 'features = 4x4 average pool of the backbone output for a 32x32 RGBY input'},
        'generator': {
            'file': 'generator.onnx', 'optimised': True, 'bytes': os.path.getsize(gen_path), 'sha256': sha256(gen_path),
            'inputs': ({} if args.no_features else {'features': [None, backbone['channels'], 4, 4]})
            | ({'hist': [None, 4096], 'cellrgb': [None, None, 3], 'hist_cells': [None, None]} if reads_cell_subset(gen)
               else {'hist': [None, 4096], 'cellrgb': [None, 4096, 3]}),
            'outputs': {'palette': [None, 5, 3], 'embedding': [None, 1024]},
            'histogram': 'share of opaque pixels of the 256-px analysis image in cell (r>>4)*256+(g>>4)*16+(b>>4); '
                         'cellrgb = mean colour of the cell (0..255 rounded, fed as /255) and hist_cells = its share, '
                         'for the occupied cells only',
            'config': {k: getattr(args, k) for k in (
                ('arch', 'backbone', 'width', 'pair', 'rounds', 'positions', 'slot_ranks', 'cells', 'init_from',
                 'no_features') if args.arch == 'cellset'
                else ('arch', 'head', 'refine', 'hidden', 'head_rank', 'beta', 'temperature', 'no_features'))},
        },
        'agent': {
            'file': 'agent.onnx', 'bytes': os.path.getsize(agent_path), 'sha256': sha256(agent_path),
            'inputs': {'embedding': [None, 1024], 'palette_rgby': [None, 20 * REPEAT]},
            'outputs': {'probs': [None, 11]},
            'step': args.step, 'stepUnit': '0..255 luma (added to R, G and B: Cb and Cr kept)',
            'repeat': REPEAT, 'maxSteps': MAX_STEPS, 'raFactor': RA_FACTOR, 'raThreshold': RA_THRESHOLD,
            'actions': 'i in 0..4: 2i = swatch i Y up, 2i+1 = swatch i Y down; 10 = stop',
        },
        'training': {'seed': args.seed, 'threads': args.threads, 'blas': blas_info(), 'torch': torch.__version__,
                     'machine': f'{platform.machine()} {platform.processor() or ""} {os.cpu_count()} CPUs'.strip(),
                     'phases': {k: {'seconds': round(v['seconds'], 1)} for k, v in done.items()}},
        'validation': {k: v['result'] for k, v in done.items()},
        'test': metrics,
    }
    with open(os.path.join(args.out, 'models.json'), 'w') as f:
        json.dump(desc, f, indent=2)
        f.write('\n')
    print(json.dumps(desc['test'], indent=1), flush=True)
    return desc


if __name__ == '__main__':
    # Run by itself, it exports a run's checkpoints as train.py --phases export does, with its options.
    import train
    run_script(lambda: train.main(['--phases', 'export', *sys.argv[1:]]))
