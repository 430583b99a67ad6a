import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';
import { displayPath as displayName } from '../text/display.js';
import { b64, errorMessage, readCurrent, removeTempFiles, same, unb64, writeContent } from './journal-files.js';
import { JournalError, withJournalLock } from './journal-lock.js';

export { errorMessage } from './journal-files.js';
export { JournalError } from './journal-lock.js';

/**
 * The caption journal: one JSON file per operation holding every touched file's content before and
 * after. The entry is written (state `applying`) before any caption changes, so an operation cut
 * short by a crash or a kill is rolled back on the next start; undo and redo survive restarts.
 */

const fileRecord = z
  .object({
    path: z.string(),
    rel: z.string(),
    /** base64 of the bytes before; null: the file did not exist. */
    before: z.string().nullable(),
    after: z.string().nullable(),
  })
  .strict();
export type JournalFileRecord = z.infer<typeof fileRecord>;

const STATES = ['applying', 'applied', 'undoing', 'undone', 'redoing', 'rolled-back'] as const;
export type JournalState = (typeof STATES)[number];

const entrySchema = z
  .object({
    version: z.literal(1),
    seq: z.number().int().positive(),
    op: z.string(),
    description: z.string(),
    createdAt: z.string(),
    root: z.string(),
    state: z.enum(STATES),
    files: z.array(fileRecord),
  })
  .strict();
export type JournalEntry = z.infer<typeof entrySchema>;

export interface PendingChange {
  path: string;
  rel: string;
  before: Uint8Array | null;
  after: Uint8Array | null;
}

export interface FileFailure {
  path: string;
  rel: string;
  message: string;
}

/** How many operations stay undoable. */
const KEEP = 100;

export interface RecoveryReport {
  seq: number;
  description: string;
  /** What was done: rolled back an interrupted operation, or finished an interrupted undo/redo. */
  action: 'rolled-back' | 'undo-finished' | 'redo-finished';
  conflicts: Array<{ rel: string; path: string }>;
}

export class CaptionJournal {
  constructor(readonly dir: string) {}

  private file(seq: number): string {
    return join(this.dir, `${String(seq).padStart(6, '0')}.json`);
  }

