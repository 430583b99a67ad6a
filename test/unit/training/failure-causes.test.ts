import { describe, expect, it } from 'vitest';
import { LogParser } from '../../../src/training/parser.js';
import { RunModel } from '../../../src/training/run-model.js';

/** The process config ai-toolkit echoes at start (BaseProcess: json.dumps(config, indent=4)). */
const echo = (o: { batch?: number; res?: number[]; quantize?: boolean; lowVram?: boolean; gc?: boolean; rank?: number; model?: string } = {}) =>
  [
    '{',
    '    "type": "sd_trainer",',
    '    "network": {',
    '        "type": "lora",',
    `        "linear": ${o.rank ?? 32},`,
    '        "linear_alpha": 32',
    '    },',
    '    "datasets": [',
    '        {',
    '            "folder_path": "/workspace/datasets/maya",',
    '            "resolution": [',
    ...(o.res ?? [512, 768, 1024]).map((r, i, a) => `                ${r}${i < a.length - 1 ? ',' : ''}`),
    '            ]',
    '        }',
    '    ],',
    '    "train": {',
    `        "batch_size": ${o.batch ?? 4},`,
    `        "gradient_checkpointing": ${o.gc ?? false},`,
    '        "lr": 0.0001',
    '    },',
    '    "model": {',
    `        "name_or_path": "${o.model ?? 'black-forest-labs/FLUX.1-dev'}",`,
    `        "quantize": ${o.quantize ?? false},`,
    `        "low_vram": ${o.lowVram ?? false}`,
    '    }',
    '}',
    '',
    '#############################################',
    '# Running job: maya_v1',
    '#############################################',
    '',
  ].join('\n') + '\n';

const bar = (n: number, loss = '1.234e-01') => `\rmaya_v1:  ${Math.round(n / 30)}%|###       | ${n}/3000 [10:00<20:00,  1.34it/s, lr: 1.0e-04 loss: ${loss}]`;

/** ai-toolkit's run.py on an exception: the message glued to the live bar, the banner, one traceback. */
function crash(exception: string, frames: string[] = ['  File "/app/ai-toolkit/jobs/process/BaseSDTrainProcess.py", line 2625, in run', '    loss_dict = self.hook_train_loop(batch_list)']): string {
  const msg = exception.slice(exception.indexOf(':') + 2).split('\n')[0];
  return [
    `Error running job: ${msg}`,
    '',
    '========================================',
    'Result:',
    ' - 0 completed jobs',
    ' - 1 failure',
    '========================================',
    'Traceback (most recent call last):',
    '  File "/app/ai-toolkit/run.py", line 120, in <module>',
    '    main()',
    ...frames,
    exception,
  ].join('\n') + '\n';
}

function failed(log: string, exitCode: number | null = 1) {
  const p = new LogParser();
  const m = new RunModel();
  for (const e of [...p.push(log), ...(exitCode === null ? p.end() : p.finish(exitCode))]) m.apply(e);
  if (exitCode === null) m.runGone();
  const s = m.snapshot();
  return { flag: s.flags.find((f) => f.kind === (exitCode === null ? 'died' : 'failed'))!, cause: m.failureCause(), snap: s };
}

const training = (n = 1200) => bar(n - 1) + bar(n);

