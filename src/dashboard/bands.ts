/** Score bands shown everywhere a score is coloured: one rule, safe to import in browser code. */
export const BANDS = { green: 80, yellow: 50 } as const;
export type Band = 'green' | 'yellow' | 'red';
export const bandFor = (score: number | null | undefined): Band | null =>
  score === null || score === undefined ? null : score >= BANDS.green ? 'green' : score >= BANDS.yellow ? 'yellow' : 'red';
