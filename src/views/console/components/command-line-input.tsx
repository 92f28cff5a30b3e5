import { Text } from 'ink';
import { Toned } from './toned.js';

/** The `:` command line: `drain p2`, `weight pi3 3`, `restart p1 nginx`, `bench smoke`. */
export function CommandLineInput({ draft, error }: { readonly draft: string; readonly error?: string }) {
  return (
    <Text wrap="truncate">
      <Text bold>:</Text>
      {draft}
      <Text inverse> </Text>
      {error !== undefined ? <Toned tone="bad">  {error}</Toned> : <Text dimColor>  drain p2 · weight pi3 3 · restart p1 nginx · bench NAME · quit</Text>}
    </Text>
  );
}
