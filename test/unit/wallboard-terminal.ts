import { PassThrough } from 'node:stream';

/**
 * Just enough of a VT100 to read back what blessed drew: cursor moves, erases, text. Colours
 * and modes are ignored. For tests only: a screen as lines of text, like `tmux capture-pane`.
 */
export class TextTerminal {
  readonly output: PassThrough & { columns: number; rows: number; isTTY: true };
  readonly input = new PassThrough();
  private cells: string[][] = [];
  private row = 0;
  private col = 0;
  private saved = { row: 0, col: 0 };
  private pending = '';
  raw = '';

  constructor(columns: number, rows: number) {
    this.output = Object.assign(new PassThrough(), { columns, rows, isTTY: true as const });
    this.clear();
    this.output.on('data', (d: Buffer) => this.feed(d.toString('utf8')));
  }

  resize(columns: number, rows: number): void {
    Object.assign(this.output, { columns, rows });
    this.clear();
    this.output.emit('resize');
  }

  /** The screen as text, trailing spaces removed. */
  lines(): string[] {
    return this.cells.map((r) => r.join('').replace(/\s+$/, ''));
  }

  text(): string {
    return this.lines().join('\n');
  }

  private clear(): void {
    this.cells = Array.from({ length: this.output.rows }, () => Array<string>(this.output.columns).fill(' '));
  }

  private put(ch: string): void {
    if (this.row < this.output.rows && this.col < this.output.columns) this.cells[this.row]![this.col] = ch;
    this.col++;
  }

  private feed(chunk: string): void {
    this.raw += chunk;
    const data = this.pending + chunk;
    this.pending = '';
    const csi = /^\x1b\[([?>]?)([0-9;]*)([@-~])/;
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const rest = data.slice(i);
        const m = csi.exec(rest);
        if (m !== null) {
          this.control(m[1]!, m[2]!.split(';').map((n) => (n === '' ? undefined : Number(n))), m[3]!);
          i += m[0].length;
        } else if (/^\x1b[()][0-9A-B]/.test(rest)) i += 3;
        else if (rest.length < 3 && !/^\x1b[78=>]/.test(rest)) {
          this.pending = rest;
          return;
        } else {
          if (rest[1] === '7') this.saved = { row: this.row, col: this.col };
          if (rest[1] === '8') ({ row: this.row, col: this.col } = this.saved);
          i += 2;
        }
      } else if (ch === '\r') {
        this.col = 0;
        i++;
      } else if (ch === '\n') {
        this.row = Math.min(this.output.rows - 1, this.row + 1);
        i++;
      } else {
        const code = data.codePointAt(i)!;
        const char = String.fromCodePoint(code);
        if (code >= 0x20) this.put(char);
        i += char.length;
      }
    }
  }

  private control(prefix: string, args: (number | undefined)[], op: string): void {
    if (prefix !== '') return;
    const n = args[0] ?? 1;
    switch (op) {
      case 'H':
      case 'f':
        this.row = (args[0] ?? 1) - 1;
        this.col = (args[1] ?? 1) - 1;
        break;
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row += n;
        break;
      case 'C':
        this.col += n;
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'G':
        this.col = n - 1;
        break;
      case 'd':
        this.row = n - 1;
        break;
      case 'X':
        for (let k = 0; k < n; k++) if (this.col + k < this.output.columns) this.cells[this.row]![this.col + k] = ' ';
        break;
      case 'K':
        if ((args[0] ?? 0) === 0) for (let c = this.col; c < this.output.columns; c++) this.cells[this.row]![c] = ' ';
        break;
      case 'J':
        if ((args[0] ?? 0) === 2) this.clear();
        break;
      default:
        break;
    }
  }
}
