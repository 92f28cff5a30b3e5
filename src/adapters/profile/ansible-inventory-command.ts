import { execFile } from 'node:child_process';

/**
 * Runs Debian's `ansible-inventory -i INVENTORY --list`, so every inventory Ansible reads (INI,
 * YAML, directories with group_vars/host_vars, scripts, plugins) is read by Ansible itself.
 * Ansible only warns about a source it cannot parse and prints an empty inventory with exit 0;
 * ANSIBLE_INVENTORY_UNPARSED_FAILED makes that a failure.
 */

export const ANSIBLE_INVENTORY = 'ansible-inventory';

export type InventoryListResult =
  | { readonly ok: true; readonly stdout: string; readonly ms: number }
  | { readonly ok: false; readonly reason: string };

/** The line of Ansible's stderr that says why: its ERROR line, else its last warning. */
function ansibleReason(stderr: string): string {
  const text = stderr.replace(/\x1b\[[0-9;]*m/g, '');
  const error = /ERROR!\s*([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1];
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const chosen = error ?? lines.filter((l) => l.startsWith('[WARNING]')).pop() ?? lines.pop() ?? 'no message';
  return chosen.replace(/\s+/g, ' ').trim().replace(/^\[WARNING\]:\s*/, '').slice(0, 300);
}

export function listInventory(inventory: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<InventoryListResult> {
  const started = performance.now();
  const env = {
    ...(options.env ?? process.env),
    ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True',
    ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_DEPRECATION_WARNINGS: 'False',
  };
  return new Promise((resolve) => {
    execFile(ANSIBLE_INVENTORY, ['-i', inventory, '--list'], { env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const ms = performance.now() - started;
      if (error === null) {
        resolve({ ok: true, stdout, ms });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        resolve({ ok: false, reason: `${ANSIBLE_INVENTORY} is not installed (it comes with Ansible: on Debian \`apt-get install ansible-core\`)` });
      } else if (error.killed === true) {
        resolve({ ok: false, reason: `${ANSIBLE_INVENTORY} -i ${inventory} --list did not finish in ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s (a dynamic inventory script that hangs?)` });
      } else {
        resolve({ ok: false, reason: `${ANSIBLE_INVENTORY} -i ${inventory} --list failed (exit ${String(error.code ?? error.signal)}): ${ansibleReason(stderr)}` });
      }
    });
  });
}
