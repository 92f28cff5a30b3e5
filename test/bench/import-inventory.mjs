#!/usr/bin/env node
// `picon profile import --ansible` on an inventory of 200 hosts: how long it takes beyond
// ansible-inventory itself.
//
//   npx tsc -p tsconfig.build.json && node test/bench/import-inventory.mjs [--hosts 200] [--runs 5] [--json]
//
// Writes an INI inventory (a head group, four rack groups of workers under a `web` parent, group
// vars, host vars on every host, a ProxyJump on every tenth) to a temp dir, then times, --runs
// times each, alternating:
//   1. `ansible-inventory -i INVENTORY --list` alone (what the import runs);
//   2. `picon profile import --ansible INVENTORY --out FILE --force` (the whole command: Node.js
//      start, ansible-inventory, parsing, the profile written and checked);
// and, in this process, picon's own part on the captured --list output (JSON schema, the profile,
// the YAML, the profile's own checks). Prints medians, the difference 2 − 1, and the load average.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import { parseAnsibleInventory } from '../../dist/core/profile/ansible-inventory.js';
import { inventoryToProfile } from '../../dist/core/profile/inventory-profile.js';
import { parseProfile } from '../../dist/core/profile/parse-profile.js';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    hosts: { type: 'string', default: '200' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const HOSTS = Number(args.hosts);
const RUNS = Number(args.runs);

function inventoryText(hosts) {
  const lines = ['[head]', 'lb ansible_host=10.20.0.1 picon_haproxy_sockets=/run/haproxy/admin.sock', ''];
  const racks = 4;
  for (let r = 1; r <= racks; r++) {
    lines.push(`[rack${r}]`);
    for (let i = r; i < hosts; i += racks) {
      const jump = i % 10 === 0 ? " ansible_ssh_common_args='-o ProxyJump=lb'" : '';
      lines.push(`web${String(i).padStart(3, '0')} ansible_host=10.20.${Math.floor(i / 250)}.${(i % 250) + 2} picon_model="Pi ${i % 2 === 0 ? 4 : 5}" rack_slot=${i}${jump}`);
    }
    lines.push('');
  }
  lines.push('[web:children]', ...Array.from({ length: racks }, (_, r) => `rack${r + 1}`), '');
  lines.push('[web:vars]', 'picon_services=nginx,webapp', 'ansible_python_interpreter=/usr/bin/python3', '');
  lines.push('[all:vars]', 'ansible_user=pi', 'ansible_port=22', 'ansible_ssh_private_key_file=~/.ssh/id_fleet', '');
  return lines.join('\n');
}

function run(program, argv, env = process.env) {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(program, argv, { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ms: performance.now() - started, code: error === null ? 0 : error.code, stdout, stderr });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-import-bench-'));
try {
  const inventory = path.join(dir, 'fleet.ini');
  writeFileSync(inventory, inventoryText(HOSTS));
  const out = path.join(dir, 'fleet.yaml');
  const env = { ...process.env, PICON_CONFIG_DIR: path.join(dir, 'config'), ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True' };
  const ansible = [];
  const picon = [];
  const own = [];
  let listed = '';
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    const a = await run('ansible-inventory', ['-i', inventory, '--list'], env);
    if (a.code !== 0) throw new Error(`ansible-inventory failed: ${a.stderr}`);
    ansible.push(a.ms);
    listed = a.stdout;
    const p = await run(process.execPath, [path.join(root, 'bin', 'picon'), 'profile', 'import', '--ansible', inventory, '--out', out, '--force'], env);
    if (p.code !== 0) throw new Error(`picon profile import failed: ${p.stderr}`);
    picon.push(p.ms);
    summary = p.stdout.split('\n')[0];
    const started = performance.now();
    const parsed = parseAnsibleInventory(listed);
    if (!parsed.ok) throw new Error(parsed.reason);
    const imported = inventoryToProfile({ inventory: parsed.inventory, name: 'fleet', source: inventory, cwd: dir });
    if (!imported.ok) throw new Error(imported.reason);
    const doc = new Document(imported.value.data);
    visit(doc, { Seq: (_k, seq) => void (seq.flow = seq.items.every((item) => isScalar(item))) });
    const checked = parseProfile(doc.toString({ lineWidth: 0 }), out, os.homedir());
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors[0]));
    own.push(performance.now() - started);
  }
  const result = {
    hosts: HOSTS,
    runs: RUNS,
    ansibleInventoryMs: Math.round(median(ansible)),
    piconImportMs: Math.round(median(picon)),
    beyondAnsibleMs: Math.round(median(picon) - median(ansible)),
    piconOwnPartMs: Math.round(median(own) * 10) / 10,
    listBytes: listed.length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    summary,
  };
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`inventory: ${HOSTS} hosts (${inventory}), ${RUNS} runs each, medians`);
    console.log(`  ansible-inventory --list            ${result.ansibleInventoryMs} ms (${result.listBytes} bytes of JSON)`);
    console.log(`  picon profile import --ansible      ${result.piconImportMs} ms (the whole command)`);
    console.log(`  difference                          ${result.beyondAnsibleMs} ms (target: under 1000)`);
    console.log(`  picon's own part, in process        ${result.piconOwnPartMs} ms (schema, profile, YAML, the profile's checks)`);
    console.log(`  load average                        ${result.loadAverage.join(' ')}`);
    console.log(`  ${summary}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
