// Built-in templates: Kubernetes Pod manifests in templates/ (owner: pod engine, issue 2).
import type { TemplateInfo } from '../../shared/api';

export async function listTemplates(): Promise<TemplateInfo[]> {
  throw new Error('listTemplates: not implemented yet');
}

/** The manifest text of a built-in template (with PODLAB_DEMO_IMAGE applied), or null when no template has that name. */
export async function templateManifest(_name: string): Promise<string | null> {
  throw new Error('templateManifest: not implemented yet');
}
