// Validating a file with several Pods (multi-document YAML) for the launch dialog: every Pod must pass, as
// `podlab launch FILE` then creates them all; each issue names its document and Pod, each warning its Pod.
import type { ValidateResult } from '../../../shared/api';
import { msg, render } from '../../../shared/i18n/message';
import { checkSeveral, type PodText } from '../../../shared/manifest/multi';
import type { ParseResult } from '../../../shared/manifest/types';
import { manifestWarningMessages } from '../../../shared/manifest/warnings';

export async function validateSeveral(pods: PodText[], parse: (text: string) => Promise<ParseResult>): Promise<ValidateResult> {
  const checked = await checkSeveral(pods, parse);
  if (!checked.ok) return { ok: false, errors: checked.errors, warnings: checked.warnings };
  const warningWhy = checked.results.flatMap((r, i) => (r.ok ? manifestWarningMessages(r.pod, r.warnings).map((what) => msg('manifest.inPod', { pod: pods[i]!.name, what })) : []));
  return { ok: true, errors: [], warnings: warningWhy.map((m) => render(m)), warningWhy };
}
