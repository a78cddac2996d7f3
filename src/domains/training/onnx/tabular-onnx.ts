/**
 * Exports a built-in tabular model to ONNX with its preprocessing, using standard operators
 * only (ai.onnx 13, ai.onnx.ml 3), so any ONNX runtime serves it:
 *
 *   one input per column: numeric float[N,1], text string[N,1]
 *   numeric  → Concat → Imputer(training means) → Scaler(standardisation; linear and MLP only)
 *   text     → OneHotEncoder(training categories, unseen → zeros) → Flatten
 *   features → LinearClassifier / LinearRegressor          (logreg)
 *            → MatMul/Add/Relu … → Softmax, ArgMax→LabelEncoder (mlp)
 *            → TreeEnsembleClassifier / TreeEnsembleRegressor (forest, gbdt)
 *   outputs: label string[N] and probabilities float[N,K] (classification) or prediction float[N,1]
 */
import type { FeatureEncoderSpec } from '../tabular/feature-encoder.js';
import type { DenseModel, FittedModel, TreeEnsembleModel } from '../tabular/model.js';
import type { TabularTask } from '../tabular/target.js';
import { FLOAT, ML_DOMAIN, node, onnx, STRING, valueInfo, floatTensor, type NodeProto, type TensorProto, type ValueInfoProto } from './onnx-nodes.js';

export interface TabularOnnxInput {
  model: FittedModel;
  encoder: FeatureEncoderSpec;
  task: TabularTask;
  classes: string[];
  /** Stored in the model's metadata (keel.*) so the file explains itself. */
  metadata: Record<string, string>;
  graphName: string;
}

interface Graph {
  nodes: NodeProto[];
  initializers: TensorProto[];
}

