// Parses and validates a Pod manifest like the API server would (owner: pod engine, issue 2).
import type { ParseResult } from './types';

export function parseManifest(_text: string): ParseResult {
  throw new Error('parseManifest: not implemented yet');
}
