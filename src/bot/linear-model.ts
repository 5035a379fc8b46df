// A multinomial logistic regression over sparse binary features, trained with a few epochs of
// stochastic gradient descent. Small, deterministic (seeded shuffling) and fast: ~1,000 phrases
// train in tens of milliseconds and a prediction is a few hundred additions.

export interface LinearModelJson {
  readonly labels: readonly string[];
  readonly weights: Readonly<Record<string, readonly number[]>>;
  readonly bias: readonly number[];
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  readonly seed?: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i += 1) {
    out[i] = Math.exp((scores[i] as number) - max);
    sum += out[i] as number;
  }
  for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) / sum;
  return out;
}

export class LinearModel {
  readonly labels: readonly string[];
  readonly #weights: Map<string, Float64Array>;
  readonly #bias: Float64Array;

  private constructor(labels: readonly string[], weights: Map<string, Float64Array>, bias: Float64Array) {
    this.labels = labels;
    this.#weights = weights;
    this.#bias = bias;
  }

  static train(
    samples: readonly { readonly features: readonly string[]; readonly label: string }[],
    labels: readonly string[],
    options: TrainOptions = {},
  ): LinearModel {
    const epochs = options.epochs ?? 20;
    const rate0 = options.learningRate ?? 1;
    const l2 = options.l2 ?? 1e-4;
    const random = mulberry32(options.seed ?? 42);
    const k = labels.length;
    const index = new Map(labels.map((l, i) => [l, i]));
    // Features are interned to row numbers once, so the epochs touch only typed arrays.
    const ids = new Map<string, number>();
    const rows: { readonly x: Int32Array; readonly y: number }[] = [];
    for (const sample of samples) {
      const y = index.get(sample.label);
      if (y === undefined) continue;
      const x = Int32Array.from(sample.features, (f) => {
        let id = ids.get(f);
        if (id === undefined) {
          id = ids.size;
          ids.set(f, id);
        }
        return id;
      });
      rows.push({ x, y });
    }
    const w = new Float64Array(ids.size * k);
    const bias = new Float64Array(k);
    const scores = new Float64Array(k);
    const order = rows.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const rate = rate0 / (1 + epoch * 0.2);
      for (const r of order) {
        const { x, y } = rows[r] as { x: Int32Array; y: number };
        // Each feature's value is 1/√n, so long and short phrases weigh alike.
        const scale = 1 / Math.sqrt(Math.max(1, x.length));
        scores.set(bias);
        for (const f of x)
          for (let c = 0; c < k; c += 1) scores[c] = (scores[c] as number) + (w[f * k + c] as number) * scale;
        const p = softmax(scores);
        const step = rate * scale;
        for (const f of x) {
          for (let c = 0; c < k; c += 1) {
            const g = (p[c] as number) - (c === y ? 1 : 0);
            w[f * k + c] = (w[f * k + c] as number) * (1 - l2) - step * g;
          }
        }
        for (let c = 0; c < k; c += 1)
          bias[c] = (bias[c] as number) - rate * 0.1 * ((p[c] as number) - (c === y ? 1 : 0));
      }
    }
    const weights = new Map<string, Float64Array>();
    for (const [f, id] of ids) weights.set(f, w.slice(id * k, id * k + k));
    return new LinearModel(labels, weights, bias);
  }

  #probabilities(features: readonly string[]): Float64Array {
    const k = this.labels.length;
    const scores = new Float64Array(this.#bias);
    const scale = 1 / Math.sqrt(Math.max(1, features.length));
    for (const f of features) {
      const w = this.#weights.get(f);
      if (!w) continue;
      for (let c = 0; c < k; c += 1) scores[c] = (scores[c] as number) + (w[c] as number) * scale;
    }
    return softmax(scores);
  }

  /** Probability per label, in `labels` order. */
  predict(features: readonly string[]): Float64Array {
    return this.#probabilities(features);
  }

  /** How many of these features the model has seen in training (0 means it knows nothing of the text). */
  known(features: readonly string[]): number {
    let n = 0;
    for (const f of features) if (this.#weights.has(f)) n += 1;
    return n;
  }

  toJSON(): LinearModelJson {
    const weights: Record<string, number[]> = {};
    for (const [f, w] of this.#weights) weights[f] = Array.from(w, (x) => Math.round(x * 1e5) / 1e5);
    return { labels: this.labels, weights, bias: Array.from(this.#bias) };
  }

  static fromJSON(json: LinearModelJson): LinearModel {
    const weights = new Map<string, Float64Array>();
    for (const [f, w] of Object.entries(json.weights)) weights.set(f, Float64Array.from(w));
    return new LinearModel([...json.labels], weights, Float64Array.from(json.bias));
  }
}
