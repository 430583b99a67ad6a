import { describe, expect, it } from 'vitest';
import { launchCommand, newRunId, runFiles } from '../../../src/pod/job.js';
import { remoteLayout } from '../../../src/project/pod-layout.js';
import { configForTarget } from '../../../src/pod/remote-config.js';

describe('launch command', () => {
  const layout = remoteLayout("/workspace/my pods 'x'", 'maya');
  const run = runFiles(layout, '20260101-120000');
  it('quotes every path, passes no secret, and detaches with setsid', () => {
    const cmd = launchCommand(run, { aiToolkit: '/app/ai-toolkit', python: '/app/ai-toolkit/venv/bin/python', config: layout.config, stopPodWhenDone: false, detach: 'setsid' }).text;
    expect(cmd).toContain('setsid -f sh -c');
    expect(cmd).toContain("'/workspace/my pods '\\''x'\\''/maya/runs/20260101-120000/run.log'");
    expect(cmd).toContain('PYTHONUNBUFFERED=1 "$3" run.py "$5"');
    expect(cmd).toContain('IFS= read -r HF_TOKEN');
    expect(cmd).not.toMatch(/hf_/);
    expect(cmd).toContain('< /dev/null >>');
  });
  it('asks runpodctl to stop the pod only when asked', () => {
    const yes = launchCommand(run, { aiToolkit: '/a', python: 'python3', config: '/c', stopPodWhenDone: true, detach: 'setsid' }).text;
    expect(yes).toContain('runpodctl pod stop "$RUNPOD_POD_ID"');
    expect(yes).toMatch(/ 1 < \/dev\/null/);
    const no = launchCommand(run, { aiToolkit: '/a', python: 'python3', config: '/c', stopPodWhenDone: false, detach: 'setsid' }).text;
    expect(no).toMatch(/ 0 < \/dev\/null/);
  });
  it('names runs by UTC time', () => {
    expect(newRunId(new Date(Date.UTC(2026, 0, 24, 21, 30, 5)))).toBe('20260124-213005');
  });
});

describe('config for the target', () => {
  it('points dataset folders at their uploaded copies and training_folder at the project output, keeping comments', () => {
    const text = `# keep me\njob: extension\nconfig:\n  name: maya_v1\n  process:\n    - type: sd_trainer\n      training_folder: output # local\n      model:\n        name_or_path: black-forest-labs/FLUX.1-dev\n      datasets:\n        - folder_path: dataset/10_maya\n        - folder_path: /elsewhere/reg\n`;
    const layout = remoteLayout('/workspace/lorapilot', 'maya');
    const r = configForTarget(text, { projectDir: '/home/me/maya', datasetDir: '/home/me/maya/dataset', layout });
    expect(r.text).toContain('# keep me');
    expect(r.text).toContain('folder_path: /workspace/lorapilot/maya/dataset/10_maya');
    expect(r.text).toContain('training_folder: /workspace/lorapilot/maya/output');
    expect(r.unmapped).toEqual(['/elsewhere/reg']);
    expect(r.jobName).toBe('maya_v1');
    expect(r.model).toBe('black-forest-labs/FLUX.1-dev');
  });
});