  async entries(): Promise<JournalEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: JournalEntry[] = [];
    for (const n of names.filter((n) => /^\d{6,}\.json$/.test(n)).sort()) {
      try {
        const parsed = entrySchema.safeParse(JSON.parse(await readFile(join(this.dir, n), 'utf8')));
        if (parsed.success) out.push(parsed.data);
      } catch {
        /* a journal file we cannot read is skipped, never fatal */
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  private async save(entry: JournalEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(entry.seq), JSON.stringify(entry));
  }

  /** One writer at a time (see journal-lock.ts). */
  lock<T>(fn: () => Promise<T>): Promise<T> {
    return withJournalLock(this.dir, fn);
  }

  /** Finish or roll back anything a crash interrupted. Safe to call at any time. */
  async recover(): Promise<RecoveryReport[]> {
    const reports: RecoveryReport[] = [];
    for (const e of await this.entries()) {
      if (e.state === 'applying') {
        const conflicts = await this.move(e, 'after', 'before');
        await this.save({ ...e, state: 'rolled-back' });
        reports.push({ seq: e.seq, description: e.description, action: 'rolled-back', conflicts });
      } else if (e.state === 'undoing') {
        const conflicts = await this.move(e, 'after', 'before');
        await this.save({ ...e, state: 'undone' });
        reports.push({ seq: e.seq, description: e.description, action: 'undo-finished', conflicts });
      } else if (e.state === 'redoing') {
        const conflicts = await this.move(e, 'before', 'after');
        await this.save({ ...e, state: 'applied' });
        reports.push({ seq: e.seq, description: e.description, action: 'redo-finished', conflicts });
      } else continue;
      await removeTempFiles(e);
    }
    return reports;
  }

  /** Files still at `from` go to `to`; files already at `to` stay; any other content is a conflict, left alone. */
  private async move(e: JournalEntry, from: 'before' | 'after', to: 'before' | 'after'): Promise<Array<{ rel: string; path: string }>> {
    const conflicts: Array<{ rel: string; path: string }> = [];
    for (const f of e.files) {
      const cur = await readCurrent(f.path).catch(() => undefined);
      const want = unb64(f[to]);
      if (cur !== undefined && same(cur, want)) continue;
      if (cur !== undefined && same(cur, unb64(f[from]))) await writeContent(f.path, want);
      else conflicts.push({ rel: f.rel, path: f.path });
    }
    return conflicts;
  }

  /**
   * Apply changes as one journaled operation, for a caller holding the lock (it planned the changes under
   * it). A file that fails is reported and left as it was; the others are still written. Returns the entry
   * (null when nothing was written).
   */
  async applyLocked(
    op: string,
    description: string,
    root: string,
    changes: PendingChange[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ entry: JournalEntry | null; failures: FileFailure[] }> {
    if (changes.length === 0) return { entry: null, failures: [] };
    await this.recover();
    const entry = await this.begin(op, description, root, changes);
    const failures: FileFailure[] = [];
    const written: JournalFileRecord[] = [];
    let done = 0;
    for (const [i, c] of changes.entries()) {
      try {
        // Re-check: a file changed since it was read is not overwritten.
        const cur = await readCurrent(c.path);
        if (!same(cur, c.before)) throw new Error('changed on disk while the operation ran; left alone');
        await writeContent(c.path, c.after);
        written.push(entry.files[i]);
      } catch (e) {
        failures.push({ path: c.path, rel: c.rel, message: errorMessage(e) });
      }
      onProgress?.(++done, changes.length);
    }
    const final: JournalEntry = { ...entry, files: written, state: written.length ? 'applied' : 'rolled-back' };
    await this.save(final);
    return { entry: written.length ? final : null, failures };
  }

  /** Drop the redo history and the oldest entries, then save the new entry as `applying` before any file changes. */
  private async begin(op: string, description: string, root: string, changes: readonly PendingChange[]): Promise<JournalEntry> {
    const all = await this.entries();
    // A new operation ends the redo history.
    for (const e of all) if (e.state === 'undone' || e.state === 'rolled-back') await rm(this.file(e.seq), { force: true });
    const kept = all.filter((e) => e.state === 'applied');
    for (const e of kept.slice(0, Math.max(0, kept.length - KEEP + 1))) await rm(this.file(e.seq), { force: true });
    const entry: JournalEntry = {
      version: 1,
      seq: (all.length ? all[all.length - 1].seq : 0) + 1,
      op,
      description,
      createdAt: new Date().toISOString(),
      root,
      state: 'applying',
      files: changes.map((c) => ({ path: c.path, rel: c.rel, before: b64(c.before), after: b64(c.after) })),
    };
    await this.save(entry);
    return entry;
  }

  /** The operation `undo` would revert, and the one `redo` would re-apply. */
  async position(): Promise<{ undo: JournalEntry | null; redo: JournalEntry | null }> {
    const all = await this.entries();
    const applied = all.filter((e) => e.state === 'applied');
    const undone = all.filter((e) => e.state === 'undone');
    return { undo: applied.at(-1) ?? null, redo: undone[0] ?? null };
  }

  async undo(): Promise<JournalEntry | null> {
    return this.lock(async () => {
      await this.recover();
      const { undo } = await this.position();
      if (!undo) return null;
      await this.refuseIfChanged(undo, 'after', 'undo');
      await this.save({ ...undo, state: 'undoing' });
      await this.move(undo, 'after', 'before');
      const done: JournalEntry = { ...undo, state: 'undone' };
      await this.save(done);
      return done;
    });
  }

  async redo(): Promise<JournalEntry | null> {
    return this.lock(async () => {
      await this.recover();
      const { redo } = await this.position();
      if (!redo) return null;
      await this.refuseIfChanged(redo, 'before', 'redo');
      await this.save({ ...redo, state: 'redoing' });
      await this.move(redo, 'before', 'after');
      const done: JournalEntry = { ...redo, state: 'applied' };
      await this.save(done);
      return done;
    });
  }

  private async refuseIfChanged(e: JournalEntry, expect: 'before' | 'after', verb: string): Promise<void> {
    const changed: Array<{ rel: string; path: string }> = [];
    for (const f of e.files) {
      const cur = await readCurrent(f.path).catch(() => undefined);
      if (cur === undefined || !same(cur, unb64(f[expect]))) changed.push({ rel: f.rel, path: f.path });
    }
    if (changed.length) {
      const names = changed.slice(0, 5).map((c) => displayName(c.rel)).join(', ');
      throw new JournalError(
        `cannot ${verb} '${e.description}': ${changed.length} caption${changed.length === 1 ? ' was' : 's were'} changed since (${names}${changed.length > 5 ? ', …' : ''}); ${verb === 'undo' ? 'undo' : 'redo'} would overwrite those edits`,
        changed,
      );
    }
  }
}
