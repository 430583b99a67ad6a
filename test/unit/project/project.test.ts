import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, loadProject, parseProject, updateProject } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';

describe('project file', () => {
  it('names the line and column of each problem', () => {
    const r = parseProject(['name: maya', 'trigger: "two words"', 'pod:', '  hots: pod-1', 'config:', '  rank: -4'].join('\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p]));
    expect(byPath.trigger.line).toBe(2);
    expect(byPath['pod.hots']).toMatchObject({ line: 4, column: 3, message: "unknown key 'hots'" });
    expect(byPath['config.rank'].line).toBe(6);
  });

  it('takes ui.images as auto or a named image protocol, and names a wrong one', () => {
    const ok = parseProject('name: maya\ntrigger: maya_char\nui:\n  images: sixel\n');
    expect(ok.ok && ok.project.ui?.images).toBe('sixel');
    const bad = parseProject('name: maya\ntrigger: maya_char\nui:\n  images: jpeg\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ path: 'ui.images', line: 4 });
  });

  it('reports YAML syntax errors with their position instead of throwing', () => {
    const r = parseProject('name: maya\ntrigger: [unclosed\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].line).toBeGreaterThan(0);
  });

  it('rejects a job name with glob characters, which ai-toolkit would mis-handle', () => {
    const r = parseProject('name: "maya[1]"\ntrigger: maya_char\n');
    expect(r.ok).toBe(false);
  });

  it('round-trips and keeps the user’s comments on untouched keys', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const file = join(dir, 'lorapilot.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('trigger: maya_char', '# keep me\ntrigger: maya_char'));
    await updateProject(dir, (p) => {
      p.pod = { target: 'ssh', host: 'pod-a', root: '/workspace/lorapilot', stopPodWhenDone: false };
    });
    const after = await readFile(file, 'utf8');
    expect(after).toContain('# keep me');
    const r = await loadProject(dir);
    expect(r.ok && r.project.pod?.host).toBe('pod-a');
  });

  it('keeps every change when several updates of one project run at once', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const steps = Array.from({ length: 20 }, (_, i) => (i + 1) * 50);
    await Promise.all(steps.map((step) => updateProject(dir, (p) => void p.checkpoints.marked.push(step))));
    const r = await loadProject(dir);
    expect(r.ok && [...r.project.checkpoints.marked].sort((a, b) => a - b)).toEqual(steps);
    // A failing change does not stop the ones after it.
    const failed = updateProject(dir, () => {
      throw new Error('no');
    });
    const after = updateProject(dir, (p) => void (p.checkpoints.marked = [7]));
    await expect(failed).rejects.toThrow('no');
    expect((await after).checkpoints.marked).toEqual([7]);
  });

  it('says the file is missing rather than failing', async () => {
    const dir = await tempDir();
    const r = await loadProject(dir);
    expect(r).toMatchObject({ ok: false, missing: true });
  });
});
