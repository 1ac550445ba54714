#!/usr/bin/python3
"""Convert the pretrained super-resolution networks of @upscalerjs/esrgan-legacy into
RGBY feature-map backbones in ONNX (paper §2.1: "we only transfer the model just before
upscaling").

    /usr/bin/python3 training/convert/tfjs_to_onnx.py

reads node_modules/@upscalerjs/esrgan-legacy/models/{psnr-small,gans} and writes
resources/models/backbone-rdn.onnx and resources/models/backbone-rrdn.onnx.
Needs only Debian's python3-numpy and python3-onnx.

Every backbone has the same contract, so the rest of the pipeline can swap them:
    input  `rgby`     float32 [N, 4, H, W], R, G, B and Y = 0.299R + 0.587G + 0.114B, all 0..255
    output `features` float32 [N, C, H, W] at input resolution (C = 64 for RDN, 32 for RRDN)

The source models are Keras functional models saved by the TensorFlow.js converter
(`layers-model`): the topology is Keras JSON and the weights are uint8-quantised in the shard
(value = q * scale + min, what tfjs does when it loads them).
"""

import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PACKAGE = os.path.join(REPO, 'node_modules', '@upscalerjs', 'esrgan-legacy')
OPSET = 13

# ITU-R BT.601 luma, the Y of JPEG's full-range YCbCr (the paper's "Y from YCbCr").
LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float64)

# name -> (model folder in the package, layer the network is cut at, input scale the
# pretrained model expects relative to 0..255 input).
BACKBONES = {
    # RDN C3-D10-G64 x2. psnr-small and div2k/x2 have the same topology; psnr-small is chosen
    # because it is the model idealo's ISR published as its PSNR-driven RDN, and it reconstructs
    # the package's own fixture better (see README.md). FDF = Add(GFF_2, F_m1) is the global
    # residual; everything after it (UPN1..3, UPsample, SR) is the upscaling head.
    'rdn': ('psnr-small', 'FDF', 1.0),
    # RRDN (ESRGAN-style, C4-D3-G32 T10 x4). GRL = Add(post_blocks_conv, Pre_blocks_conv) is the
    # global residual before PreShuffle/PixelShuffle4x/SR. UpscalerJS feeds this model 0..1.
    'rrdn': ('gans', 'GRL', 1.0 / 255.0),
}


def load_tfjs_layers_model(model_dir):
    """Return (Keras layer list, {weight name: float64 array}) of a tfjs layers model."""
    with open(os.path.join(model_dir, 'model.json')) as f:
        model = json.load(f)
    if model.get('format') != 'layers-model':
        raise ValueError(f'{model_dir}: not a tfjs layers model')
    layers = model['modelTopology']['model_config']['config']['layers']
    weights = {}
    for group in model['weightsManifest']:
        blob = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            value, offset = _read_weight(blob, offset, spec)
            weights[spec['name']] = value
        if offset != len(blob):
            raise ValueError(f'{model_dir}: {len(blob) - offset} unread bytes in the shards')
    return layers, weights


def _read_weight(blob, offset, spec):
    count = int(np.prod(spec['shape'], dtype=np.int64))
    quant = spec.get('quantization')
    if quant is None:
        if spec['dtype'] != 'float32':
            raise ValueError(f"{spec['name']}: unsupported dtype {spec['dtype']}")
        raw = np.frombuffer(blob, dtype='<f4', count=count, offset=offset)
        return raw.astype(np.float64).reshape(spec['shape']), offset + 4 * count
    qtype = {'uint8': np.uint8, 'uint16': '<u2'}[quant['dtype']]
    raw = np.frombuffer(blob, dtype=qtype, count=count, offset=offset)
    value = raw.astype(np.float64) * quant['scale'] + quant['min']
    return value.reshape(spec['shape']), offset + raw.itemsize * count


