/**
 * Names of nodes, services, backends and servers end up inside HAProxy CLI lines (where `;`
 * starts a second command) and inside shell commands, so they are held to one strict pattern.
 */
export const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const NAME_RULE = 'letters, digits, ".", "_" or "-", 1 to 64 characters';

export function isValidName(value: string): boolean {
  return NAME_PATTERN.test(value);
}
