/**
 * The few parts of the ONNX format needed to hand a network to onnxruntime as bytes: a model with one graph of
 * nodes, float initializers, and typed inputs and outputs. Encoded as protocol buffers by hand (field numbers
 * from onnx.proto), so no protobuf library is needed.
 */

const FLOAT = 1;
const INT64 = 7;

/** Protocol buffer output as a list of byte chunks: nested messages splice their chunks in, and only finish() copies. */
class Writer {
  private chunks: Uint8Array[] = [];
  size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    this.push(Uint8Array.from(out));
  }

  tag(field: number, wire: 0 | 2): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): void {
    this.tag(field, 0);
    this.varint(value);
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): void {
    const inner = new Writer();
    build(inner);
    this.tag(field, 2);
    this.varint(inner.size);
    for (const c of inner.chunks) this.push(c);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export type Attribute = { kind: 'int'; value: number } | { kind: 'ints'; value: number[] };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, Attribute>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  /** float32 weights, or int64 values (shapes for Reshape). */
  data: Float32Array | BigInt64Array;
}

export interface OnnxValue {
  name: string;
  /** Dimensions; a string is a named dynamic dimension. */
  dims: Array<number | string>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
}

export const ints = (value: number[]): Attribute => ({ kind: 'ints', value });
export const int = (value: number): Attribute => ({ kind: 'int', value });

function writeTensor(w: Writer, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.data instanceof Float32Array ? FLOAT : INT64);
  w.string(8, t.name);
  // raw_data is little-endian, as typed arrays are on every platform Node runs on here.
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeValue(w: Writer, v: OnnxValue): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

function writeAttribute(w: Writer, name: string, a: Attribute): void {
  w.string(1, name);
  if (a.kind === 'int') {
    w.int(3, a.value);
    w.int(20, 2);
  } else {
    for (const v of a.value) w.int(8, v);
    w.int(20, 7);
  }
}

/** A whole model (IR version 8, default opset 13) as the bytes onnxruntime's InferenceSession.create takes. */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.int(1, 8);
  w.string(2, 'lorapilot');
  w.message(7, (g) => {
    graph.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const input of n.inputs) node.string(1, input);
        for (const output of n.outputs) node.string(2, output);
        node.string(3, `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [name, a] of Object.entries(n.attributes ?? {})) node.message(5, (attr) => writeAttribute(attr, name, a));
      }),
    );
    g.string(2, graph.name);
    for (const t of graph.initializers) g.message(5, (tensor) => writeTensor(tensor, t));
    for (const v of graph.inputs) g.message(11, (value) => writeValue(value, v));
    for (const v of graph.outputs) g.message(12, (value) => writeValue(value, v));
  });
  w.message(8, (opset) => {
    opset.string(1, '');
    opset.int(2, 13);
  });
  return w.finish();
}
