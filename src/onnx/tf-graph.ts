import { int, ints, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxValue } from './proto.js';

/**
 * Building an ONNX graph from a TensorFlow network's weights: TensorFlow's layouts (NHWC activations,
 * [kh, kw, in, out] filters, 'same' padding with the odd pixel after) turned into ONNX's (NCHW, [out, in, kh, kw],
 * explicit pads), so the graph computes what the TensorFlow code computes.
 */

/** A weight: its shape and values in TensorFlow's layout. */
export interface Weight {
  shape: number[];
  data: Float32Array;
}

/** One spatial axis of a convolution or pool: the pads before and after, and the size out. */
export function axisPads(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): { before: number; after: number; out: number } {
  if (padding === 'valid') return { before: 0, after: 0, out: Math.floor((size - kernel) / stride) + 1 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, out };
}

/** Conv filters [kh, kw, in, out] → [out, in, kh, kw], each output channel times `scale` (a folded affine layer). */
export function convWeights(w: Weight, scale?: ArrayLike<number>): Float32Array {
  const [kh, kw, cin, cout] = w.shape;
  const src = w.data;
  const out = new Float32Array(src.length);
  const k = kh * kw;
  const perOut = k * cin;
  const s = scale ?? new Float32Array(cout).fill(1);
  // The source is read in order; each output channel's weights are perOut apart in the result.
  let at = 0;
  for (let yx = 0; yx < k; yx++)
    for (let i = 0; i < cin; i++) {
      const to = i * k + yx;
      for (let o = 0; o < cout; o++) out[o * perOut + to] = src[at++] * s[o];
    }
  return out;
}

/** Depthwise filters [kh, kw, channels, 1] → [channels, 1, kh, kw], each channel times `scale` (a folded batch norm). */
export function depthwiseWeights(w: Weight, scale?: ArrayLike<number>): Float32Array {
  const [kh, kw, channels, multiplier] = w.shape;
  if (multiplier !== 1) throw new Error(`depthwise multiplier ${multiplier} is not supported`);
  const out = new Float32Array(w.data.length);
  const s = scale ?? new Float32Array(channels).fill(1);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[(c * kh + y) * kw + x] = w.data[(y * kw + x) * channels + c] * s[c];
  return out;
}

/** A feature map in the graph: its value's name, channels and (square) spatial size. */
export interface Feature {
  out: string;
  channels: number;
  size: number;
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private n = 0;

  private name(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }

  constant(prefix: string, dims: number[], data: Float32Array | BigInt64Array): string {
    const name = this.name(prefix);
    this.initializers.push({ name, dims, data });
    return name;
  }

  node(op: string, inputs: string[], attributes?: OnnxNode['attributes'], output?: string): string {
    const out = output ?? this.name(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [out], attributes });
    return out;
  }

  /** The graph built so far, with its inputs and outputs named. */
  graph(name: string, inputs: OnnxValue[], outputs: OnnxValue[]): OnnxGraph {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }

  /** NHWC input → NCHW. */
  fromNhwc(input: string, channels: number, size: number): Feature {
    return { out: this.node('Transpose', [input], { perm: ints([0, 3, 1, 2]) }), channels, size };
  }

  /** A convolution with TensorFlow filters and padding; `group` = channels makes it depthwise. */
  conv(x: Feature, weights: Float32Array, kernel: number, outChannels: number, bias: Float32Array, stride: number, padding: 'same' | 'valid', group = 1): Feature {
    const p = axisPads(x.size, kernel, stride, padding);
    const out = this.node('Conv', [x.out, this.constant('w', [outChannels, x.channels / group, kernel, kernel], weights), this.constant('b', [bias.length], bias)], {
      kernel_shape: ints([kernel, kernel]),
      strides: ints([stride, stride]),
      pads: ints([p.before, p.before, p.after, p.after]),
      group: int(group),
    });
    return { out, channels: outChannels, size: p.out };
  }

  clip(x: Feature, lo: number, hi: number): Feature {
    return { ...x, out: this.node('Clip', [x.out, this.constant('lo', [], Float32Array.of(lo)), this.constant('hi', [], Float32Array.of(hi))]) };
  }

  relu(x: Feature): Feature {
    return { ...x, out: this.node('Relu', [x.out]) };
  }

  pool(op: 'MaxPool' | 'AveragePool', x: Feature, kernel: number, stride: number): Feature {
    const p = axisPads(x.size, kernel, stride, 'valid');
    return { ...x, out: this.node(op, [x.out], { kernel_shape: ints([kernel, kernel]), strides: ints([stride, stride]) }), size: p.out };
  }

  add(a: Feature, b: Feature): Feature {
    return { ...a, out: this.node('Add', [a.out, b.out]) };
  }

  /** Zeros appended: `channels` more channels, `spatial` more rows and columns (at the end, as TensorFlow's concat with zeros). */
  padEnd(x: Feature, channels: number, spatial: number): Feature {
    const pads = this.constant('pads', [8], BigInt64Array.of(0n, 0n, 0n, 0n, 0n, BigInt(channels), BigInt(spatial), BigInt(spatial)));
    return { out: this.node('Pad', [x.out, pads]), channels: x.channels + channels, size: x.size + spatial };
  }

  /** NCHW → NHWC rows [1, H × W × C / width, width], TensorFlow's order for a reshape of its NHWC tensor. */
  rows(x: Feature, width: number): string {
    const nhwc = this.node('Transpose', [x.out], { perm: ints([0, 2, 3, 1]) });
    return this.node('Reshape', [nhwc, this.constant('shape', [3], BigInt64Array.of(1n, -1n, BigInt(width)))]);
  }
}
