/** Growable typed columns: appended value by value from streamed chunks, never as row objects. */
import type { CategoricalColumn, NumericColumn } from '../../domains/monitoring/monitoring.store.js';

export class NumericBuilder {
  private values = new Float64Array(1024);
  private length = 0;

  push(value: number | null): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value ?? Number.NaN;
  }

  build(name: string): NumericColumn {
    return { name, kind: 'numeric', values: this.values.slice(0, this.length) };
  }
}

export class CategoricalBuilder {
  private codes = new Int32Array(1024);
  private length = 0;
  private readonly index = new Map<string, number>();
  private readonly dictionary: string[] = [];

  push(value: string | null): void {
    if (this.length === this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    let code = -1;
    if (value !== null && value !== '') {
      const known = this.index.get(value);
      if (known === undefined) {
        code = this.dictionary.length;
        this.index.set(value, code);
        this.dictionary.push(value);
      } else code = known;
    }
    this.codes[this.length++] = code;
  }

  build(name: string): CategoricalColumn {
    return { name, kind: 'categorical', codes: this.codes.slice(0, this.length), dictionary: this.dictionary };
  }
}
