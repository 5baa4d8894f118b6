// The timer port on the kernel's virtual clock. A crash kills a timer: its pending callbacks never run.

import type { Timer } from '../../src/ports/timer.js';
import type { Kernel } from '../kernel/kernel.js';

export class KernelTimer implements Timer {
  private alive = true;
  private readonly kind;

  constructor(private readonly kernel: Kernel, name: string) {
    this.kind = kernel.kind(`timer.${name}`);
  }

  nowUs(): number {
    return this.kernel.nowUs;
  }

  after(delayUs: number, callback: () => void): () => void {
    const handle = this.kernel.schedule(delayUs, this.kind, () => this.alive && callback());
    return () => void this.kernel.cancel(handle);
  }

  kill(): void {
    this.alive = false;
  }
}
