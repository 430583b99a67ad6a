import { encodeModel, int, ints, type OnnxGraph } from '../onnx/proto.js';
import { convWeights, GraphBuilder, type Feature, type Weight } from '../onnx/tf-graph.js';

/**
 * face-api's face recognition net (a ResNet-34-like net, 150² in, 128-d descriptor out) as an ONNX graph, built
 * from the weights face-api loads: the same layers in the same order, each conv's scale layer folded into it.
 * The input is what face-api feeds it: the aligned face, padded square and resized to 150², the mean RGB taken
 * away and divided by 255.
 */

export const RECOGNITION_INPUT = 150;

interface ConvLayerParams {
  conv: { filters: Weight; bias: Weight };
  scale: { weights: Weight; biases: Weight };
}
interface ResidualParams {
  conv1: ConvLayerParams;
  conv2: ConvLayerParams;
}
export type RecognitionParams = Record<string, ResidualParams> & { conv32_down: ConvLayerParams; fc: Weight };

/** conv + bias, then × scale + shift: one conv with the scale folded into its weights and bias. */
function convLayer(b: GraphBuilder, x: Feature, p: ConvLayerParams, stride: number, padding: 'same' | 'valid', relu: boolean): Feature {
  const [k, , , cout] = p.conv.filters.shape;
  const s = p.scale.weights.data;
  const bias = new Float32Array(cout);
  for (let o = 0; o < cout; o++) bias[o] = p.conv.bias.data[o] * s[o] + p.scale.biases.data[o];
  const out = b.conv(x, convWeights(p.conv.filters, s), k, cout, bias, stride, padding);
  return relu ? b.relu(out) : out;
}

function residual(b: GraphBuilder, x: Feature, p: ResidualParams): Feature {
  const out = convLayer(b, convLayer(b, x, p.conv1, 1, 'same', true), p.conv2, 1, 'same', false);
  return b.relu(b.add(out, x));
}

/** The down-sampling block: the shortcut is a 2×2 average pool, zero-padded to the conv path's channels and size. */
function residualDown(b: GraphBuilder, x: Feature, p: ResidualParams): Feature {
  let out = convLayer(b, convLayer(b, x, p.conv1, 2, 'valid', true), p.conv2, 1, 'same', false);
  let pooled = b.pool('AveragePool', x, 2, 2);
  if (pooled.size !== out.size) out = b.padEnd(out, 0, pooled.size - out.size);
  if (pooled.channels !== out.channels) pooled = b.padEnd(pooled, out.channels - pooled.channels, 0);
  return b.relu(b.add(pooled, out));
}

/** Input `face` [1, 150, 150, 3] (NHWC, normalised as above), output `descriptor` [1, 128]. */
export function recognitionGraph(params: RecognitionParams): OnnxGraph {
  const b = new GraphBuilder();
  let out = convLayer(b, b.fromNhwc('face', 3, RECOGNITION_INPUT), params.conv32_down, 2, 'valid', true);
  out = b.pool('MaxPool', out, 3, 2);
  for (const name of ['conv32_1', 'conv32_2', 'conv32_3']) out = residual(b, out, params[name]);
  out = residualDown(b, out, params.conv64_down);
  for (const name of ['conv64_1', 'conv64_2', 'conv64_3']) out = residual(b, out, params[name]);
  out = residualDown(b, out, params.conv128_down);
  for (const name of ['conv128_1', 'conv128_2']) out = residual(b, out, params[name]);
  out = residualDown(b, out, params.conv256_down);
  for (const name of ['conv256_1', 'conv256_2']) out = residual(b, out, params[name]);
  out = residualDown(b, out, params.conv256_down_out);
  const mean = b.node('ReduceMean', [out.out], { axes: ints([2, 3]), keepdims: int(0) });
  const fc = params.fc;
  b.node('MatMul', [mean, b.constant('fc', fc.shape, fc.data)], undefined, 'descriptor');
  return b.graph('face_recognition', [{ name: 'face', dims: ['faces', RECOGNITION_INPUT, RECOGNITION_INPUT, 3] }], [{ name: 'descriptor', dims: ['faces', fc.shape[1]] }]);
}

export function recognitionModel(params: RecognitionParams): Uint8Array {
  return encodeModel(recognitionGraph(params));
}
