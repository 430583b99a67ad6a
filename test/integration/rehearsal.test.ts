import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpointName, parseSampleName } from '../../src/ai-toolkit/names.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { tempDir } from '../helpers/tmp.js';

// reference/ai-toolkit.md §1.11
const BAR = /^(?<name>maya_v1): +(?<pct>\d+)%\|.*?\| *(?<n>\d+)\/(?<total>\d+) \[(?<el>[\d:]+)<(?<eta>[\d:?]+), *(?<rate>[\d.?]+)(?<unit>it\/s|s\/it)(?:, lr: (?<lr>\S+) loss: (?<loss>\S+))?\]/;

function runTrainer(cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('python3', [join(REHEARSAL_DIR, 'run.py'), 'config.yaml'], { cwd, env: { ...process.env, REHEARSAL_STEP_SECONDS: '0.01', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('rehearsal trainer (stand-in for ai-toolkit run.py)', () => {
  it('prints the console of reference §1 and writes the files of §2', async () => {
    const dir = await tempDir('lorapilot-rehearsal-');
    await makePodProject(dir, { steps: 12, saveEvery: 5 });
    const r = await runTrainer(dir, {});
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.startsWith('Running 1 job\n{\n    "type": "sd_trainer"')).toBe(true);
    expect(out).toContain('\n#############################################\n# Running job: maya_v1\n#############################################\n\n\nRunning  1 process\n');
    expect(out).toContain('create LoRA network. base dim (rank): 16, alpha: 16');
    expect(out).toContain('Generating baseline samples before training');
    expect(out).toContain('\nSaving at step 5\nSaved checkpoint to output/maya_v1/maya_v1_000000005.safetensors\nSaved optimizer to output/maya_v1/optimizer.pt');
    expect(out).toContain('Saved checkpoint to output/maya_v1/maya_v1.safetensors');
    expect(out).not.toMatch(/Job stopped|Result:/);
    // the bar is on stderr, redrawn with \r, two redraws per step (postfix with the old count, then the count)
    const draws = r.stderr.split(/\r|\n/).filter((l) => l.startsWith('maya_v1:'));
    const parsed = draws.map((l) => BAR.exec(l)?.groups).filter(Boolean);
    expect(parsed.length).toBe(draws.length);
    expect(parsed.some((g) => g?.n === '12' && g.total === '12')).toBe(true);
    expect(draws.some((l) => /lr: 1\.0e-04 loss: \d\.\d{3}e-0\d\]/.test(l))).toBe(true);
    const files = await readdir(join(dir, 'output', 'maya_v1'));
    expect(files.filter((f) => parseCheckpointName(f, 'maya_v1')).sort()).toEqual(['maya_v1.safetensors', 'maya_v1_000000005.safetensors', 'maya_v1_000000010.safetensors']);
    expect(files).toEqual(expect.arrayContaining(['optimizer.pt', 'config.yaml', 'loss_log.db', 'samples']));
    const samples = (await readdir(join(dir, 'output', 'maya_v1', 'samples'))).map(parseSampleName);
    expect(samples.every(Boolean)).toBe(true);
    expect(samples.map((s) => s?.step).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([0, 6, 12]);
    const jpg = await readFile(join(dir, 'output', 'maya_v1', 'samples', samples[0]!.file));
    expect(jpg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    // safetensors: 8-byte length + JSON header with training_info
    const st = await readFile(join(dir, 'output', 'maya_v1', 'maya_v1_000000010.safetensors'));
    const header = JSON.parse(st.subarray(8, 8 + Number(st.readBigUInt64LE(0))).toString()) as { __metadata__: Record<string, string> };
    expect(JSON.parse(header.__metadata__.training_info)).toMatchObject({ step: 10 });
    expect(header.__metadata__.ss_output_name).toBe('maya_v1');
    const db = execFileSync('python3', ['-c', "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print(c.execute(\"select group_concat(name) from sqlite_master where type in ('table','index') order by name\").fetchone()[0]);print(c.execute(\"select min(step),max(step),count(*) from metrics where key='loss/loss'\").fetchone())", join(dir, 'output', 'maya_v1', 'loss_log.db')]).toString();
    expect(db).toMatch(/steps/);
    expect(db).toMatch(/metric_keys/);
    expect(db).toMatch(/idx_metrics_key_step/);
    expect(db).toContain('(1, 11, 11)'); // never the first step of a run
  });

  it('plays the failure scenarios: nan glued to the bar, OOM banner, error with traceback, resume', async () => {
    const dir = await tempDir('lorapilot-rehearsal-');
    await makePodProject(dir, { steps: 12, saveEvery: 5 });
    const nan = await runTrainer(dir, { REHEARSAL_SCENARIO: 'nan,oom', REHEARSAL_AT: '3' });
    expect(nan.code).toBe(0);
    expect(nan.stdout).toContain('# OOM during training step, skipping batch 1/3 #');
    const resumed = await runTrainer(dir, { REHEARSAL_SCENARIO: 'nan', REHEARSAL_AT: '13' });
    expect(resumed.stdout).toContain('#### IMPORTANT RESUMING FROM output/maya_v1/maya_v1.safetensors ####');
    const dir2 = await tempDir('lorapilot-rehearsal-');
    await makePodProject(dir2, { steps: 12 });
    const n = await runTrainer(dir2, { REHEARSAL_SCENARIO: 'nan', REHEARSAL_AT: '4' });
    expect(n.stdout).toContain('loss is nan');
    expect(n.stderr).toContain('loss: 0.000e+00]');
    const dir3 = await tempDir('lorapilot-rehearsal-');
    await makePodProject(dir3, { steps: 12 });
    const err = await runTrainer(dir3, { REHEARSAL_SCENARIO: 'error', REHEARSAL_AT: '4' });
    expect(err.code).toBe(1);
    expect(err.stdout).toContain('Error running job: CUDA error');
    expect(err.stdout).toContain('========================================\nResult:\n - 0 completed jobs\n - 1 failure\n========================================');
    expect(err.stderr.match(/Traceback \(most recent call last\)/g)?.length).toBe(1); // one per failure, as Python prints the re-raised exception
  });
});
