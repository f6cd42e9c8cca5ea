// POST /containers/create with the options in the body only. dockerode's modem also copies every create option into
// the URL's query string, so a large manifest label made a URL of over 1 MB that the engine refuses (HTTP 431).
import type Docker from 'dockerode';
import type { Container, ContainerCreateOptions } from 'dockerode';

/** What the modem sends: `_query` becomes the query string (name, platform), `_body` the JSON body. */
export function bodyOnly(opts: ContainerCreateOptions): ContainerCreateOptions {
  const { name, platform, ...body } = opts as ContainerCreateOptions & { platform?: string };
  const query: Record<string, string> = {};
  if (name) query.name = name;
  if (platform) query.platform = platform;
  return Object.assign({}, opts, { _query: query, _body: body });
}

export function createContainer(docker: Docker, opts: ContainerCreateOptions): Promise<Container> {
  return docker.createContainer(bodyOnly(opts));
}
