// A rolling 64-bit fingerprint (two 32-bit murmur-style lanes), as OMNeT++ fingerprints an event stream:
// equal streams give equal fingerprints, and a single changed value changes it.

const TWO_POW_32 = 4294967296;

function mixLane(hash: number, word: number, multiplier: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, multiplier);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export class Fingerprint {
  // [high, low]. In an Int32Array because a 32-bit lane outside V8's small-integer range would make an
  // object field a boxed double, several times slower on this per-event path.
  private readonly lanes = Int32Array.of(0x243f6a88, 0x85a308d3 | 0);

  /** Folds a 32-bit word in. */
  addWord(word: number): void {
    const lanes = this.lanes;
    lanes[0] = mixLane(lanes[0], word, 0x1b873593);
    lanes[1] = mixLane(lanes[1], word ^ lanes[0], 0x2545f491);
  }

  /** Folds a non-negative integer up to 2^53 in, as two words. */
  addInteger(value: number): void {
    this.addWord(value >>> 0);
    this.addWord(Math.floor(value / TWO_POW_32));
  }

  /** Folds one executed event in with one mix per lane: the hot path of every run. */
  addEvent(kindHash: number, timeUs: number): void {
    const lanes = this.lanes;
    lanes[0] = mixLane(lanes[0], kindHash, 0x1b873593);
    lanes[1] = mixLane(lanes[1], (timeUs >>> 0) ^ Math.imul((timeUs / TWO_POW_32) | 0, 0x9e3779b1), 0x2545f491);
  }

  addString(text: string): void {
    this.addWord(hashString(text));
  }

  /** Sixteen lowercase hex digits. */
  hex(): string {
    return toHex(this.lanes[0]) + toHex(this.lanes[1]);
  }
}

function toHex(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}

/** 32-bit FNV-1a over UTF-16 code units: a stable hash of a name, independent of registration order. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
