/**
 * The memory needed to serve a model, derived from its parameter count: weights at a given precision plus
 * an overhead for activations, the KV cache and the serving framework.
 *
 *   memory (GB) = parameters x bytes per parameter x (1 + overhead) / 10^9
 *
 * with 2 bytes per parameter at 16-bit precision (fp16/bf16), 0.5 at 4-bit quantisation (GPTQ, AWQ, GGUF
 * Q4), and an overhead of 20%: Hugging Face Accelerate's model memory estimator notes that inference needs
 * up to 20% more than the size of the loaded weights (EleutherAI's finding). Long contexts and many
 * concurrent users need more KV cache, so this is a floor for one modest workload, not a capacity plan.
 */
export const SERVING_MEMORY_SOURCE = 'https://huggingface.co/docs/accelerate/main/en/usage_guides/model_size_estimator';

export const BYTES_PER_PARAMETER = Object.freeze({ sixteenBit: 2, fourBit: 0.5 });

/** Share added to the weights for activations, KV cache and framework (Accelerate's "up to 20%"). */
export const SERVING_OVERHEAD = 0.2;

/** The memory a model needs to be served, at 16-bit precision and at 4-bit quantisation, in GB (10^9 bytes). */
export interface ServingMemory {
  parameterCount: number;
  sixteenBitGb: number;
  fourBitGb: number;
  formula: string;
  source: string;
}

const gb = (parameters: number, bytes: number) => Math.round((parameters * bytes * (1 + SERVING_OVERHEAD)) / 1e8) / 10;

/** `null` when the parameter count is unknown (closed models rarely disclose it). */
export function servingMemory(parameterCount: number | null | undefined): ServingMemory | null {
  if (parameterCount === null || parameterCount === undefined || !(parameterCount > 0)) return null;
  return {
    parameterCount,
    sixteenBitGb: gb(parameterCount, BYTES_PER_PARAMETER.sixteenBit),
    fourBitGb: gb(parameterCount, BYTES_PER_PARAMETER.fourBit),
    formula: `parameters x bytes per parameter (2 at 16-bit, 0.5 at 4-bit) x ${1 + SERVING_OVERHEAD}`,
    source: SERVING_MEMORY_SOURCE,
  };
}