def inbound(layer):
    nodes = layer['inbound_nodes']
    return [entry[0] for entry in nodes[0]] if nodes else []


def layers_up_to(layers, cut):
    """The layers `cut` depends on, in the (topological) order Keras saved them."""
    by_name = {layer['name']: layer for layer in layers}
    needed, stack = set(), [cut]
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.add(name)
            stack.extend(inbound(by_name[name]))
    return [layer for layer in layers if layer['name'] in needed]


def rgby_first_conv(kernel_rgb, input_scale):
    """Extend the first conv's [out, 3, kh, kw] RGB kernel to [out, 4, kh, kw] RGBY.

    Each filter's RGB weight vector w is split into its component along the luma vector
    (w_y = w.LUMA / |LUMA|^2, given to Y) and the rest (w - w_y * LUMA, kept on R, G, B). For any
    input whose Y is the luma of its RGB, w_rgb.rgb + w_y * Y == w.rgb: the pretrained
    features are reproduced exactly. This is chosen over zero Y weights because then every
    filter really carries Y (§2.1: "each hidden layer has Y information"), so the Y channel is
    live from the start when the backbone is fine-tuned or fed a palette whose Y was moved.
    """
    w_y = np.tensordot(kernel_rgb, LUMA, axes=([1], [0])) / LUMA.dot(LUMA)  # [out, kh, kw]
    w_rgb = kernel_rgb - w_y[:, None] * LUMA[None, :, None, None]
    return np.concatenate([w_rgb, w_y[:, None]], axis=1) * input_scale


