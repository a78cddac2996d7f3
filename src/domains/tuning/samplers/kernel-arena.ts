/**
 * Typed-array space for the Parzen estimators of one TPE step, reused by the next step.
 * A Float64Array past 64 bytes gets its own off-heap buffer, and the ~4 columns of ~1000
 * kernels that each estimator allocated (8 parameters × 2 estimators per ask) cost ~6% of a
 * suggest. Views handed out stay valid until reset(): the sampler resets at the start of each
 * step, when the estimators of the previous one are garbage (a step runs synchronously).
 */
export class KernelArena {
  private readonly buffers: ArrayBuffer[] = [];
  private next = 0;

  reset(): void {
    this.next = 0;
  }

  /** Uninitialised: the caller writes every element before reading it. */
  f64(length: number): Float64Array {
    return new Float64Array(this.take(8 * length), 0, length);
  }

  u32(length: number): Uint32Array {
    return new Uint32Array(this.take(4 * length), 0, length);
  }

  i32(length: number): Int32Array {
    return new Int32Array(this.take(4 * length), 0, length);
  }

  private take(bytes: number): ArrayBuffer {
    const i = this.next++;
    const have = this.buffers[i];
    if (have && have.byteLength >= bytes) return have;
    const grown = new ArrayBuffer(Math.max(bytes, 2 * (have?.byteLength ?? 0), 1024));
    this.buffers[i] = grown;
    return grown;
  }
}
