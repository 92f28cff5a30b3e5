import { failure, type Result, success } from '../result.js';

/** An HAProxy version as `show info` prints it: "2.6.12-1+deb12u4", "1.8.19-1+rpi1", "3.1-dev4". */

export interface HaproxyVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseHaproxyVersion(text: string): Result<HaproxyVersion> {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (match === null) return failure(`unreadable HAProxy version ${JSON.stringify(text.slice(0, 40))}`);
  return success({ text: text.trim(), major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) });
}

export function isAtLeast(version: HaproxyVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}
