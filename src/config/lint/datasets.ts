import { posix } from 'node:path';
import type { LintOptions } from './types.js';
import type { PathPart } from '../source.js';
import type { Collector } from './collector.js';
import type { Trainer } from './process.js';
import { isObj, str } from './values.js';

/** The dataset entries: folders, kohya prefixes, resolutions, trigger words, text-embedding caching. */
export function lintDatasets(t: Trainer, out: Collector, options: LintOptions): void {
  const { p, train, datasets, at, base } = t;
  if (datasets.length === 0) out.add('dataset.missing', 'error', base, 'no datasets', 'add one dataset entry per folder');
  const cacheTe = new Set<boolean>();
  let trigger = Boolean(str(p.trigger_word));
  datasets.forEach((d, j) => {
    if (!isObj(d)) return;
    const dp = at('datasets', j);
    const folder = str(d.folder_path) ?? str(d.dataset_path);
    if (!folder) out.add('dataset.path', 'error', dp, 'a dataset entry without folder_path', 'add folder_path');
    else {
      checkPath(folder, [...dp, d.folder_path !== undefined ? 'folder_path' : 'dataset_path'], 'folder_path', out, options);
      const m = /^(\d+)_(.+)$/.exec(posix.basename(folder.replace(/\/+$/, '')));
      if (m && Number(m[1]) > 0 && d.num_repeats === undefined) {
        out.add('dataset.kohya-prefix', 'error', [...dp, 'folder_path'], `'${posix.basename(folder)}' looks like a kohya folder, but ai-toolkit ignores the ${m[1]}_ prefix: every image is trained once per epoch, not ${m[1]} times`, `add num_repeats: ${m[1]}`);
      }
    }
    if (Array.isArray(d.resolution)) {
      const seen = new Set<unknown>();
      const dup = d.resolution.find((r) => (seen.has(r) ? true : (seen.add(r), false)));
      if (dup !== undefined) out.add('dataset.resolution-duplicate', 'warning', [...dp, 'resolution'], `resolution lists ${String(dup)} twice: each entry is a full copy of the folder, so every image trains twice per epoch at the same size`, `write resolution: [${[...new Set(d.resolution)].join(', ')}]`);
    }
    if (d.poi !== undefined && d.poi !== null) {
      out.add('dataset.poi', 'error', [...dp, 'poi'], "'poi' is read only to be refused: ai-toolkit stops with \"poi is deprecated and is no longer supported\" (config_modules.py:1000)", 'remove poi', 'key');
    }
    if (str(d.trigger_word)) trigger = true;
    cacheTe.add(d.cache_text_embeddings === true || train.cache_text_embeddings === true);
    if (typeof d.caption_ext === 'string' && !/^\.?[A-Za-z0-9]+$/.test(d.caption_ext)) {
      out.add('dataset.caption-ext', 'warning', [...dp, 'caption_ext'], `caption_ext '${d.caption_ext}' is not a file extension`, 'use caption_ext: txt');
    }
  });
  if (cacheTe.size > 1) out.add('dataset.cache-te-mixed', 'error', at('datasets'), 'cache_text_embeddings on some datasets but not others: ai-toolkit stops with a ValueError', 'set it on every dataset, or once as train.cache_text_embeddings');
  if (!trigger) out.add('process.no-trigger', 'info', base, 'no trigger_word: captions are used as they are and nothing ties the character to a word', "add trigger_word (the word your captions start with)");
}

export function checkPath(path: string, at: PathPart[], key: string, out: Collector, options: LintOptions): void {
  if (options.target !== 'runpod') return;
  const norm = posix.normalize(path);
  if (norm === '/workspace' || norm.startsWith('/workspace/')) return;
  const where = path.startsWith('/') ? path : `/app/ai-toolkit/${path} (relative to the ai-toolkit folder)`;
  out.add('path.outside-workspace', 'error', at, `${key} '${path}' is ${where}: on RunPod only /workspace survives a pod stop${key === 'training_folder' ? ', so checkpoints are lost' : ''}`, `use a path under /workspace (e.g. /workspace/lorapilot/<project>/${key === 'training_folder' ? 'output' : 'dataset/<folder>'})`);
}
