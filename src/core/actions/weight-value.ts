import { MAX_WEIGHT } from '../haproxy/runtime-commands.js';
import { failure, success, type Result } from '../result.js';

/**
 * `weight NODE VALUE`: an absolute weight 0..256, or a percentage of the server's configured
 * weight (srv_iweight from `show servers state`).
 */

export type WeightSpec = { readonly unit: 'absolute'; readonly amount: number } | { readonly unit: 'percent'; readonly amount: number };

export type WeightParse = Result<WeightSpec>;

const RANGE = `0..${MAX_WEIGHT} or a percentage of the configured weight such as 50%`;

export function parseWeightValue(text: string): WeightParse {
  const percent = /^(\d{1,5})%$/.exec(text);
  if (percent !== null) return success({ unit: 'percent', amount: Number(percent[1]) });
  if (/^\d{1,5}$/.test(text)) {
    const amount = Number(text);
    if (amount > MAX_WEIGHT) return failure(`weight ${amount} is too big: use ${RANGE}`);
    return success({ unit: 'absolute', amount });
  }
  return failure(`weight must be ${RANGE} (got ${JSON.stringify(text)})`);
}

export type WeightResolution = Result<number>;

/**
 * The absolute weight for one server. A percentage is rounded to the nearest whole weight, and a
 * percentage above 0 never rounds down to 0 (50% of weight 1 is 1: only 0 takes a server out).
 */
export function resolveWeight(spec: WeightSpec, initialWeight: number | undefined, server: string): WeightResolution {
  if (spec.unit === 'absolute') return success(spec.amount);
  if (initialWeight === undefined) {
    return failure(`${server}: HAProxy did not say its configured weight, so ${spec.amount}% cannot be worked out; give an absolute weight`);
  }
  if (spec.amount === 0) return success(0);
  const exact = (initialWeight * spec.amount) / 100;
  const weight = Math.max(Math.round(exact), initialWeight > 0 ? 1 : 0);
  if (weight > MAX_WEIGHT) {
    return failure(`${server}: ${spec.amount}% of its configured weight ${initialWeight} is ${weight}, above the maximum ${MAX_WEIGHT}`);
  }
  return success(weight);
}
