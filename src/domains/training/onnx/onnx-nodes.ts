/** Small builders over onnx-proto's generated classes, so graph code reads like the graph. */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const STRING = onnx.TensorProto.DataType.STRING;
const A = onnx.AttributeProto.AttributeType;

export const ML_DOMAIN = 'ai.onnx.ml';

export function valueInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } };
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  return { name, dataType: FLOAT, dims, floatData: Array.from(values) };
}

type AttrValue = number | string | number[] | string[] | { ints: number[] };

/** Numbers become float attributes unless wrapped as `{ ints }` or named in `ints`. */
function attribute(name: string, value: AttrValue, ints: ReadonlySet<string>): AttributeProto {
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return ints.has(name) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  if (!Array.isArray(value)) return { name, type: A.INTS, ints: value.ints };
  if (value.length > 0 && typeof value[0] === 'string') return { name, type: A.STRINGS, strings: (value as string[]).map((s) => new TextEncoder().encode(s)) };
  return ints.has(name) ? { name, type: A.INTS, ints: value as number[] } : { name, type: A.FLOATS, floats: value as number[] };
}

const INT_ATTRIBUTES = new Set(['axis', 'keepdims', 'zeros', 'to', 'targets', 'n_targets', 'multi_class', 'nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_truenodeids', 'nodes_falsenodeids', 'nodes_missing_value_tracks_true', 'class_treeids', 'class_nodeids', 'class_ids', 'target_treeids', 'target_nodeids', 'target_ids', 'keys_int64s', 'cats_int64s']);

export function node(opType: string, input: string[], output: string[], attrs: Record<string, AttrValue> = {}, domain = ''): NodeProto {
  return {
    opType,
    input,
    output,
    name: `${opType.toLowerCase()}_${output[0]}`,
    domain,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v, INT_ATTRIBUTES)),
  };
}