describe('why a run failed, and what to change in this project', () => {
  it('fatal OOM in a step: the final line as message, the fix with the run\'s batch size, resolutions and switches', () => {
    const r = failed(echo() + training() + crash('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 44.39 GiB of which 1.02 GiB is free.'));
    expect(r.cause?.id).toBe('oom-fatal');
    expect(r.flag.message).toBe('training failed (exit code 1): CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 44.39 GiB of which 1.02 GiB is free.');
    expect(r.flag.advice).toContain('lower train.batch_size (now 4)');
    expect(r.flag.advice).toContain('drop the largest resolution (now [512, 768, 1024]) (e.g. 1024 → 768)');
    expect(r.flag.advice).toContain('turn on train.gradient_checkpointing (now off)');
    expect(r.flag.advice).toContain('turn on model.quantize (now off)');
    expect(r.flag.advice).toContain('lower network.linear (now 32) to 16');
  });

  it('an OOM step ai-toolkit skips names the same settings', () => {
    const p = new LogParser();
    const m = new RunModel();
    const banner = '\n################################################\n# OOM during training step, skipping batch 1/3 #\n################################################\n\n';
    for (const e of p.push(echo({ batch: 2, gc: true }) + training() + banner + bar(1201))) m.apply(e);
    const oom = m.snapshot().flags.find((f) => f.kind === 'oom')!;
    expect(oom.severity).toBe('warning');
    expect(oom.advice).toContain('lower train.batch_size (now 2)');
    expect(oom.advice).not.toContain('gradient_checkpointing');
  });

  it('four OOM steps in a row, and `CUDA error: out of memory`, are fatal too', () => {
    const four = failed(echo({ batch: 1, quantize: true }) + training() + crash('RuntimeError: OOM during training step 3 times in a row, aborting training'));
    expect(four.cause?.id).toBe('oom-fatal');
    expect(four.cause?.cause).toContain('four steps in a row');
    expect(four.flag.advice).not.toContain('batch_size');
    expect(four.flag.advice).not.toContain('turn on model.quantize');
    expect(failed(echo() + training() + crash('RuntimeError: CUDA error: out of memory\nCUDA kernel errors might be asynchronously reported at some other API call')).cause?.id).toBe('oom-fatal');
  });

  it('OOM while loading or quantizing the model points at quantize and low_vram, not the batch', () => {
    const r = failed(echo() + 'Loading Flux model\nLoading transformer\nQuantizing transformer\n' + crash('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 90.00 MiB.', ['  File "/app/ai-toolkit/toolkit/stable_diffusion_model.py", line 611, in load_model', '    quantize(transformer, weights=get_qtype(self.model_config.qtype))']));
    expect(r.cause?.id).toBe('oom-load');
    expect(r.flag.advice).toContain('turn on model.quantize (now off); turn on model.low_vram (now off)');
    expect(r.flag.advice).not.toContain('batch_size');
  });

  it('OOM while sampling says so and offers the sample settings', () => {
    const r = failed(echo() + training() + '\nGenerating Images:  50%|#####     | 1/2 [00:05<00:05,  5.00s/it]' + crash('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 512.00 MiB.', ['  File "/app/ai-toolkit/jobs/process/BaseSDTrainProcess.py", line 2732, in run', '    self.sample(self.step_num)']));
    expect(r.cause?.id).toBe('oom-sampling');
    expect(r.flag.advice).toContain('train.disable_sampling: true');
  });

  it("the host's OOM killer: pid gone, no exit code, no traceback", () => {
    const r = failed(echo() + 'Loading Flux model\nLoading transformer\n', null);
    expect(r.snap.status).toBe('died');
    expect(r.flag.advice).toContain("OOM killer");
    expect(r.flag.advice).toContain('while loading the model');
    expect(r.flag.advice).toContain('turn on model.low_vram (now off)');
  });

  it('Hugging Face 401/403: a gated model or a missing token, named with the model', () => {
    const gated = failed(echo() + 'Loading Flux model\nLoading transformer\n' + crash('huggingface_hub.errors.GatedRepoError: 401 Client Error. (Request ID: Root=1-66f4b037)'));
    expect(gated.cause?.id).toBe('hf-auth');
    expect(gated.flag.advice).toContain('https://huggingface.co/black-forest-labs/FLUX.1-dev');
    expect(gated.flag.advice).toContain('HF_TOKEN');
    // the 403 shape: the final line says nothing about access, the chained traceback does
    const log = echo() + 'Loading transformer\nError running job: black-forest-labs/FLUX.1-dev does not appear to have a file named config.json.\n' +
      'Traceback (most recent call last):\n  File "/venv/lib/python3.11/site-packages/requests/models.py", line 1024, in raise_for_status\n    raise HTTPError(http_error_msg, response=self)\nrequests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://huggingface.co/black-forest-labs/FLUX.1-dev/resolve/main/transformer/config.json\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File "/app/ai-toolkit/run.py", line 120, in <module>\n    main()\nOSError: black-forest-labs/FLUX.1-dev does not appear to have a file named config.json.\n';
    expect(failed(log).cause?.id).toBe('hf-auth');
  });

  it('a full disk, a missing ${VAR}, an empty dataset', () => {
    expect(failed(echo() + training() + '\nSaving at step 1200\n' + crash("OSError: [Errno 28] No space left on device: '/workspace/output/maya_v1/maya_v1_000001200.safetensors'")).cause?.id).toBe('no-space');
    const env = failed(crash("ValueError: Environment variable HF_TOKEN not set. Please ensure it's defined before proceeding.", ['  File "/app/ai-toolkit/toolkit/config.py", line 74, in get_config', '    config = preprocess_config(config)']));
    expect(env.cause).toMatchObject({ id: 'env-var', fix: expect.stringContaining('set HF_TOKEN on the pod') });
    expect(env.cause?.cause).toContain('${HF_TOKEN}');
    const empty = failed(echo() + 'Dataset: /workspace/datasets/maya\n  -  Preprocessing image dimensions\n  -  Found 0 images\n' + crash('AssertionError: no images found in /workspace/datasets/maya'));
    expect(empty.cause?.id).toBe('no-images');
    expect(empty.flag.message).toBe('training failed (exit code 1): no images found in /workspace/datasets/maya');
  });

  it('no grad, a torch built for another GPU, an illegal memory access', () => {
    expect(failed(echo() + training(908) + crash('RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn')).cause?.id).toBe('no-grad');
    expect(failed(echo() + 'Loading transformer\n' + crash('RuntimeError: CUDA error: no kernel image is available for execution on the device')).cause?.id).toBe('no-kernel');
    const ill = failed(echo() + training() + crash('RuntimeError: CUDA error: an illegal memory access was encountered'));
    expect(ill.cause?.id).toBe('illegal-access');
    expect(ill.flag.advice).toContain('lower train.batch_size (now 4)');
  });

  it('NaN loss: flagged at its step, and the zeroed loss after it is not kept', () => {
    const p = new LogParser();
    const m = new RunModel();
    for (const e of p.push(echo() + bar(99, '1.000e-01') + bar(100, '1.000e-01') + 'loss is nan\n' + bar(100, '0.000e+00') + bar(101, '0.000e+00'))) m.apply(e);
    expect(m.snapshot().flags.find((f) => f.kind === 'nan')?.step).toBe(100);
    expect(m.series.lastStep).toBe(99);
  });

  it('reads the shape pasted in ai-toolkit issue #403: a cut bar with the error glued to it, two tracebacks interleaved', () => {
    const log =
      '\r|###6      | 908/2500 [11:18<19:50,  1.34it/s, lr: 1.8e-04 loss: 8.973e-02]Error running job: element 0 of tensors does not require grad and does not have a grad_fn\n' +
      '========================================\nResult:\n - 0 completed jobs\n - 1 failure\n========================================\n' +
      'Traceback (most recent call last):\nTraceback (most recent call last):\n  File "/root/ai-toolkit/run.py", line 120, in <module>\n  File "/root/ai-toolkit/run.py", line 120, in <module>\n        main()main()\n' +
      'RuntimeErrorRuntimeError: : element 0 of tensors does not require grad and does not have a grad_fnelement 0 of tensors does not require grad and does not have a grad_fn\n';
    const r = failed(log);
    expect(r.cause?.id).toBe('no-grad');
    expect(r.flag.message).toBe('training failed (exit code 1): element 0 of tensors does not require grad and does not have a grad_fn');
    expect(r.snap.lossStep).toBe(908);
  });

  it('a traceback cut before its exception line never shows a frame as the message', () => {
    const r = failed('Traceback (most recent call last):\n  File "/app/ai-toolkit/run.py", line 120, in <module>\n    main()\n');
    expect(r.flag.message).not.toContain('File "');
    expect(r.flag.message).not.toContain('main()');
  });
});
