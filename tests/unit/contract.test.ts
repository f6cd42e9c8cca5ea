// The contract lists every PodlabApi request and refuses malformed input before it could reach the engine.
import { describe, expect, it } from 'vitest';
import { ContractError, dispatch, REQUEST_NAMES, validateRequest } from '../../shared/contract';
import type { PodlabApi } from '../../shared/api';

describe('contract', () => {
  it('covers every PodlabApi method', () => {
    const methods: (keyof PodlabApi)[] = [
      'getModel', 'listTemplates', 'validateManifest', 'launch', 'addContainer', 'containerAction', 'killSandbox',
      'removePod', 'removeAll', 'snapshot', 'exportManifest', 'logs', 'followLogs',
      'previousLogs', 'prove',
      'launchPlain', 'removePlainGroup', 'nodeListing',
    ];
    expect([...REQUEST_NAMES].sort()).toEqual([...methods].sort());
  });

  it('accepts well-formed requests', () => {
    expect(validateRequest('getModel', []).args).toEqual([]);
    expect(validateRequest('launch', [{ template: 'port-conflict', name: 'h4-a' }]).method).toBe('launch');
    expect(validateRequest('addContainer', [{ pod: 'p', container: 'web-2', image: 'busybox', port: { containerPort: 80, protocol: 'tcp' } }]).args).toHaveLength(1);
    expect(validateRequest('containerAction', ['p', 'web', 'restart']).args).toEqual(['p', 'web', 'restart']);
    expect(validateRequest('snapshot', []).args).toEqual([]);
    expect(validateRequest('snapshot', [['a', 'b']]).args).toEqual([['a', 'b']]);
    expect(validateRequest('followLogs', ['p', null]).args).toEqual(['p', null]);
  });

  it.each([
    ['nope', []],
    ['__proto__', []],
    ['constructor', []],
    ['getModel', [1]],
    ['launch', [{}]],
    ['launch', [{ template: 'a', manifest: 'b' }]],
    ['launch', [{ template: 'a', extra: 1 }]],
    ['addContainer', [{ pod: 'p', container: 'x', image: 'i', port: { containerPort: 70000, protocol: 'tcp' } }]],
    ['addContainer', [{ pod: '../etc', container: 'x', image: 'i' }]],
    ['containerAction', ['p', 'web', 'rm -rf']],
    ['removePod', ['']],
    ['removePod', [{ name: 'x' }]],
    ['logs', ['p', 'c', -1]],
    ['validateManifest', ['x'.repeat(300 * 1024)]],
    ['killSandbox', 'p'],
  ])('refuses %s %j', (method, args) => {
    expect(() => validateRequest(method, args)).toThrow(ContractError);
  });

  it('dispatches only validated calls to the API', async () => {
    const calls: unknown[][] = [];
    const api = { removePod: async (...a: unknown[]) => void calls.push(a) } as unknown as PodlabApi;
    await dispatch(api, 'removePod', ['h4-x']);
    await expect(dispatch(api, 'removePod', [42])).rejects.toThrow(/Invalid arguments for removePod/);
    expect(calls).toEqual([['h4-x']]);
  });
});
