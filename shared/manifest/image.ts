// Image references checked like the engine does (distribution/reference's grammar): "busy box" or "BusyBox" is
// refused at validation, with the field path and an example, instead of failing later with a raw engine error.

// domain[:port]/ then lowercase path components joined by '/', separated inside by '.', '_', '__' or dashes.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

const EXAMPLE = 'an image is [registry[:port]/]name[:tag][@digest], e.g. "busybox:1.36" or "registry.k8s.io/pause:3.10"';

/** Why `ref` is not an image reference the engine accepts (its own words first), or null when it is one. */
export function imageReferenceError(ref: string): string | null {
  const m = REFERENCE.exec(ref);
  if (!m) {
    // The engine's special case: the same reference in lower case would be fine.
    if (REFERENCE.test(ref.toLowerCase())) return `repository name must be lowercase — ${EXAMPLE}`;
    return `invalid reference format — ${EXAMPLE}`;
  }
  if (m[1].length > 255) return 'repository name must not be more than 255 characters';
  return null;
}
