/**
 * L2-regularised, weighted logistic regression fitted by Newton's method (IRLS). Twenty features and
 * ten thousand rows take a few milliseconds per iteration and converge in under ten: no library is
 * worth its weight for that, and every step is readable here.
 */

export interface LogisticFit {
  intercept: number;
  coefficients: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface LogisticInputs {
  /** Row-major, `rows × columns`, already standardised. */
  x: Float64Array;
  rows: number;
  columns: number;
  /** 1 for positives. */
  y: Uint8Array;
  /** Per-row weight (time decay); default 1. */
  weights?: Float64Array;
  /**
   * Penalty on the coefficients (not the intercept): `l2 × (sum of weights) × ‖β‖² / 2`, so its
   * strength does not depend on how many rows there are.
   */
  l2: number;
  /**
   * Per column, a multiplier of `l2`; default 1 for every column. Never below `MIN_PENALTY`: a column
   * that alone separates the classes would otherwise send its coefficient to infinity.
   */
  penalties?: Float64Array;
  maxIterations?: number;
}

const MIN_PENALTY = 1e-3;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function fitLogistic(inputs: LogisticInputs): LogisticFit {
  const { x, rows, columns, y, l2 } = inputs;
  const size = columns + 1;
  const weights = inputs.weights ?? new Float64Array(rows).fill(1);
  let totalWeight = 0;
  let positiveWeight = 0;
  for (let i = 0; i < rows; i++) {
    totalWeight += weights[i]!;
    if (y[i]) positiveWeight += weights[i]!;
  }
  if (rows === 0 || totalWeight <= 0) throw new RangeError('no weighted rows to fit');
  const lambda = l2 * totalWeight;
  // Start from the base rate: the intercept alone.
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positiveWeight / totalWeight));
  const theta = new Float64Array(size);
  theta[0] = Math.log(rate / (1 - rate));
  const maxIterations = inputs.maxIterations ?? 50;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const features = new Float64Array(size);
  features[0] = 1;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < rows; i++) {
      let z = theta[0]!;
      for (let j = 0; j < columns; j++) z += theta[j + 1]! * x[i * columns + j]!;
      const p = sigmoid(z);
      const w = weights[i]!;
      const residual = w * (p - (y[i] ? 1 : 0));
      const curvature = w * Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j < columns; j++) features[j + 1] = x[i * columns + j]!;
      for (let a = 0; a < size; a++) {
        gradient[a]! += residual * features[a]!;
        const scaled = curvature * features[a]!;
        for (let b = 0; b <= a; b++) hessian[a * size + b]! += scaled * features[b]!;
      }
    }
    for (let a = 1; a < size; a++) {
      const penalty = lambda * Math.max(MIN_PENALTY, inputs.penalties?.[a - 1] ?? 1);
      gradient[a]! += penalty * theta[a]!;
      hessian[a * size + a]! += penalty;
    }
    for (let a = 0; a < size; a++) for (let b = 0; b < a; b++) hessian[b * size + a] = hessian[a * size + b]!;
    const step = solve(hessian, gradient, size);
    let largest = 0;
    for (let a = 0; a < size; a++) {
      theta[a]! -= step[a]!;
      largest = Math.max(largest, Math.abs(step[a]!));
    }
    if (largest < 1e-8) return { intercept: theta[0]!, coefficients: theta.slice(1), iterations: iteration, converged: true };
  }
  return { intercept: theta[0]!, coefficients: theta.slice(1), iterations: maxIterations, converged: false };
}

/** Solves A x = b for a symmetric positive definite A (Cholesky; a tiny ridge if rounding makes it singular). */
function solve(matrix: Float64Array, vector: Float64Array, size: number): Float64Array {
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-9 : ridge * 100) {
    const lower = new Float64Array(size * size);
    let ok = true;
    for (let i = 0; i < size && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = matrix[i * size + j]! + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) sum -= lower[i * size + k]! * lower[j * size + k]!;
        if (i === j) {
          if (sum <= 0) {
            ok = false;
            break;
          }
          lower[i * size + i] = Math.sqrt(sum);
        } else lower[i * size + j] = sum / lower[j * size + j]!;
      }
    }
    if (!ok) {
      if (ridge > 1) throw new RangeError('the Newton step has no solution');
      continue;
    }
    const forward = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let sum = vector[i]!;
      for (let k = 0; k < i; k++) sum -= lower[i * size + k]! * forward[k]!;
      forward[i] = sum / lower[i * size + i]!;
    }
    const result = new Float64Array(size);
    for (let i = size - 1; i >= 0; i--) {
      let sum = forward[i]!;
      for (let k = i + 1; k < size; k++) sum -= lower[k * size + i]! * result[k]!;
      result[i] = sum / lower[i * size + i]!;
    }
    return result;
  }
}
