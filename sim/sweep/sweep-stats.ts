// The figures a sweep's summary rests on: the one-sided 95% upper bound on the share of failing seeds (the
// rule of three when none failed, else the exact Clopper-Pearson bound), seed lists written compactly, and
// power-of-two bins of violations per seed. Pure arithmetic: the same counts give the same bytes.

/** How the upper bound is computed, for the reports to say. */
export const BOUND_METHOD =
  'one-sided 95% upper bound on the share of failing seeds: 3/N when none of N failed (the rule of three), '
  + 'else the exact (Clopper-Pearson) bound';

/** The share of seeds that fail, at most, with 95% confidence, given `failed` of `seeds` failed. */
export function failShareUpperBound(failed: number, seeds: number): number {
  if (seeds <= 0) return 1;
  if (failed <= 0) return Math.min(1, 3 / seeds);
  if (failed >= seeds) return 1;
  // The p at which seeing `failed` or fewer has probability 5%: I_p(failed + 1, seeds - failed) = 0.95.
  let low = failed / seeds;
  let high = 1;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if (regularizedBeta(middle, failed + 1, seeds - failed) < 0.95) low = middle;
    else high = middle;
  }
  return high;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms): about 15 significant digits. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let index = 1; index < 9; index += 1) sum += c[index] / (z + index);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * continuedFraction(1 - x, b, a)) / b;
  return (front * continuedFraction(x, a, b)) / a;
}

function continuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let result = d;
  for (let m = 1; m <= 100_000; m += 1) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    const odd = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    for (const numerator of [even, odd]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      result *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return result;
}

/**
 * Seeds as `--seeds` takes them: runs of consecutive whole numbers (in the order given) as `a..b`, the rest
 * one by one, comma-separated: `1..6,9,12..14`. Seeds that are not whole numbers stand alone.
 */
export function compactSeeds(seeds: readonly string[]): string {
  const parts: string[] = [];
  let start = 0;
  while (start < seeds.length) {
    let end = start;
    while (end + 1 < seeds.length && follows(seeds[end], seeds[end + 1])) end += 1;
    parts.push(end === start ? seeds[start] : `${seeds[start]}..${seeds[end]}`);
    start = end + 1;
  }
  return parts.join(',');
}

function follows(previous: string, next: string): boolean {
  return /^\d+$/.test(previous) && /^\d+$/.test(next) && BigInt(previous) + 1n === BigInt(next);
}

/** At most `limit` characters of a compact seed list, cut at a comma, with how many seeds were left out. */
export function clippedSeeds(seeds: readonly string[], limit: number): string {
  const text = compactSeeds(seeds);
  if (text.length <= limit) return text;
  const parts = text.split(',');
  let shown = '';
  let count = 0;
  for (const part of parts) {
    const next = shown === '' ? part : `${shown},${part}`;
    if (next.length > limit - 20) break;
    shown = next;
    count += part.includes('..') ? rangeSize(part) : 1;
  }
  return `${shown}${shown === '' ? '' : ','}… (${seeds.length - count} more)`;
}

function rangeSize(part: string): number {
  const [from, to] = part.split('..');
  return Number(BigInt(to) - BigInt(from) + 1n);
}

/** The bin of a violation count: 0 for none, then i for 2^(i-1) .. 2^i - 1 (1, 2-3, 4-7, ...). */
export function violationBin(violations: number): number {
  return violations <= 0 ? 0 : Math.floor(Math.log2(violations)) + 1;
}

/** The label of bin `index`: `0`, `1`, `2-3`, `4-7`, ... */
export function violationBinLabel(index: number): string {
  if (index <= 1) return String(index);
  return `${2 ** (index - 1)}-${2 ** index - 1}`;
}

/** Seeds per bin, from bin 0 to the highest bin reached. */
export function violationHistogram(counts: readonly number[]): number[] {
  const bins: number[] = [0];
  for (const count of counts) {
    const bin = violationBin(count);
    while (bins.length <= bin) bins.push(0);
    bins[bin] += 1;
  }
  return bins;
}

/** The q-quantile (0..1) of sorted values, lower nearest rank, as the sweep's median has always been. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor((sorted.length - 1) * q)];
}

/**
 * Variant labels as a table or chart shows them: when every variant sets the same single key, that key heads
 * the column and each shows only its value (`addressing` / `shared-range`); otherwise the whole labels.
 */
export function variantColumn(labels: readonly string[]): { heading: string; cells: string[] } {
  const pairs = labels.map((label) => /^([^=+]+)=([^=+]+)$/.exec(label));
  const key = pairs[0]?.[1];
  if (key !== undefined && pairs.every((pair) => pair !== null && pair[1] === key)) {
    return { heading: key, cells: pairs.map((pair) => pair![2]) };
  }
  return { heading: 'variant', cells: [...labels] };
}
