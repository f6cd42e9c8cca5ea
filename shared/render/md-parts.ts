// Markdown pieces the reports share: an escaped table cell, inline code that survives backticks, a table.

/** Escapes a table cell: pipes, newlines and empty values. */
export function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  return String(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code that survives backticks inside the value. */
export function code(v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = String(v);
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

export function table(head: string[], rows: (string | number | null | undefined)[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}
