import { encodeModel, int, type OnnxGraph } from '../onnx/proto.js';
import { convWeights, depthwiseWeights, GraphBuilder, type Feature, type Weight } from '../onnx/tf-graph.js';

/**
 * face-api's SSD MobileNet v1 face detector as an ONNX graph, built from the weights face-api loads from its own
 * package: the same layers in the same order (MobileNet v1, the prediction layers, six box predictors), so
 * onnxruntime runs the very network face-api runs, natively and on every core. The box decoding and the
 * non-maximum suppression after it are face-api's, in plain code (decodeDetections).
 */

export interface PointwiseParams {
  filters: Weight;
  batch_norm_offset: Weight;
}
export interface DepthwiseParams {
  filters: Weight;
  batch_norm_scale: Weight;
  batch_norm_offset: Weight;
  batch_norm_mean: Weight;
  batch_norm_variance: Weight;
}
export interface ConvParams {
  filters: Weight;
  bias: Weight;
}
export interface SsdParams {
  mobilenetv1: Record<string, PointwiseParams | { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams }>;
  prediction_layer: Record<string, PointwiseParams | { box_encoding_predictor: ConvParams; class_predictor: ConvParams }>;
  output_layer: { extra_dim: Weight };
}

export const SSD_INPUT = 512;
/** face-api's batch-norm epsilon in MobileNet v1. */
const EPSILON = 0.0010000000474974513;

/** Conv + the folded batch-norm offset + ReLU6, TensorFlow's 'same' padding. */
function pointwise(b: GraphBuilder, x: Feature, p: PointwiseParams, stride: number): Feature {
  const [k, , , cout] = p.filters.shape;
  return b.clip(b.conv(x, convWeights(p.filters), k, cout, p.batch_norm_offset.data, stride, 'same'), 0, 6);
}

/** Depthwise conv with its batch norm folded in, then ReLU6. */
function depthwise(b: GraphBuilder, x: Feature, p: DepthwiseParams, stride: number): Feature {
  const [k, , channels] = p.filters.shape;
  const scale = new Float64Array(channels);
  const bias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = p.batch_norm_scale.data[c] / Math.sqrt(p.batch_norm_variance.data[c] + EPSILON);
    bias[c] = p.batch_norm_offset.data[c] - p.batch_norm_mean.data[c] * scale[c];
  }
  return b.clip(b.conv(x, depthwiseWeights(p.filters, scale), k, channels, bias, stride, 'same', channels), 0, 6);
}

/** A box predictor's 1×1 conv, as [1, cells × anchors, width] rows in TensorFlow's order. */
function predictor(b: GraphBuilder, x: Feature, p: ConvParams, width: number): string {
  const [k, , , cout] = p.filters.shape;
  return b.rows(b.conv(x, convWeights(p.filters), k, cout, p.bias.data, 1, 'same'), width);
}

/** The detector's graph: input `image` [1, 512, 512, 3] in −1..1 (NHWC), outputs `boxes` [1, N, 4] and `classes` [1, N, 3]. */
export function ssdGraph(params: SsdParams): OnnxGraph {
  const b = new GraphBuilder();
  const m = params.mobilenetv1;
  let cur = pointwise(b, b.fromNhwc('image', 3, SSD_INPUT), m.conv_0 as PointwiseParams, 2);
  let conv11 = cur;
  for (let i = 1; i <= 13; i++) {
    const pair = m[`conv_${i}`] as { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams };
    cur = depthwise(b, cur, pair.depthwise_conv, [2, 4, 6, 12].includes(i) ? 2 : 1);
    cur = pointwise(b, cur, pair.pointwise_conv, 1);
    if (i === 11) conv11 = cur;
  }
  const pl = params.prediction_layer;
  const features = cur;
  const convs: Feature[] = [];
  for (let i = 0; i <= 7; i++) {
    cur = pointwise(b, cur, pl[`conv_${i}`] as PointwiseParams, i % 2 === 1 ? 2 : 1);
    convs.push(cur);
  }
  const sources = [conv11, features, convs[1], convs[3], convs[5], convs[7]];
  const boxes: string[] = [];
  const classes: string[] = [];
  sources.forEach((s, i) => {
    const p = pl[`box_predictor_${i}`] as { box_encoding_predictor: ConvParams; class_predictor: ConvParams };
    boxes.push(predictor(b, s, p.box_encoding_predictor, 4));
    classes.push(predictor(b, s, p.class_predictor, 3));
  });
  b.node('Concat', boxes, { axis: int(1) }, 'boxes');
  b.node('Concat', classes, { axis: int(1) }, 'classes');
  return b.graph(
    'ssd_mobilenetv1',
    [{ name: 'image', dims: [1, SSD_INPUT, SSD_INPUT, 3] }],
    [
      { name: 'boxes', dims: [1, 'anchors', 4] },
      { name: 'classes', dims: [1, 'anchors', 3] },
    ],
  );
}

