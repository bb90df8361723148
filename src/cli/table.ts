/**
 * Plain-text tables whose cells may span several lines.
 */

/** Renders `rows` under `headers`, columns padded to their widest line, rows separated by a blank line when any cell spans lines. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | readonly string[]>>): string {
  const cells = rows.map(row => headers.map((_, i) => {
    const cell = row[i] ?? '';
    return typeof cell === 'string' ? cell.split('\n') : cell.length > 0 ? [...cell] : [''];
  }));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map(row => Math.max(...row[i].map(line => line.length)))));
  const line = (parts: readonly string[]) => parts.map((p, i) => (i === parts.length - 1 ? p : p.padEnd(widths[i]))).join('  ').trimEnd();
  const multiLine = cells.some(row => row.some(c => c.length > 1));
  const out = [line(headers)];
  cells.forEach((row, r) => {
    if (multiLine && r > 0) out.push('');
    const height = Math.max(...row.map(c => c.length));
    for (let i = 0; i < height; i++) out.push(line(row.map(c => c[i] ?? '')));
  });
  return out.join('\n') + '\n';
}