def same_pads(kernel_size, padding):
    if padding == 'valid':
        return [0, 0, 0, 0]
    kh, kw = kernel_size
    if kh % 2 == 0 or kw % 2 == 0:
        raise ValueError('even kernels pad asymmetrically under "same"; not supported')
    return [kh // 2, kw // 2, kh // 2, kw // 2]


class GraphBuilder:
    def __init__(self):
        self.nodes, self.initializers = [], []

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.asarray(array, dtype=np.float32), name))
        return name

    def node(self, op, inputs, output, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output


def activation(graph, kind, x, name):
    if kind == 'linear':
        return x
    if kind == 'relu':
        return graph.node('Relu', [x], name)
    raise ValueError(f'unsupported activation {kind}')


def convert_layer(graph, layer, weights, tensors, first_conv, input_scale):
    cls, cfg, name = layer['class_name'], layer['config'], layer['name']
    xs = [tensors[n] for n in inbound(layer)]
    if cls == 'Conv2D':
        if cfg['strides'] != [1, 1] or cfg.get('dilation_rate', [1, 1]) != [1, 1] \
                or cfg.get('groups', 1) != 1 or cfg['data_format'] != 'channels_last':
            raise ValueError(f'{name}: unsupported Conv2D config')
        kernel = weights[f'{name}/kernel'].transpose(3, 2, 0, 1)  # HWIO -> OIHW
        if name == first_conv:
            kernel = rgby_first_conv(kernel, input_scale)
        inputs = [xs[0], graph.const(f'{name}.weight', kernel)]
        if cfg['use_bias']:
            inputs.append(graph.const(f'{name}.bias', weights[f'{name}/bias']))
        out = graph.node('Conv', inputs, name + ('' if cfg['activation'] == 'linear' else '_conv'),
                         kernel_shape=list(cfg['kernel_size']),
                         pads=same_pads(cfg['kernel_size'], cfg['padding']), strides=[1, 1])
        return activation(graph, cfg['activation'], out, name)
    if cls == 'Activation':
        return activation(graph, cfg['activation'], xs[0], name)
    if cls == 'Concatenate':
        if cfg['axis'] not in (3, -1):
            raise ValueError(f'{name}: concat on axis {cfg["axis"]}')
        return graph.node('Concat', xs, name, axis=1)  # NHWC channels -> NCHW channels
    if cls == 'Add':
        out = xs[0]
        for i, x in enumerate(xs[1:]):
            out = graph.node('Add', [out, x], name if i == len(xs) - 2 else f'{name}_{i}')
        return out
    if cls == 'MultiplyBeta':  # UpscalerJS's custom layer: x * beta (residual scaling)
        return graph.node('Mul', [xs[0], graph.const(f'{name}.beta', cfg.get('beta', 0.2))], name)
    raise ValueError(f'{name}: unsupported layer {cls}')


def build_backbone(model_dir, cut, input_scale):
    layers, weights = load_tfjs_layers_model(model_dir)
    kept = layers_up_to(layers, cut)
    inputs = [layer for layer in kept if layer['class_name'] == 'InputLayer']
    if len(inputs) != 1 or inputs[0]['config']['batch_input_shape'][3] != 3:
        raise ValueError('expected one 3-channel input layer')
    input_name = inputs[0]['name']
    first_convs = [layer['name'] for layer in kept if inbound(layer) == [input_name]]
    if len(first_convs) != 1:
        raise ValueError('expected exactly one layer reading the input')

    graph = GraphBuilder()
    tensors = {input_name: 'rgby'}
    channels = None
    for layer in kept:
        if layer['class_name'] == 'InputLayer':
            continue
        tensors[layer['name']] = convert_layer(graph, layer, weights, tensors, first_convs[0],
                                               input_scale)
        if layer['class_name'] == 'Conv2D':
            channels = layer['config']['filters']
    # The cut layer's output is the graph output: rename it in the node that produces it.
    produced = tensors[cut]
    for node in graph.nodes:
        node.output[:] = ['features' if o == produced else o for o in node.output]
        node.input[:] = ['features' if i == produced else i for i in node.input]

    dims = ['N', 4, 'H', 'W']
    model = helper.make_model(
        helper.make_graph(graph.nodes, f'backbone_{os.path.basename(model_dir)}',
                          [helper.make_tensor_value_info('rgby', TensorProto.FLOAT, dims)],
                          [helper.make_tensor_value_info('features', TensorProto.FLOAT,
                                                         ['N', channels, 'H', 'W'])],
                          graph.initializers),
        opset_imports=[helper.make_opsetid('', OPSET)],
        producer_name='palette-studio training/convert/tfjs_to_onnx.py')
    model.ir_version = 8
    return model, len(kept)


def package_version():
    with open(os.path.join(PACKAGE, 'package.json')) as f:
        return json.load(f)['version']


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', default=os.path.join(REPO, 'resources', 'models'))
    parser.add_argument('names', nargs='*', metavar='|'.join(sorted(BACKBONES)),
                        help='backbones to convert (default: all)')
    args = parser.parse_args(argv)
    for name in args.names or sorted(BACKBONES):
        if name not in BACKBONES:
            parser.error(f'unknown backbone {name}')
        folder, cut, input_scale = BACKBONES[name]
        model, count = build_backbone(os.path.join(PACKAGE, 'models', folder), cut, input_scale)
        meta = {
            'source': f'@upscalerjs/esrgan-legacy@{package_version()} models/{folder} (MIT, '
                      'see LICENSE-esrgan-legacy.txt)',
            'cut_at': cut,
            'input': 'rgby: R, G, B, Y=0.299R+0.587G+0.114B, each 0..255, NCHW',
            'converter': 'training/convert/tfjs_to_onnx.py',
        }
        onnx.helper.set_model_props(model, meta)
        onnx.checker.check_model(model, full_check=True)
        path = os.path.join(args.out, f'backbone-{name}.onnx')
        onnx.save(model, path)
        params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
        ops = {}
        for node in model.graph.node:
            ops[node.op_type] = ops.get(node.op_type, 0) + 1
        print(f'{path}: {count - 1} Keras layers up to {cut}, {params:,} parameters, {ops}')


if __name__ == '__main__':
    main(sys.argv[1:])
