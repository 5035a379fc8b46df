// The shape every language's catalogue must have: exactly the English keys, and each string must
// keep every {placeholder} of its English original, so a translation cannot drop a value.
import type { en } from './en';

export type MessageKey = keyof typeof en;

/** The {placeholders} in a message string, as a union of their names. */
export type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void
  ? I
  : never;

/** A string that contains `{name}` for every placeholder name in P. */
type Containing<P extends string> = [P] extends [never]
  ? string
  : UnionToIntersection<P extends string ? `${string}{${P}}${string}` : never>;

export type Catalogue = { readonly [K in MessageKey]: Containing<Placeholders<(typeof en)[K]>> };

/** Values for a message's placeholders; messages without any take no argument. */
export type MessageArgs<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [values: Readonly<Record<Placeholders<(typeof en)[K]>, string | number>>];

export type Translate = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

/** Keys of messages without placeholders: safe to pick at run time and pass to t() alone. */
export type PlainMessageKey = {
  [K in MessageKey]: [Placeholders<(typeof en)[K]>] extends [never] ? K : never;
}[MessageKey];
