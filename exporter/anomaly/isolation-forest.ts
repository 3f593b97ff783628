import { quantile } from './features.js';

/**
 * Isolation forest (Liu, Ting and Zhou, 2008), small and dependency-free: random trees cut
 * random features at random points until each sample stands alone; anomalies are isolated
 * in fewer cuts. Score 2^(−E[h(x)] / c(ψ)), in 0–1, about 0.5 for ordinary samples and near 1
 * for anomalies. The model keeps the 99th percentile of its training scores, which the
 * thresholds are set from.
 */
type Tree = { size: number } | { feature: number; split: number; left: Tree; right: Tree };

export interface IsolationForest {
  readonly trees: Tree[];
  readonly sampleSize: number;
  readonly p99: number;
}

/** Average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

/** A small seeded generator, so a model trained on the same data is the same model. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function grow(data: number[][], depth: number, limit: number, rand: () => number): Tree {
  if (depth >= limit || data.length <= 1) return { size: data.length };
  const dims = (data[0] as number[]).length;
  // Try features until one varies in this node; a node of identical points is a leaf.
  for (let attempt = 0; attempt < dims; attempt++) {
    const feature = Math.floor(rand() * dims);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const row of data) {
      const v = row[feature] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) continue;
    const split = min + rand() * (max - min);
    const left = data.filter((row) => (row[feature] as number) < split);
    const right = data.filter((row) => (row[feature] as number) >= split);
    return {
      feature,
      split,
      left: grow(left, depth + 1, limit, rand),
      right: grow(right, depth + 1, limit, rand),
    };
  }
  return { size: data.length };
}

function pathLength(tree: Tree, x: readonly number[], depth = 0): number {
  if ('size' in tree) return depth + averagePath(tree.size);
  return pathLength(
    (x[tree.feature] as number) < tree.split ? tree.left : tree.right,
    x,
    depth + 1,
  );
}

function rawScore(trees: Tree[], sampleSize: number, x: readonly number[]): number {
  let total = 0;
  for (const t of trees) total += pathLength(t, x);
  const c = averagePath(sampleSize);
  return c > 0 ? 2 ** (-(total / trees.length) / c) : 0;
}

export function trainIsolationForest(
  data: readonly number[][],
  options: { trees?: number; sampleSize?: number; seed?: number } = {},
): IsolationForest | null {
  if (data.length < 10) return null;
  const rand = random(options.seed ?? 42);
  const sampleSize = Math.min(options.sampleSize ?? 256, data.length);
  const limit = Math.ceil(Math.log2(sampleSize));
  const trees: Tree[] = [];
  for (let i = 0; i < (options.trees ?? 100); i++) {
    const sample: number[][] = [];
    for (let j = 0; j < sampleSize; j++)
      sample.push(data[Math.floor(rand() * data.length)] as number[]);
    trees.push(grow(sample, 0, limit, rand));
  }
  const scores = data.map((x) => rawScore(trees, sampleSize, x));
  return { trees, sampleSize, p99: quantile(scores, 0.99) };
}

export function scoreIsolationForest(model: IsolationForest, x: readonly number[]): number {
  return rawScore(model.trees, model.sampleSize, x);
}
