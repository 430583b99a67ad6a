/**
 * ComfyUI API-format graphs (reference/peers.md §D): `{ "<id>": { class_type, inputs } }`, where an input
 * linked to another node is `[node_id, output_index]`. Only the nodes lorapilot writes are described here,
 * with their output types (comfyanonymous/ComfyUI nodes.py and comfy_extras) so a graph can be checked
 * before the user queues hundreds of them.
 */

export type ComfyLink = [string, number];
export type ComfyInput = string | number | boolean | ComfyLink;
export interface ComfyNode {
  class_type: string;
  inputs: Record<string, ComfyInput>;
  _meta?: { title: string };
}
export type ComfyGraph = Record<string, ComfyNode>;

type Io = 'MODEL' | 'CLIP' | 'VAE' | 'CONDITIONING' | 'LATENT' | 'IMAGE';

interface NodeSpec {
  outputs: Io[];
  /** Inputs that must be links, with the type they take. */
  links: Record<string, Io>;
  /** Inputs that must be plain values. */
  values: string[];
}

export const NODE_SPECS: Record<string, NodeSpec> = {
  CheckpointLoaderSimple: { outputs: ['MODEL', 'CLIP', 'VAE'], links: {}, values: ['ckpt_name'] },
  UNETLoader: { outputs: ['MODEL'], links: {}, values: ['unet_name', 'weight_dtype'] },
  DualCLIPLoader: { outputs: ['CLIP'], links: {}, values: ['clip_name1', 'clip_name2', 'type'] },
  CLIPLoader: { outputs: ['CLIP'], links: {}, values: ['clip_name', 'type'] },
  VAELoader: { outputs: ['VAE'], links: {}, values: ['vae_name'] },
  LoraLoader: { outputs: ['MODEL', 'CLIP'], links: { model: 'MODEL', clip: 'CLIP' }, values: ['lora_name', 'strength_model', 'strength_clip'] },
  ModelSamplingAuraFlow: { outputs: ['MODEL'], links: { model: 'MODEL' }, values: ['shift'] },
  CLIPTextEncode: { outputs: ['CONDITIONING'], links: { clip: 'CLIP' }, values: ['text'] },
  FluxGuidance: { outputs: ['CONDITIONING'], links: { conditioning: 'CONDITIONING' }, values: ['guidance'] },
  EmptyLatentImage: { outputs: ['LATENT'], links: {}, values: ['width', 'height', 'batch_size'] },
  EmptySD3LatentImage: { outputs: ['LATENT'], links: {}, values: ['width', 'height', 'batch_size'] },
  KSampler: {
    outputs: ['LATENT'],
    links: { model: 'MODEL', positive: 'CONDITIONING', negative: 'CONDITIONING', latent_image: 'LATENT' },
    values: ['seed', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise'],
  },
  VAEDecode: { outputs: ['IMAGE'], links: { samples: 'LATENT', vae: 'VAE' }, values: [] },
  SaveImage: { outputs: [], links: { images: 'IMAGE' }, values: ['filename_prefix'] },
};

export function isLink(v: ComfyInput): v is ComfyLink {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';
}

/** Every problem with a graph: unknown nodes, missing inputs, links to missing nodes or outputs, wrong types. */
export function validateGraph(graph: ComfyGraph): string[] {
  const problems: string[] = [];
  for (const [id, node] of Object.entries(graph)) {
    const spec = NODE_SPECS[node.class_type];
    if (!spec) {
      problems.push(`node ${id}: unknown class ${node.class_type}`);
      continue;
    }
    for (const [name, type] of Object.entries(spec.links)) {
      const v = node.inputs[name];
      if (v === undefined) {
        problems.push(`node ${id} (${node.class_type}): missing input ${name}`);
        continue;
      }
      if (!isLink(v)) {
        problems.push(`node ${id} (${node.class_type}): input ${name} must be a link`);
        continue;
      }
      const from = graph[v[0]];
      if (!from) {
        problems.push(`node ${id} (${node.class_type}): ${name} links to missing node ${v[0]}`);
        continue;
      }
      const out = NODE_SPECS[from.class_type]?.outputs[v[1]];
      if (!out) problems.push(`node ${id} (${node.class_type}): ${name} links to output ${v[1]} of ${from.class_type}, which has none`);
      else if (out !== type) problems.push(`node ${id} (${node.class_type}): ${name} takes ${type} but gets ${out} from ${from.class_type}`);
    }
    for (const name of spec.values) {
      const v = node.inputs[name];
      if (v === undefined) problems.push(`node ${id} (${node.class_type}): missing value ${name}`);
      else if (isLink(v)) problems.push(`node ${id} (${node.class_type}): ${name} must be a value`);
    }
  }
  if (!Object.values(graph).some((n) => n.class_type === 'SaveImage')) problems.push('no SaveImage node: nothing would be written');
  return problems;
}

/** Follow `model` links upstream from a node: the chain of class types (sampler → … → loader). */
export function modelChain(graph: ComfyGraph, fromId: string): string[] {
  const chain: string[] = [];
  let id: string | undefined = fromId;
  const seen = new Set<string>();
  while (id && graph[id] && !seen.has(id)) {
    seen.add(id);
    const node: ComfyNode = graph[id];
    chain.push(node.class_type);
    const m = node.inputs.model;
    id = m !== undefined && isLink(m) ? m[0] : undefined;
  }
  return chain;
}
