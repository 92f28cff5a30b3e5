import { Text } from 'ink';

/** The `/` filter as it is typed; the table follows every key. */
export function FilterInput({ draft }: { readonly draft: string }) {
  return (
    <Text wrap="truncate">
      <Text bold>/</Text>
      {draft}
      <Text inverse> </Text>
      <Text dimColor>  Enter keeps it · Esc in the table clears it</Text>
    </Text>
  );
}