export function exportTabularOnnx(input: TabularOnnxInput): Uint8Array {
  const graph: Graph = { nodes: [], initializers: [] };
  const inputs = preprocessing(input.encoder, graph);
  const outputs = input.model.kind === 'dense' ? denseHead(input.model, input, graph) : treeHead(input.model, input, graph);
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'keel',
    opsetImport: [
      { domain: '', version: 13 },
      { domain: ML_DOMAIN, version: 3 },
    ],
    metadataProps: Object.entries(input.metadata).map(([key, value]) => ({ key, value })),
    graph: { name: input.graphName, node: graph.nodes, initializer: graph.initializers, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(proto).finish();
}

function preprocessing(encoder: FeatureEncoderSpec, graph: Graph): ValueInfoProto[] {
  const inputs: ValueInfoProto[] = [];
  const parts: string[] = [];
  const numeric = encoder.features.filter((f) => f.kind === 'numeric');
  if (numeric.length > 0) {
    for (const f of numeric) inputs.push(valueInfo(f.name, FLOAT, ['N', 1]));
    const raw = numeric.length === 1 ? numeric[0]!.name : 'numeric_raw';
    if (numeric.length > 1) graph.nodes.push(node('Concat', numeric.map((f) => f.name), [raw], { axis: 1 }));
    graph.nodes.push(node('Imputer', [raw], ['numeric_filled'], { imputed_value_floats: numeric.map((f) => f.fill), replaced_value_float: Number.NaN }, ML_DOMAIN));
    let last = 'numeric_filled';
    if (encoder.standardize) {
      graph.nodes.push(node('Scaler', [last], ['numeric_scaled'], { offset: numeric.map((f) => f.offset), scale: numeric.map((f) => f.scale) }, ML_DOMAIN));
      last = 'numeric_scaled';
    }
    parts.push(last);
  }
  encoder.features.forEach((f, i) => {
    if (f.kind !== 'categorical') return;
    inputs.push(valueInfo(f.name, STRING, ['N', 1]));
    graph.nodes.push(node('OneHotEncoder', [f.name], [`onehot_${i}`], { cats_strings: f.categories, zeros: 1 }, ML_DOMAIN));
    graph.nodes.push(node('Flatten', [`onehot_${i}`], [`onehot_flat_${i}`], { axis: 1 }));
    parts.push(`onehot_flat_${i}`);
  });
  if (parts.length === 1) graph.nodes.push(node('Identity', parts, ['features']));
  else graph.nodes.push(node('Concat', parts, ['features'], { axis: 1 }));
  return inputs;
}

function classificationOutputs(k: number): ValueInfoProto[] {
  return [valueInfo('label', STRING, ['N']), valueInfo('probabilities', FLOAT, ['N', k])];
}

const REGRESSION_OUTPUT = (): ValueInfoProto[] => [valueInfo('prediction', FLOAT, ['N', 1])];

function denseHead(model: DenseModel, input: TabularOnnxInput, graph: Graph): ValueInfoProto[] {
  const classification = input.task === 'classification';
  if (model.layers.length === 1) {
    const layer = model.layers[0]!;
    // ONNX's linear operators want coefficients class by class: the transpose of our in × out weights.
    const coefficients: number[] = [];
    for (let o = 0; o < layer.outputs; o++) for (let j = 0; j < layer.inputs; j++) coefficients.push(layer.weights[j * layer.outputs + o]!);
    if (classification) {
      graph.nodes.push(node('LinearClassifier', ['features'], ['label', 'probabilities'], { coefficients, intercepts: Array.from(layer.bias), classlabels_strings: input.classes, post_transform: 'SOFTMAX' }, ML_DOMAIN));
      return classificationOutputs(input.classes.length);
    }
    graph.nodes.push(node('LinearRegressor', ['features'], ['prediction'], { coefficients, intercepts: Array.from(layer.bias), targets: 1 }, ML_DOMAIN));
    return REGRESSION_OUTPUT();
  }
  let last = 'features';
  model.layers.forEach((layer, l) => {
    const isLast = l === model.layers.length - 1;
    graph.initializers.push(floatTensor(`W${l}`, [layer.inputs, layer.outputs], layer.weights), floatTensor(`B${l}`, [layer.outputs], layer.bias));
    graph.nodes.push(node('MatMul', [last, `W${l}`], [`matmul_${l}`]));
    const out = isLast ? (classification ? 'logits' : 'prediction') : `dense_${l}`;
    graph.nodes.push(node('Add', [`matmul_${l}`, `B${l}`], [isLast ? out : `pre_relu_${l}`]));
    if (!isLast) graph.nodes.push(node('Relu', [`pre_relu_${l}`], [out]));
    last = out;
  });
  if (!classification) return REGRESSION_OUTPUT();
  graph.nodes.push(node('Softmax', ['logits'], ['probabilities'], { axis: 1 }));
  graph.nodes.push(node('ArgMax', ['probabilities'], ['class_index'], { axis: 1, keepdims: 0 }));
  graph.nodes.push(node('LabelEncoder', ['class_index'], ['label'], { keys_int64s: input.classes.map((_, i) => i), values_strings: input.classes, default_string: '' }, ML_DOMAIN));
  return classificationOutputs(input.classes.length);
}

function treeHead(model: TreeEnsembleModel, input: TabularOnnxInput, graph: Graph): ValueInfoProto[] {
  const classification = input.task === 'classification';
  const nodes = { treeIds: [] as number[], nodeIds: [] as number[], featureIds: [] as number[], modes: [] as string[], values: [] as number[], trueIds: [] as number[], falseIds: [] as number[] };
  const leaves = { treeIds: [] as number[], nodeIds: [] as number[], ids: [] as number[], weights: [] as number[] };
  model.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.feature.length; n++) {
      const leaf = tree.feature[n]! < 0;
      nodes.treeIds.push(t);
      nodes.nodeIds.push(n);
      nodes.featureIds.push(leaf ? 0 : tree.feature[n]!);
      nodes.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      nodes.values.push(leaf ? 0 : tree.threshold[n]!);
      nodes.trueIds.push(leaf ? 0 : tree.left[n]!);
      nodes.falseIds.push(leaf ? 0 : tree.right[n]!);
      if (!leaf) continue;
      if (model.treeOutput) {
        leaves.treeIds.push(t);
        leaves.nodeIds.push(n);
        leaves.ids.push(model.treeOutput[t]!);
        leaves.weights.push(tree.value[n]!);
      } else
        for (let o = 0; o < tree.outputs; o++) {
          leaves.treeIds.push(t);
          leaves.nodeIds.push(n);
          leaves.ids.push(o);
          leaves.weights.push(tree.value[n * tree.outputs + o]!);
        }
    }
  });
  const common = {
    nodes_treeids: nodes.treeIds,
    nodes_nodeids: nodes.nodeIds,
    nodes_featureids: nodes.featureIds,
    nodes_modes: nodes.modes,
    nodes_values: nodes.values,
    nodes_truenodeids: nodes.trueIds,
    nodes_falsenodeids: nodes.falseIds,
    base_values: Array.from(model.base),
    post_transform: model.postTransform === 'softmax' ? 'SOFTMAX' : 'NONE',
  };
  if (classification) {
    graph.nodes.push(
      node('TreeEnsembleClassifier', ['features'], ['label', 'probabilities'], { ...common, class_treeids: leaves.treeIds, class_nodeids: leaves.nodeIds, class_ids: leaves.ids, class_weights: leaves.weights, classlabels_strings: input.classes }, ML_DOMAIN),
    );
    return classificationOutputs(input.classes.length);
  }
  graph.nodes.push(node('TreeEnsembleRegressor', ['features'], ['prediction'], { ...common, n_targets: 1, aggregate_function: 'SUM', target_treeids: leaves.treeIds, target_nodeids: leaves.nodeIds, target_ids: leaves.ids, target_weights: leaves.weights }, ML_DOMAIN));
  return REGRESSION_OUTPUT();
}


