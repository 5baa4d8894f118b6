// Refused operator requests, each tied to the request it answers (or to none: a vary-on a restart retried, the
// automatic operator's recovery), so a result counts refused requests apart from performed ones.

/** An operator request: when it was asked, and as which action of the catalog. */
export interface OperatorRequest {
  readonly atUs: number;
  readonly action: string;
}

export interface Refusal {
  readonly timeUs: number;
  readonly action: string;
  readonly reason: string;
  /** The operator request this refusal answers; null when nobody asked (a retry by the logic itself). */
  request: OperatorRequest | null;
}

export class RefusalLog {
  readonly refusals: Refusal[] = [];
  /** Requests accepted for now that the logic may still refuse later, oldest first, by key (`system:action`). */
  private readonly awaiting = new Map<string, OperatorRequest[]>();

  add(timeUs: number, action: string, reason: string, request: OperatorRequest | null): Refusal {
    const refusal: Refusal = { timeUs, action, reason, request };
    this.refusals.push(refusal);
    return refusal;
  }

  /** A request the logic accepted for now; its refusal, if any, comes later under `key`. */
  awaitAnswer(key: string, request: OperatorRequest): void {
    const queue = this.awaiting.get(key);
    if (queue === undefined) this.awaiting.set(key, [request]);
    else queue.push(request);
  }

  /** The oldest request awaiting under `key` is answered (done, or refused): returns it, or null if none waits. */
  answer(key: string): OperatorRequest | null {
    const queue = this.awaiting.get(key);
    const request = queue?.shift() ?? null;
    if (queue !== undefined && queue.length === 0) this.awaiting.delete(key);
    return request;
  }

  /** Requests under keys starting with `prefix` will never be answered (their system crashed). */
  forget(prefix: string): void {
    for (const key of [...this.awaiting.keys()]) if (key.startsWith(prefix)) this.awaiting.delete(key);
  }
}

/** Refused requests by action, counting only refusals that answer a request (sorted by action). */
export function refusedRequestCounts(refusals: readonly Refusal[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const refusal of refusals) {
    if (refusal.request !== null) counts[refusal.request.action] = (counts[refusal.request.action] ?? 0) + 1;
  }
  const sorted: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) sorted[key] = counts[key];
  return sorted;
}
