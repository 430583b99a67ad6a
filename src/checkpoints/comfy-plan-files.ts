import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import type { ComfyGraph } from './comfy-graph.js';
import type { TestPlan } from './comfy-plan.js';

/** Write plan.json, every workflow, the checklist and a small queue script into `dir` (replacing an older plan). */
export async function writePlan(dir: string, plan: TestPlan, workflows: Map<string, ComfyGraph>): Promise<{ files: number }> {
  await rm(join(dir, 'workflows'), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const folders = new Set([...workflows.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))));
  for (const f of folders) await mkdir(join(dir, f), { recursive: true });
  for (const [rel, graph] of workflows) await writeFile(join(dir, rel), JSON.stringify(graph, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'checklist.md'), checklistMarkdown(plan));
  await writeFileAtomic(join(dir, 'queue.py'), QUEUE_SCRIPT);
  return { files: workflows.size + 3 };
}

export function checklistMarkdown(plan: TestPlan): string {
  const lines = [
    `# Checkpoint test checklist — ${plan.project}`,
    '',
    `${plan.runs.length} images: ${plan.checkpoints.length} checkpoint(s) × strengths ${plan.strengths.join(', ')} × ${plan.prompts.length} prompts × ${plan.seeds.length} seeds.`,
    '',
    '## Before queueing',
    '',
    ...plan.assumptions.map((a) => `- ${a}`),
    `- Base model files: ${Object.values(plan.models).join(', ')}.`,
    '- Queue everything: `python3 queue.py [http://127.0.0.1:8188]`, or drag one workflow into ComfyUI.',
    '',
    '## Prompts',
    '',
    ...plan.prompts.map((p, i) => `${i + 1}. ${p}`),
    '',
    '## Score each checkpoint 1–5',
    '',
    ...plan.checklist.map((c) => `- **${c.label}** (\`${c.id}\`): ${c.question}`),
    '',
    'Score on the Checkpoints screen (`s`), or: `lorapilot checkpoints score STEP CRITERION N`.',
    '',
    `| step | ${plan.checklist.map((c) => c.label).join(' | ')} | sweet-spot strength | notes |`,
    `|---|${plan.checklist.map(() => '---|').join('')}---|---|`,
    ...plan.checkpoints.map((c) => `| ${c.step} | ${plan.checklist.map(() => ' ').join(' | ')} |  |  |`),
    '',
  ];
  return lines.join('\n');
}

const QUEUE_SCRIPT = `#!/usr/bin/env python3
"""Queue every workflow of this test plan on a ComfyUI server (POST /prompt), checkpoint by checkpoint.

Usage: python3 queue.py [COMFY_URL]   (default http://127.0.0.1:8188)
Written by lorapilot; standard library only.
"""
import json
import sys
import urllib.request
import uuid
from pathlib import Path

here = Path(__file__).resolve().parent
url = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8188").rstrip("/")
plan = json.loads((here / "plan.json").read_text())
client = str(uuid.uuid4())
for i, run in enumerate(plan["runs"], 1):
    graph = json.loads((here / run["workflow"]).read_text())
    body = json.dumps({"prompt": graph, "client_id": client}).encode()
    req = urllib.request.Request(url + "/prompt", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            reply = json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        print(f"{run['workflow']}: ComfyUI refused it: {e.read().decode(errors='replace')[:500]}", file=sys.stderr)
        sys.exit(1)
    except OSError as e:
        print(f"cannot reach ComfyUI at {url}: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"[{i}/{len(plan['runs'])}] step {run['step']} strength {run['strength']} prompt {run['prompt']} seed {run['seed']} -> {reply.get('prompt_id', '?')}")
`;
