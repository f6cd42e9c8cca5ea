// podlab inspect — not implemented yet.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('podlab inspect: not implemented yet\n');
  return 1;
}
