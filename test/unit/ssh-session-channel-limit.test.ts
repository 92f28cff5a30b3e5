import { describe, expect, it } from 'vitest';
import { sessionChannelLimit } from '../../src/core/ssh/session-channel-limit.js';

/** The software part of real ident lines (`SSH-2.0-<software>`), as ssh2 hands it over. */
describe('sessionChannelLimit', () => {
  it.each([
    ['OpenSSH_9.2p1', 8],
    ['OpenSSH_7.4', 8],
    ['dropbear_2022.83', 1], // Debian 12's dropbear-bin, as in the e2e lab test
    ['dropbear_2022.82', 1],
    ['dropbear_2020.81', 1],
    ['dropbear_2024.85', 1],
    ['dropbear_2024.86', 8],
    ['dropbear_2025.88', 8],
    ['dropbear', 1], // no version: assume the bug
    ['Dropbear_2019.78', 1],
    ['libssh_0.10.6', 8],
    ['', 8],
  ])('%j → %i', (software, limit) => {
    expect(sessionChannelLimit(software, 8)).toBe(limit);
  });

  it('keeps the configured limit when the server said nothing', () => {
    expect(sessionChannelLimit(undefined, 5)).toBe(5);
  });
});
