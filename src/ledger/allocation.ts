// Pure allocation arithmetic: how an amount is split across funding sources. Exact in integers and
// deterministic: sources are taken in the order given (the caller sorts by date, then id).

export interface FundingSource {
  readonly id: string;
  /** What the source can still give, in minor units. */
  readonly available: number;
}

export interface Share {
  readonly id: string;
  readonly amount: number;
}

/** Oldest first: each source gives as much as it can until the need is met. */
export function splitFifo(need: number, sources: readonly FundingSource[]): Share[] {
  const out: Share[] = [];
  let left = need;
  for (const s of sources) {
    if (left <= 0) break;
    const take = Math.min(left, s.available);
    if (take > 0) {
      out.push({ id: s.id, amount: take });
      left -= take;
    }
  }
  return out;
}

/**
 * Pro rata: each source gives in proportion to what it has, capped by it; parts are rounded down and
 * the remaining units go to the largest remainders (ties by order), so the parts sum exactly.
 */
export function splitProRata(need: number, sources: readonly FundingSource[]): Share[] {
  const usable = sources.filter((s) => s.available > 0);
  const total = usable.reduce((sum, s) => sum + s.available, 0);
  if (total === 0 || need <= 0) return [];
  const target = Math.min(need, total);
  if (target === total) return usable.map((s) => ({ id: s.id, amount: s.available }));
  const parts = usable.map((s, i) => {
    // BigInt keeps available × target exact beyond 2^53.
    const exact = BigInt(s.available) * BigInt(target);
    const floor = Number(exact / BigInt(total));
    const remainder = Number(exact % BigInt(total));
    return { i, id: s.id, floor, remainder, cap: s.available };
  });
  let left = target - parts.reduce((sum, p) => sum + p.floor, 0);
  const order = [...parts].sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const p of order) {
    if (left === 0) break;
    if (p.floor < p.cap) {
      p.floor++;
      left--;
    }
  }
  return parts.filter((p) => p.floor > 0).map((p) => ({ id: p.id, amount: p.floor }));
}
