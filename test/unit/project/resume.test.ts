import { describe, expect, it } from 'vitest';
import { createProject, loadProject, recordResume, resumeSelection, resumeStep, updateProject } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';

describe('resume record', () => {
  it('reopens where the person left, with each screen\'s selection, merged over earlier ones', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    let r = await loadProject(dir);
    // No record yet: the first unfinished step.
    expect(resumeStep(r.ok ? r.project : null)).toBe('dataset');
    await recordResume(dir, 'captions', { dataset: 'caption.missing:40_maya/img017.jpg', captions: '40_maya/img003.jpg' });
    await recordResume(dir, 'checkpoints', { checkpoints: '750' });
    r = await loadProject(dir);
    const p = r.ok ? r.project : null;
    expect(resumeStep(p)).toBe('checkpoints');
    expect(resumeSelection(p, 'captions')).toBe('40_maya/img003.jpg');
    expect(resumeSelection(p, 'checkpoints')).toBe('750');
    // Even with steps finished before it, the recorded step wins (quitting on Checkpoints reopens there).
    await updateProject(dir, (q) => {
      q.progress.config = { status: 'todo' };
    });
    r = await loadProject(dir);
    expect(resumeStep(r.ok ? r.project : null)).toBe('checkpoints');
  });
});