export function ssdModel(params: SsdParams): Uint8Array {
  return encodeModel(ssdGraph(params));
}

/** One detection: a box relative to the padded square input (0..1, top-left origin) and its score. */
export interface RelativeDetection {
  score: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function iou(b: Float32Array, i: number, j: number): number {
  const yminI = Math.min(b[i * 4], b[i * 4 + 2]);
  const xminI = Math.min(b[i * 4 + 1], b[i * 4 + 3]);
  const ymaxI = Math.max(b[i * 4], b[i * 4 + 2]);
  const xmaxI = Math.max(b[i * 4 + 1], b[i * 4 + 3]);
  const yminJ = Math.min(b[j * 4], b[j * 4 + 2]);
  const xminJ = Math.min(b[j * 4 + 1], b[j * 4 + 3]);
  const ymaxJ = Math.max(b[j * 4], b[j * 4 + 2]);
  const xmaxJ = Math.max(b[j * 4 + 1], b[j * 4 + 3]);
  const areaI = (ymaxI - yminI) * (xmaxI - xminI);
  const areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const inter = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0) * Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0);
  return inter / (areaI + areaJ - inter);
}

/**
 * The graph's outputs to detections, as face-api's output layer and non-maximum suppression do it: anchors
 * (`Output/extra_dim`) decode the box encodings, the face class's sigmoid is the score, boxes overlapping a better
 * one by more than 0.5 IoU are dropped, at most `maxResults` are kept.
 */
export function decodeDetections(encodings: Float32Array, classes: Float32Array, anchors: Float32Array, minConfidence: number, maxResults: number): RelativeDetection[] {
  const n = anchors.length / 4;
  const boxes = new Float32Array(n * 4);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = i * 4;
    const h = anchors[a + 2] - anchors[a];
    const w = anchors[a + 3] - anchors[a + 1];
    const cy = anchors[a] + h / 2;
    const cx = anchors[a + 1] + w / 2;
    const halfH = (Math.exp(encodings[a + 2] / 5) * h) / 2;
    const y = (encodings[a] / 10) * h + cy;
    const halfW = (Math.exp(encodings[a + 3] / 5) * w) / 2;
    const x = (encodings[a + 1] / 10) * w + cx;
    boxes[a] = y - halfH;
    boxes[a + 1] = x - halfW;
    boxes[a + 2] = y + halfH;
    boxes[a + 3] = x + halfW;
    scores[i] = 1 / (1 + Math.exp(-classes[i * 3 + 1]));
  }
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (scores[i] > minConfidence) candidates.push(i);
  candidates.sort((p, q) => scores[q] - scores[p]);
  const selected: number[] = [];
  const limit = Math.min(maxResults, n);
  for (const c of candidates) {
    if (selected.length >= limit) break;
    if (selected.every((s) => iou(boxes, c, s) <= 0.5)) selected.push(c);
  }
  return selected.map((i) => ({
    score: scores[i],
    top: Math.max(0, boxes[i * 4]),
    left: Math.max(0, boxes[i * 4 + 1]),
    bottom: Math.min(1, boxes[i * 4 + 2]),
    right: Math.min(1, boxes[i * 4 + 3]),
  }));
}
