import type { RiskLevel } from '../core/team';

/** Pads columns so human output lines up; the last column is never padded. */
export function table(rows: string[][], rightAligned: number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const padding = ' '.repeat(widths[i]! - visibleLength(cell));
        return rightAligned.includes(i) ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd(),
  );
}

const ANSI = /\x1b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

const LEVEL_COLOURS: Record<RiskLevel, string> = { high: '31', medium: '33', low: '36', none: '2' };

export interface Painter {
  level(level: RiskLevel, text?: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function painter(stream: NodeJS.WriteStream): Painter {
  const enabled = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const wrap = (code: string, text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    level: (level, text = level) => wrap(LEVEL_COLOURS[level], text),
    dim: (text) => wrap('2', text),
    bold: (text) => wrap('1', text),
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
