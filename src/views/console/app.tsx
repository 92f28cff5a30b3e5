import { ConsoleProvider, type TerminalSize } from './console-context.js';
import type { ConsoleDeps } from './console-ports.js';
import { Screen } from './components/screen.js';
import type { UiStore } from './ui-store.js';

/** The console: providers around one screen. */
export function App(props: { readonly deps: ConsoleDeps; readonly size?: TerminalSize; readonly uiStore?: UiStore }) {
  return (
    <ConsoleProvider deps={props.deps} {...(props.size !== undefined && { size: props.size })} {...(props.uiStore !== undefined && { uiStore: props.uiStore })}>
      <Screen />
    </ConsoleProvider>
  );
}
