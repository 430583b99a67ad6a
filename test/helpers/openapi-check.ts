/**
 * Checks a JSON value against a schema of the kept OpenAPI subset (test/fixtures/runpod/openapi-v2-subset.json):
 * type (and type lists with null), required, properties, additionalProperties, enum, minimum, minLength,
 * pattern, items and $ref — the keywords that file uses. Returns the problems, empty when the value fits.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type JsonSchema = {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  minimum?: number;
  minLength?: number;
  pattern?: string;
  items?: JsonSchema;
  $ref?: string;
};

export const OPENAPI_FILE = resolve(import.meta.dirname, '../fixtures/runpod/openapi-v2-subset.json');
export const openapi = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
  components: { schemas: Record<string, JsonSchema> };
};

export function component(name: string): JsonSchema {
  const s = openapi.components.schemas[name];
  if (!s) throw new Error(`no component ${name}`);
  return s;
}

export function deref(s: JsonSchema): JsonSchema {
  return s.$ref ? deref(component(s.$ref.replace('#/components/schemas/', ''))) : s;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function check(schema: JsonSchema, value: unknown, path = '$'): string[] {
  const s = deref(schema);
  const out: string[] = [];
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [`${path}: ${t}, expected ${types.join('|')}`];
  }
  if (s.enum && !s.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (typeof value === 'number' && s.minimum !== undefined && value < s.minimum) out.push(`${path}: below ${s.minimum}`);
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
    if (s.pattern && !new RegExp(s.pattern).test(value)) out.push(`${path}: does not match ${s.pattern}`);
  }
  if (Array.isArray(value) && s.items) value.forEach((v, i) => out.push(...check(s.items as JsonSchema, v, `${path}[${i}]`)));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) out.push(`${path}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      const prop = s.properties?.[k];
      if (prop) out.push(...check(prop, v, `${path}.${k}`));
      else if (s.additionalProperties === false) out.push(`${path}.${k}: not in the schema`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...check(s.additionalProperties, v, `${path}.${k}`));
    }
  }
  return out;
}
