import { encodeModel, int, type OnnxGraph } from '../onnx/proto.js';
import { convWeights, depthwiseWeights, GraphBuilder, type Feature, type Weight } from '../onnx/tf-graph.js';

/**
 * face-api's 68-point landmark net (four dense blocks of separable convolutions, 112² in, 136 values out) as an
 * ONNX graph, built from the weights face-api loads. The input is what face-api feeds it: the face's box, padded
 * square about its centre and resized to 112², the mean RGB taken away and divided by 255. landmarkPoints turns
 * the output into points as face-api's postProcess does.
 */

export const LANDMARK_INPUT = 112;

interface ConvParams {
  filters: Weight;
  bias: Weight;
}
interface SeparableParams {
  depthwise_filter: Weight;
  pointwise_filter: Weight;
  bias: Weight;
}
type DenseBlock = { conv0: ConvParams | SeparableParams; conv1: SeparableParams; conv2: SeparableParams; conv3: SeparableParams };
export interface LandmarkParams {
  extractor: { dense0: DenseBlock; dense1: DenseBlock; dense2: DenseBlock; dense3: DenseBlock };
  fc: { weights: Weight; bias: Weight };
}

/** TensorFlow's separableConv2d (depthwise, then 1×1) and its bias. */
function separable(b: GraphBuilder, x: Feature, p: SeparableParams, stride: number): Feature {
  const [k, , channels] = p.depthwise_filter.shape;
  const depth = b.conv(x, depthwiseWeights(p.depthwise_filter), k, channels, new Float32Array(channels), stride, 'same', channels);
  const cout = p.pointwise_filter.shape[3];
  return b.conv(depth, convWeights(p.pointwise_filter), 1, cout, p.bias.data, 1, 'same');
}

/** A dense block: the first of the net starts with a plain conv, the others with a separable one (stride 2 both). */
function denseBlock(b: GraphBuilder, x: Feature, p: DenseBlock): Feature {
  const c0 = p.conv0;
  const out1 = b.relu('filters' in c0 ? b.conv(x, convWeights(c0.filters), c0.filters.shape[0], c0.filters.shape[3], c0.bias.data, 2, 'same') : separable(b, x, c0, 2));
  const out2 = separable(b, out1, p.conv1, 1);
  const out3 = separable(b, b.relu(b.add(out1, out2)), p.conv2, 1);
  const out4 = separable(b, b.relu(b.add(out1, b.add(out2, out3))), p.conv3, 1);
  return b.relu(b.add(out1, b.add(out2, b.add(out3, out4))));
}

/** Input `face` [faces, 112, 112, 3] (NHWC, normalised as above), output `landmarks` [faces, 136] (x, y pairs, 0..1 of the input). */
export function landmarkGraph(params: LandmarkParams): OnnxGraph {
  const b = new GraphBuilder();
  const e = params.extractor;
  let out = b.fromNhwc('face', 3, LANDMARK_INPUT);
  for (const block of [e.dense0, e.dense1, e.dense2, e.dense3]) out = denseBlock(b, out, block);
  out = b.pool('AveragePool', out, 7, 2);
  const flat = b.node('Flatten', [out.out], { axis: int(1) });
  const fc = params.fc;
  const product = b.node('MatMul', [flat, b.constant('fc', fc.weights.shape, fc.weights.data)]);
  b.node('Add', [product, b.constant('fc_bias', fc.bias.shape, fc.bias.data)], undefined, 'landmarks');
  return b.graph('face_landmark_68', [{ name: 'face', dims: ['faces', LANDMARK_INPUT, LANDMARK_INPUT, 3] }], [{ name: 'landmarks', dims: ['faces', fc.weights.shape[1]] }]);
}

export function landmarkModel(params: LandmarkParams): Uint8Array {
  return encodeModel(landmarkGraph(params));
}

/**
 * One face's 136 outputs as 68 points relative to its box (0..1), as face-api's postProcess computes them: the
 * net saw the box padded square about its centre, so the padding is taken off again.
 */
export function landmarkPoints(out: ArrayLike<number>, width: number, height: number): Array<{ x: number; y: number }> {
  const scale = LANDMARK_INPUT / Math.max(width, height);
  const w = width * scale;
  const h = height * scale;
  const padX = w < h ? Math.abs(w - h) / 2 : 0;
  const padY = h < w ? Math.abs(w - h) / 2 : 0;
  const points: Array<{ x: number; y: number }> = [];
  for (let i = 0; i < 68; i++) points.push({ x: (out[i * 2] * LANDMARK_INPUT - padX) / w, y: (out[i * 2 + 1] * LANDMARK_INPUT - padY) / h });
  return points;
}
