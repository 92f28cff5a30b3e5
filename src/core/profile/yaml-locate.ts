import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FieldPath } from './field-path.js';

/** Where a field sits in the YAML source, as a character offset. */

function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function deref(doc: Document, node: unknown): Node | undefined {
  if (isAlias(node)) return deref(doc, node.resolve(doc));
  return (node ?? undefined) as Node | undefined;
}

function start(node: Node | undefined): number | undefined {
  return node?.range?.[0];
}

/**
 * The offset of the field at `path`: a scalar's value, a collection's key, or — when the path
 * goes further than the file (a missing or defaulted field) — the deepest part that exists.
 * `atKey` points at the key itself (for unknown fields).
 */
export function locateField(doc: Document, path: FieldPath, atKey = false): number | undefined {
  let node = deref(doc, doc.contents);
  let position = start(node);
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyName(p.key) === String(part));
      if (pair === undefined) return position;
      const keyStart = start(pair.key as Node | undefined);
      const value = deref(doc, pair.value);
      if (last && atKey) return keyStart ?? position;
      position = isScalar(value) && last ? (start(value) ?? keyStart) : (keyStart ?? position);
      node = value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = deref(doc, node.items[part]);
      if (item === undefined) return position;
      position = start(item) ?? position;
      node = item;
    } else {
      return position;
    }
  }
  return position;
}

function contains(node: Node | undefined, offset: number): boolean {
  const range = node?.range;
  return range !== undefined && range !== null && offset >= range[0] && offset < range[2];
}

/** The field path of the deepest key or item whose source holds `offset`. */
export function fieldAtOffset(doc: Document, offset: number): (string | number)[] {
  const path: (string | number)[] = [];
  let node = doc.contents ?? undefined;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p.key as Node, offset) || contains(p.value as Node, offset));
      const name = pair === undefined ? undefined : keyName(pair.key);
      if (pair === undefined || name === undefined) return path;
      path.push(name);
      if (contains(pair.key as Node, offset)) return path;
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index] as Node;
    } else {
      return path;
    }
  }
}
