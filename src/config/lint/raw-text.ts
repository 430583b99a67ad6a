import type { ConfigSource, PathPart } from '../source.js';
import type { Collector } from './collector.js';
import { isObj, type Obj } from './values.js';

/** Rules on the raw text and on every string, whatever key holds it. */

/** ai-toolkit's tag for "any environment variable" in the raw text (config.py:150-165). */
const ENV_RE = /\$\{([^}]*)\}/g;
const HF_TOKEN_RE = /\bhf_[A-Za-z0-9]{30,}\b/;

function promptPaths(data: Obj): Array<{ path: PathPart[]; text: string }> {
  const out: Array<{ path: PathPart[]; text: string }> = [];
  const procs = isObj(data.config) && Array.isArray(data.config.process) ? data.config.process : [];
  procs.forEach((p, i) => {
    if (!isObj(p)) return;
    for (const block of ['sample', 'first_sample']) {
      const s = p[block];
      if (!isObj(s)) continue;
      const base: PathPart[] = ['config', 'process', i, block];
      if (typeof s.neg === 'string') out.push({ path: [...base, 'neg'], text: s.neg });
      if (Array.isArray(s.prompts)) s.prompts.forEach((t, j) => typeof t === 'string' && out.push({ path: [...base, 'prompts', j], text: t }));
      if (Array.isArray(s.samples)) {
        s.samples.forEach((it, j) => {
          if (isObj(it) && typeof it.prompt === 'string') out.push({ path: [...base, 'samples', j, 'prompt'], text: it.prompt });
          if (isObj(it) && typeof it.neg === 'string') out.push({ path: [...base, 'samples', j, 'neg'], text: it.neg });
        });
      }
    }
    if (Array.isArray(p.datasets)) {
      p.datasets.forEach((d, j) => isObj(d) && typeof d.default_caption === 'string' && out.push({ path: ['config', 'process', i, 'datasets', j, 'default_caption'], text: d.default_caption }));
    }
  });
  return out;
}

export function lintEnvVars(src: ConfigSource, data: Obj, out: Collector): void {
  const reportedLines = new Set<number>();
  for (const p of promptPaths(data)) {
    const m = /\$\{([^}]*)\}/.exec(p.text);
    if (!m) continue;
    const pos = src.locate(p.path, 'value');
    reportedLines.add(pos.line);
    out.add('prompt.env-var', 'error', p.path, `'${m[0]}' in prompt text: ai-toolkit replaces \${…} with an environment variable before parsing, and stops with "Environment variable ${m[1]} not set" when it is missing`, `write it without the dollar-brace (e.g. '{${m[1]}}' or plain words)`);
  }
  for (const m of src.text.matchAll(ENV_RE)) {
    const pos = out.at(m.index ?? 0);
    if (reportedLines.has(pos.line)) continue;
    const name = m[1];
    out.raw({
      rule: 'config.env-var', severity: /^[A-Z_][A-Z0-9_]*$/.test(name) ? 'warning' : 'error', ...pos, path: '',
      message: `'${m[0]}' is replaced from the environment before the file is parsed (comments included); the load fails if ${name || 'it'} is not set`,
      fix: /^[A-Z_][A-Z0-9_]*$/.test(name) ? `make sure ${name} is set in the environment of the training process, or write the value` : 'remove the dollar-brace',
    });
  }
}

export function lintSecrets(data: Obj, out: Collector): void {
  const walk = (v: unknown, path: PathPart[]) => {
    if (typeof v === 'string' && HF_TOKEN_RE.test(v)) {
      out.add('config.secret', 'error', path, 'a Hugging Face token is written in the config: ai-toolkit prints the process config to the console and copies it to config.yaml next to the checkpoints', 'remove it; set HF_TOKEN in the environment at launch (lorapilot train does)');
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data, []);
}
