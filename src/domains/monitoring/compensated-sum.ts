/**
 * Neumaier-compensated summation. numpy sums pairwise; summing a million terms naively here
 * would drift ~1e-10 from it, so sums that are compared with scipy to 1e-9 go through this.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
