export { OnnxRuntime, type OnnxRuntimeOptions } from './onnx-runtime.js';
