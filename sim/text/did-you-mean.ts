// "Did you mean": the known names closest to a mistyped one, by edit distance (a swap of two neighbours counts one).

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps, each one step. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidates nearest to `input` (case-insensitive), in the candidates' order: those at the smallest edit
 * distance if it is at most a third of the input's length (at least 1, at most 3); or, failing that, the only
 * candidate that starts with the input. Empty when nothing is near: a guess that far off would mislead.
 */
export function closestNames(input: string, candidates: readonly string[]): string[] {
  const typed = input.toLowerCase();
  if (typed === '') return [];
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  let best = Infinity;
  let nearest: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance === 0 || distance > limit) continue;
    if (distance < best) [best, nearest] = [distance, [candidate]];
    else if (distance === best && !nearest.includes(candidate)) nearest.push(candidate);
  }
  if (nearest.length > 0) return nearest.slice(0, 3);
  const prefixed = candidates.filter((candidate) => candidate.toLowerCase().startsWith(typed));
  return prefixed.length === 1 ? prefixed : [];
}

/** `; did you mean swarm-busy?` (or `a or b`), or '' when no name is near. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const names = closestNames(input, candidates);
  if (names.length === 0) return '';
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `; did you mean ${listed}?`;
}
