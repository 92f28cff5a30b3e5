/**
 * A command-line flag's value checked against what the flag allows, with one line that names the
 * flag, the value given and what is allowed: "--wait-timeout: -5 is not allowed; give seconds from 1 to 86400".
 */
import type { Result } from '../result.js';

export interface NumberRule {
  readonly min: number;
  readonly max: number;
  /** What the number counts, in the plural: "seconds", "connections". */
  readonly unit: string;
  /** Only whole numbers (default: fractions too). */
  readonly whole?: boolean;
}

const shown = (text: string): string => (text.trim() === '' ? `"${text}"` : text);

export function refusal(flag: string, text: string, allowed: string): string {
  return `${flag}: ${shown(text)} is not allowed; give ${allowed}`;
}

export function numberAllowed(rule: NumberRule): string {
  return `${rule.whole === true ? 'a whole number of ' : ''}${rule.unit} from ${rule.min} to ${rule.max}`;
}

/** Decimal notation only: "1e3", "0x10", "Infinity" and "" are words here, not numbers. */
export function numberFlag(flag: string, text: string, rule: NumberRule): Result<number> {
  const pattern = rule.whole === true ? /^\d+$/ : /^\d+(\.\d+)?$|^\.\d+$/;
  const value = Number(text);
  if (!pattern.test(text) || value < rule.min || value > rule.max) return { ok: false, reason: refusal(flag, text, numberAllowed(rule)) };
  return { ok: true, value };
}

export function choiceFlag<T extends string>(flag: string, text: string, allowed: readonly T[]): Result<T> {
  if ((allowed as readonly string[]).includes(text)) return { ok: true, value: text as T };
  const list = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  return { ok: false, reason: refusal(flag, text, `one of ${list}`) };
}

/**
 * `--flag -5` as `--flag=-5`, for node:util parseArgs, which takes a value starting with "-" for
 * another flag and answers "argument is ambiguous"; the value is then checked like any other.
 */
export function attachDashValues(args: readonly string[], valueFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (valueFlags.includes(arg) && next !== undefined && next.startsWith('-') && next !== '--') {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
