import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SCHEMA_COMPONENTS, createPodRequest, pod } from '../../../src/runpod/api-schema.js';
import { createRequest, CREATE_DEFAULTS } from '../../../src/runpod/create-request.js';
import { check, component, deref, openapi, type JsonSchema } from '../../helpers/openapi-check.js';

type Json = { type?: string | string[]; properties?: Record<string, Json>; required?: string[]; additionalProperties?: unknown; items?: Json; enum?: unknown[]; anyOf?: Json[] };

/** The object schema under a zod JSON schema (arrays by their items). */
function objectOf(s: Json): Json {
  return s.type === 'array' && s.items ? s.items : s;
}

describe('the zod schemas match the kept OpenAPI subset', () => {
  for (const [name, schema] of Object.entries(SCHEMA_COMPONENTS)) {
    it(`${name}: same properties, same required, same strictness`, () => {
      const ours = objectOf(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json);
      const kept = deref(component(name));
      const theirs = (kept.type === 'array' && kept.items ? deref(kept.items) : kept) as JsonSchema;
      expect(Object.keys(ours.properties ?? {}).sort()).toEqual(Object.keys(theirs.properties ?? {}).sort());
      expect([...(ours.required ?? [])].sort()).toEqual([...(theirs.required ?? [])].sort());
      expect(ours.additionalProperties === false).toBe(theirs.additionalProperties === false);
    });
  }

  it('the pod status and cloud enums are the document\'s', () => {
    const status = (z.toJSONSchema(pod) as Json).properties?.status?.enum;
    expect(status).toEqual(component('PodStatus').enum);
    const cloud = (z.toJSONSchema(createPodRequest) as Json).properties?.cloud?.enum;
    expect(cloud).toEqual(component('CreatePodRequest').properties?.cloud?.enum);
  });

  it('names the endpoints lorapilot calls', () => {
    expect(Object.keys(openapi.paths).sort()).toEqual(['/v2/catalog/gpus', '/v2/pods', '/v2/pods/{id}', '/v2/pods/{id}/action', '/v2/templates/{id}']);
  });

  it('the create body lorapilot sends by default fits the document, with a pod volume or a network volume at /workspace', () => {
    const base = { name: 'lorapilot-maya', ...CREATE_DEFAULTS, publicKey: 'ssh-ed25519 AAAA me' };
    const body = createRequest(base);
    expect(check(component('CreatePodRequest'), body)).toEqual([]);
    expect(body).toMatchObject({ gpu: { id: 'NVIDIA L40S', count: 1 }, cloud: 'SECURE', ports: ['22/tcp'], mounts: { persistent: { size: 100, path: '/workspace' } }, env: { PUBLIC_KEY: 'ssh-ed25519 AAAA me' } });
    const net = createRequest({ ...base, networkVolume: 'vol123' });
    expect(net.mounts).toEqual({ network: { id: 'vol123', path: '/workspace' } });
    expect(check(component('CreatePodRequest'), { ...body, templateId: 'x' })).toEqual(['$.templateId: not in the schema']);
  });
});
