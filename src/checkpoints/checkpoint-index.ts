import type { Finding } from '../dataset/finding.js';
import { readHeaders } from './header-reads.js';
import { byStepOrder, localOnlyEntry, remoteEntry, type EntryContext } from './index-entry.js';
import { headerFinding, samplesWithoutCheckpoint, samplesWithoutCheckpointFinding, unrecognisedFinding } from './index-findings.js';
import type { CheckpointEntry, CheckpointIndex, IndexOptions } from './index-types.js';
import { listJobFolder, samplePrompts } from './job-folder.js';
import { localCheckpoints, type LocalFile } from './local-copies.js';
import { checkpointFiles, samplesByStep, type SampleRef } from './pairing.js';

export type { CheckpointEntry, CheckpointIndex, IndexOptions, LossAt, Where } from './index-types.js';

/** Index the checkpoints and samples of a job output folder on a target. Problems become findings. */
export async function indexCheckpoints(opts: IndexOptions): Promise<CheckpointIndex> {
  const { target, folder, jobName } = opts;
  const listing = await listJobFolder(target, folder);
  opts.signal?.throwIfAborted();
  const findings: Finding[] = [...listing.findings];

  const { checkpoints: remote, unrecognised } = checkpointFiles(listing.files, jobName);
  const samples = samplesByStep(listing.samples);
  const local = opts.localDir ? await localCheckpoints(opts.localDir, jobName, remote.map((c) => c.file)) : new Map<string, LocalFile>();
  const headers = opts.readHeaders === false ? new Map() : await readHeaders(target, folder, remote, { cache: opts.headerCache, signal: opts.signal });

  const ctx: EntryContext = {
    folder,
    samples,
    numberedSteps: remote.filter((c) => !c.final).map((c) => c.nameStep as number),
    marked: new Set(opts.marked ?? []),
    opts,
  };
  const entries: CheckpointEntry[] = [];
  for (const c of remote) {
    const h = headers.get(c.file);
    const problem = headerFinding(c, h);
    if (problem) findings.push(problem);
    entries.push(remoteEntry(c, h, local.get(c.file), ctx));
  }
  for (const [file, l] of local) if (l.complete && !entries.some((e) => e.file === file)) entries.push(localOnlyEntry(file, l, ctx));
  entries.sort(byStepOrder);

  for (const f of [unrecognisedFinding(unrecognised, jobName), samplesWithoutCheckpointFinding(samplesWithoutCheckpoint(samples.keys(), entries.map((e) => e.step)))]) if (f) findings.push(f);
  const promptCount = countPrompts(samples);
  return {
    folder,
    jobName,
    checkpoints: entries,
    sampleSteps: [...samples.entries()].map(([step, list]) => ({ step, samples: list })),
    promptCount,
    prompts: listing.found && promptCount > 0 ? await samplePrompts(target, folder) : [],
    findings,
  };
}

/** Number of sample prompts: the highest prompt index seen, plus one. */
function countPrompts(samples: ReadonlyMap<number, SampleRef[]>): number {
  let n = 0;
  for (const list of samples.values()) for (const s of list) n = Math.max(n, s.index + 1);
  return n;
}
