import { z } from 'zod';
import { failure, success, type Result } from '../result.js';
import { excerpt } from '../health/parsed.js';

/**
 * The Prometheus HTTP API's answer to an instant query (`/api/v1/query`), as documented:
 * `{status: "success", data: {resultType: "vector", result: [{metric, value: [t, "v"]}]}}`, or
 * `{status: "error", errorType, error}`. Sample values are strings ("0.5", "NaN", "+Inf").
 */

const sampleSchema = z.tuple([z.number(), z.string()]);

const vectorSchema = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleSchema })),
});

const scalarSchema = z.object({ resultType: z.literal('scalar'), result: sampleSchema });

const responseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.union([vectorSchema, scalarSchema]), warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  /** The sample's value; NaN and ±Inf as numbers. */
  readonly value: number;
  /** When the query was evaluated (ms): an instant query's timestamp, not the scrape's. */
  readonly at: number;
}

function sampleValue(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  return text.trim() === '' || Number.isNaN(n) ? undefined : n;
}

/** An HTTP answer's body (any status: the API's errors come with 400, 422, 503) → its samples, or why none. */
export function parseQueryBody(status: number, text: string): Result<readonly Sample[]> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return failure(`Prometheus answered HTTP ${status} with something that is not JSON: ${excerpt(text, 60)}`);
  }
  return parseInstantVector(body);
}

/** The samples of an instant vector query, or one line saying why there are none. */
export function parseInstantVector(body: unknown): Result<readonly Sample[]> {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    return failure(`not a Prometheus API answer${where}: ${issue?.message ?? 'unexpected shape'} (${excerpt(JSON.stringify(body) ?? String(body), 60)})`);
  }
  const answer = parsed.data;
  if (answer.status === 'error') return failure(`Prometheus refused the query: ${answer.errorType}: ${answer.error}`);
  if (answer.data.resultType !== 'vector') return failure(`Prometheus answered a ${answer.data.resultType}, not a vector`);
  const samples: Sample[] = [];
  for (const r of answer.data.result) {
    const value = sampleValue(r.value[1]);
    if (value === undefined) return failure(`Prometheus sent a sample value that is not a number: ${excerpt(r.value[1])}`);
    samples.push({ labels: r.metric, value, at: Math.round(r.value[0] * 1000) });
  }
  return success(samples);
}
