// Turns the ledger's fund flows (GET /api/v1/public/transparency) into the three columns of the
// fund-flow diagram: where gifts were given (a project, a campaign, or unrestricted) → what the money
// paid for (a project's expenses, general expenses, payment fees, or not yet spent) → expense category.
import type { SankeyLinkInput, SankeyNodeInput } from './sankey';
import type { Transparency } from './ledger-client';

export type FlowKey =
  | { readonly kind: 'unrestricted' }
  | { readonly kind: 'project'; readonly id: string }
  | { readonly kind: 'campaign'; readonly id: string }
  | { readonly kind: 'general' }
  | { readonly kind: 'fees' }
  | { readonly kind: 'unspent' }
  | { readonly kind: 'category'; readonly id: string };

/** Reads the ledger's flow endpoint names: "unrestricted", "project:<id>", "category:<slug>", … */
export function parseFlowKey(key: string): FlowKey {
  const colon = key.indexOf(':');
  const head = colon < 0 ? key : key.slice(0, colon);
  const id = colon < 0 ? '' : key.slice(colon + 1);
  switch (head) {
    case 'project':
    case 'campaign':
    case 'category':
      return { kind: head, id };
    case 'unrestricted':
    case 'general':
    case 'fees':
    case 'unspent':
      return { kind: head };
    default:
      // An endpoint this page does not know yet is shown as a category of its own, not dropped.
      return { kind: 'category', id: key };
  }
}

export const UNSPENT = 'unspent';

export interface FundFlowGraph {
  readonly nodes: readonly (SankeyNodeInput & { readonly key: FlowKey })[];
  readonly links: readonly SankeyLinkInput[];
}

/**
 * Node ids are "<column>:<ledger key>", since one project is both a fund (money given to it) and a
 * use (its expenses). Amounts stay integer minor units.
 */
export function buildFundFlow(
  data: Pick<Transparency, 'flows' | 'unrestricted' | 'projects'>,
  label: (key: FlowKey) => string,
): FundFlowGraph {
  const nodes = new Map<string, SankeyNodeInput & { key: FlowKey }>();
  const links = new Map<string, SankeyLinkInput & { value: number }>();
  const node = (column: number, raw: string): string => {
    const id = `${column}:${raw}`;
    if (!nodes.has(id)) {
      const key = parseFlowKey(raw);
      nodes.set(id, { id, column, key, label: label(key) });
    }
    return id;
  };
  const link = (source: string, target: string, value: number): void => {
    if (value <= 0) return;
    const id = `${source}>${target}`;
    const existing = links.get(id);
    if (existing) existing.value += value;
    else links.set(id, { source, target, value });
  };

  for (const flow of data.flows) {
    if (flow.to.startsWith('category:')) link(node(1, flow.from), node(2, flow.to), flow.amountMinor);
    else link(node(0, flow.from), node(1, flow.to), flow.amountMinor);
  }
  // What each fund still holds. Campaign funds are left out: the ledger's campaign totals also count
  // gifts restricted to a project, so their unspent money cannot be told apart here.
  link(node(0, 'unrestricted'), node(1, UNSPENT), data.unrestricted.unspentMinor);
  for (const p of data.projects) link(node(0, `project:${p.projectId}`), node(1, UNSPENT), p.unspentMinor);

  const used = new Set<string>();
  for (const l of links.values()) used.add(l.source).add(l.target);
  const rank = (k: FlowKey): number =>
    ({ unrestricted: 0, project: 1, campaign: 2, general: 3, category: 4, fees: 5, unspent: 6 })[k.kind];
  const ordered = [...nodes.values()]
    .filter((n) => used.has(n.id))
    .sort((a, b) => a.column - b.column || rank(a.key) - rank(b.key) || a.label.localeCompare(b.label));
  return { nodes: ordered, links: [...links.values()] };
}
