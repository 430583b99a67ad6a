import { Box, Text, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { parseTags, formatTags } from '../../src/dataset/caption.js';
import { completeTag, filterLabel, matchesFilter, moveItem, nextFilter, nextProblem, type CaptionFilter } from '../../src/captions/browse.js';
import { summarizeChanges, type OperationResult } from '../../src/captions/apply.js';
import type { CaptionOp } from '../../src/captions/operations.js';
import type { ReviewItem } from '../../src/captions/review.js';
import { tagFrequency } from '../../src/captions/stats.js';
import { worstSeverity } from '../../src/captions/status.js';
import { findBinding, type KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { listReducer, scrollTop } from '../../src/ui/list-window.js';
import { ImagePreview } from '../../src/ui/ImagePreview.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { formatDuration } from '../../src/text/format.js';
import type { TagProgress } from '../../src/captions/tagger/wd14.js';
import { useApp } from '../app-context.js';
import { useCaptions } from './use-captions.js';

type BulkId = 'ensure-trigger' | 'ensure-realbody' | 'ensure-tag' | 'remove-tag' | 'replace-tag' | 'normalize' | 'create-missing' | 'prune-identity';

const BULK: Array<{ id: BulkId; label: string; arg?: string }> = [
  { id: 'ensure-trigger', label: 'Trigger word first (ensure-trigger)' },
  { id: 'ensure-realbody', label: 'Add realistic_body second (ensure-tag realistic_body)' },
  { id: 'ensure-tag', label: 'Add a tag second (ensure-tag)…', arg: 'tag to add' },
  { id: 'remove-tag', label: 'Remove tags (remove-tag)…', arg: 'tags to remove, comma separated (* matches anything)' },
  { id: 'replace-tag', label: 'Replace a tag (replace-tag)…', arg: 'OLD => NEW' },
  { id: 'normalize', label: 'Normalize: UTF-8, no BOM, LF, no duplicates' },
  { id: 'create-missing', label: 'Create missing captions from the folder template' },
  { id: 'prune-identity', label: 'Remove identity tags (hair, eyes, skin, body type)' },
];

type Mode =
  | { kind: 'browse' }
  | { kind: 'edit'; tags: string[]; cursor: number; input: string }
  | { kind: 'text'; text: string }
  | { kind: 'tagFilter'; input: string }
  | { kind: 'stats'; index: number; top: number }
  | { kind: 'bulk'; index: number }
  | { kind: 'bulkArg'; id: BulkId; prompt: string; input: string };

const NAV: KeyBinding[] = [
  { id: 'up', keys: ['up', 'k'], label: 'up', helpOnly: true, group: 'Move' },
  { id: 'down', keys: ['down', 'j'], label: 'down', helpOnly: true, group: 'Move' },
  { id: 'pageUp', keys: ['pageup'], label: 'page up', helpOnly: true, group: 'Move' },
  { id: 'pageDown', keys: ['pagedown'], label: 'page down', helpOnly: true, group: 'Move' },
  { id: 'home', keys: ['home', 'g'], label: 'first', helpOnly: true, group: 'Move' },
  { id: 'end', keys: ['end', 'G'], label: 'last', helpOnly: true, group: 'Move' },
];

const BROWSE_KEYS: KeyBinding[] = [
  ...NAV,
  { id: 'edit', keys: ['enter', 'e'], label: 'edit tags', description: 'Edit the tags of this caption (add, remove, reorder)', group: 'Edit' },
  { id: 'text', keys: ['t'], label: 'edit text', description: 'Edit the caption as text', group: 'Edit', helpOnly: true },
  { id: 'nextProblem', keys: ['n'], label: 'next problem', description: 'Jump to the next image with a caption problem', group: 'Move' },
  { id: 'mark', keys: ['space'], label: 'mark', description: 'Mark or unmark this image for a bulk operation', group: 'Select' },
  { id: 'markAll', keys: ['a'], label: 'mark all', description: 'Mark every image in the list (again: unmark all)', group: 'Select', helpOnly: true },
  { id: 'filter', keys: ['f'], label: 'filter', description: 'Cycle the filter: all, problems, missing, trigger, each folder', group: 'Select' },
  { id: 'tagFilter', keys: ['/'], label: 'has tag', description: 'Show only images whose caption has a tag', group: 'Select', helpOnly: true },
  { id: 'stats', keys: ['s'], label: 'tag table', description: 'Tag frequency; choosing a tag marks every image that has it', group: 'Select' },
  { id: 'bulk', keys: ['b'], label: 'bulk fix', description: 'Apply a bulk operation to the marked images (or to every listed image)', group: 'Edit' },
  { id: 'autoTag', keys: ['T'], label: 'auto-tag', description: 'WD14 auto-tagging of the marked (or listed) images; new tags are appended', group: 'Edit', helpOnly: true },
  { id: 'cancelTagging', keys: ['esc'], label: 'stop tagging', description: 'Stop auto-tagging (nothing is changed)', group: 'Edit', helpOnly: true },
  { id: 'undo', keys: ['u', 'ctrl+z'], label: 'undo', description: 'Undo the last caption change (also after a restart)', group: 'Edit' },
  { id: 'redo', keys: ['r', 'ctrl+y'], label: 'redo', description: 'Redo the last undone change', group: 'Edit', helpOnly: true },
];

const EDIT_KEYS: KeyBinding[] = [
  { id: 'save', keys: ['enter'], label: 'save', description: 'Save the caption (a tag being typed is added first)', group: 'Tag editor' },
  { id: 'cancel', keys: ['esc'], label: 'cancel', description: 'Leave without saving', group: 'Tag editor' },
  { id: 'complete', keys: ['tab'], label: 'complete', description: 'Complete the tag from the dataset’s own tags', group: 'Tag editor' },
  { id: 'add', keys: [','], label: 'add tag', description: 'Add the typed tag after the selected one', group: 'Tag editor' },
  { id: 'up', keys: ['up'], label: 'select', helpOnly: true, group: 'Tag editor' },
  { id: 'down', keys: ['down'], label: 'select', helpOnly: true, group: 'Tag editor' },
  { id: 'moveUp', keys: ['pageup', 'ctrl+u'], label: 'move tag up', description: 'Move the selected tag earlier', group: 'Tag editor' },
  { id: 'moveDown', keys: ['pagedown', 'ctrl+d'], label: 'move down', description: 'Move the selected tag later', group: 'Tag editor', helpOnly: true },
  { id: 'backspace', keys: ['backspace'], label: 'delete', description: 'Delete a character, or the selected tag when nothing is typed', group: 'Tag editor', helpOnly: true },
  { id: 'delete', keys: ['delete', 'ctrl+x'], label: 'remove tag', description: 'Remove the selected tag', group: 'Tag editor' },
];

const TEXT_KEYS: KeyBinding[] = [
  { id: 'save', keys: ['enter'], label: 'save', group: 'Text' },
  { id: 'cancel', keys: ['esc'], label: 'cancel', group: 'Text' },
  { id: 'backspace', keys: ['backspace', 'delete'], label: 'delete', helpOnly: true, group: 'Text' },
  { id: 'complete', keys: ['tab'], label: 'complete', group: 'Text' },
];

const STATS_KEYS: KeyBinding[] = [
  ...NAV,
  { id: 'choose', keys: ['enter'], label: 'mark images with tag', description: 'Mark every image with this tag and show only them', group: 'Tag table' },
  { id: 'cancel', keys: ['esc', 's'], label: 'back', group: 'Tag table' },
];

const BULK_KEYS: KeyBinding[] = [
  { id: 'up', keys: ['up', 'k'], label: 'up', helpOnly: true, group: 'Bulk' },
  { id: 'down', keys: ['down', 'j'], label: 'down', helpOnly: true, group: 'Bulk' },
  { id: 'choose', keys: ['enter'], label: 'apply', group: 'Bulk' },
  { id: 'cancel', keys: ['esc', 'b'], label: 'back', group: 'Bulk' },
];

function bindingsFor(mode: Mode): KeyBinding[] {
  if (mode.kind === 'edit') return EDIT_KEYS;
  if (mode.kind === 'text' || mode.kind === 'tagFilter' || mode.kind === 'bulkArg') return TEXT_KEYS;
  if (mode.kind === 'stats') return STATS_KEYS;
  if (mode.kind === 'bulk') return BULK_KEYS;
  return BROWSE_KEYS;
}

const ALL_IDS = [...new Set([...BROWSE_KEYS, ...EDIT_KEYS, ...TEXT_KEYS, ...STATS_KEYS, ...BULK_KEYS].map((b) => b.id))];

function isPrintable(input: string, key: Key): boolean {
  return input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !/[\u0000-\u001f\u007f]/.test(input);
}

function statusGlyph(item: ReviewItem): { mark: string; color?: string } {
  const s = worstSeverity(item.problems);
  if (s === 'ok') return { mark: glyph.success, color: theme.status.success };
  if (s === 'error') return { mark: glyph.error, color: severityColor('error') };
  if (s === 'warning') return { mark: glyph.warning, color: severityColor('warning') };
  return { mark: glyph.info, color: severityColor('info') };
}

/** As many tags as can fill `cells` (a 20 000-tag caption must not lay out 20 000 elements). */
function shownTags(tags: readonly string[], cells: number): string[] {
  let used = 0;
  let n = 0;
  while (n < tags.length && used < cells) used += tags[n++].length + 3;
  return n < tags.length ? [...tags.slice(0, n), `… ${tags.length - n} more`] : [...tags];
}

function resultMessage(r: OperationResult): string {
  const s = summarizeChanges(r.changes);
  const parts = [`${r.description}: ${r.changes.length} caption${r.changes.length === 1 ? '' : 's'} changed`];
  if (s.added.size) parts.push(`+${[...s.added.keys()].slice(0, 3).join(' +')}`);
  if (s.removed.size) parts.push(`-${[...s.removed.keys()].slice(0, 3).join(' -')}`);
  if (r.errors.length) parts.push(`${r.errors.length} failed (${r.errors[0].rel}: ${r.errors[0].message})`);
  return parts.join('  ');
}

export function CaptionsScreen() {
  const app = useApp();
  const { reloadProject, notify } = app;
  const onRecorded = useCallback(() => void reloadProject(), [reloadProject]);
  const onRecovered = useCallback((m: string) => notify(m, 'warning'), [notify]);
  const { state, run, history, autoTag, subscribe } = useCaptions(app.dir, onRecorded, onRecovered);
  const tagging = useThrottledSubscription(subscribe, null as TagProgress | null);
  const abortRef = useRef<AbortController | null>(null);
  const [filter, setFilter] = useState<CaptionFilter>({ kind: 'all' });
  const [list, setList] = useState({ index: 0, top: 0 });
  const [marks, setMarks] = useState<Set<string>>(new Set());
  const [mode, setModeState] = useState<Mode>({ kind: 'browse' });
  // Keys can arrive faster than renders (a paste, a fast typist): handlers read the latest mode from here.
  const modeRef = useRef<Mode>(mode);
  const setMode = (m: Mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const [opened, setOpened] = useState(false);

  const review = state.status === 'ready' ? state.review : null;
  const items = useMemo(() => (review ? review.items.filter((i) => matchesFilter(i, filter)) : []), [review, filter]);
  const folders = useMemo(() => (review ? review.scan.folders.filter((f) => f.imageCount > 0).map((f) => f.rel) : []), [review]);
  const freqScope = filter.kind === 'folder' ? filter.folder : null;
  const freq = useMemo(
    () => tagFrequency((review?.items ?? []).filter((i) => i.text !== null && (freqScope === null || i.target.image.folder === freqScope)).map((i) => i.text!)),
    [review, freqScope],
  );
  const current: ReviewItem | null = items[Math.min(list.index, items.length - 1)] ?? null;

  const W = app.width;
  const H = app.height;
  const narrow = isNarrow(W);
  const paneH = Math.max(6, H - 2);
  const listW = narrow ? W : Math.max(30, Math.floor(W * 0.42));
  const listH = narrow ? Math.max(5, Math.floor(paneH * 0.45)) : paneH;
  const detailW = narrow ? W : W - listW;
  const detailH = narrow ? paneH - listH : paneH;
  const listRows = Math.max(1, listH - 3);

  // Open at the image the Dataset screen pointed at.
  useEffect(() => {
    if (opened || !review) return;
    setOpened(true);
    const wanted = app.params.image;
    if (typeof wanted !== 'string') return;
    const i = review.items.findIndex((it) => [it.target.image.rel, it.target.image.path, it.target.rel, it.target.captionPath].includes(wanted));
    if (i >= 0) setList({ index: i, top: scrollTop(0, i, review.items.length, listRows) });
  }, [review, opened, app.params.image, listRows]);

  // Keep the selection inside the list when it shrinks.
  useEffect(() => {
    if (list.index >= items.length && items.length > 0) setList((l) => listReducer(l, { type: 'end' }, items.length, listRows));
  }, [items.length, list.index, listRows]);

  const say = (r: OperationResult | { error: string }) => {
    if ('error' in r) notify(r.error, 'error');
    else notify(resultMessage(r), r.errors.length ? 'warning' : r.changes.length ? 'success' : 'info');
  };

  const targetRels = (): string[] => (marks.size ? [...marks] : items.map((i) => i.target.image.rel));

  const saveTags = async (tags: string[]) => {
    if (!current) return;
    // The editor closes at once; the save is queued behind any change still being written.
    setMode({ kind: 'browse' });
    const r = await run({ kind: 'set', text: formatTags(tags) }, [current.target.image.rel], { op: 'edit', description: `edit ${current.target.rel}` });
    if ('error' in r) notify(r.error, 'error');
    else if (r.errors.length) notify(`${r.errors[0].rel}: ${r.errors[0].message}`, 'error');
    else notify(r.changes.length ? `saved ${current.target.rel} (u to undo)` : 'no change', r.changes.length ? 'success' : 'info');
  };

  const runBulk = async (id: BulkId, arg?: string) => {
    let op: CaptionOp;
    switch (id) {
      case 'ensure-realbody':
        op = { kind: 'ensure-tag', tag: 'realistic_body' };
        break;
      case 'ensure-tag':
        op = { kind: 'ensure-tag', tag: (arg ?? '').trim() };
        break;
      case 'remove-tag':
        op = { kind: 'remove-tag', tags: parseTags(arg ?? '') };
        break;
      case 'replace-tag': {
        const [from, to] = (arg ?? '').split(/=>|→/).map((s) => s.trim());
        if (!from || !to) {
          notify('write it as OLD => NEW', 'warning');
          return;
        }
        op = { kind: 'replace-tag', from, to };
        break;
      }
      default:
        op = { kind: id } as CaptionOp;
    }
    if ((op.kind === 'ensure-tag' && !op.tag) || (op.kind === 'remove-tag' && op.tags.length === 0)) {
      notify('no tag given', 'warning');
      return;
    }
    setMode({ kind: 'browse' });
    say(await run(op, targetRels()));
  };

  const move = (type: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end') => setList((l) => listReducer(l, { type }, items.length, listRows));

  const editing = mode.kind === 'edit' || mode.kind === 'text' || mode.kind === 'tagFilter' || mode.kind === 'bulkArg';
  const bindings = bindingsFor(mode);

  const completions = useMemo(() => {
    if (mode.kind === 'edit') return completeTag(mode.input, freq, mode.tags);
    if (mode.kind === 'tagFilter') return completeTag(mode.input, freq);
    if (mode.kind === 'text') {
      const last = mode.text.split(',').at(-1) ?? '';
      return completeTag(last, freq, parseTags(mode.text));
    }
    return [];
  }, [mode, freq]);

  const buildHandlers = (mode: Mode): Record<string, (input: string, key: Key) => void> => ({
    up: () => {
      if (mode.kind === 'edit') setMode({ ...mode, cursor: Math.max(0, mode.cursor - 1) });
      else if (mode.kind === 'stats') setMode({ ...mode, ...listReducer({ index: mode.index, top: mode.top }, { type: 'up' }, freq.length, listRows) });
      else if (mode.kind === 'bulk') setMode({ ...mode, index: Math.max(0, mode.index - 1) });
      else move('up');
    },
    down: () => {
      if (mode.kind === 'edit') setMode({ ...mode, cursor: Math.min(mode.tags.length - 1, mode.cursor + 1) });
      else if (mode.kind === 'stats') setMode({ ...mode, ...listReducer({ index: mode.index, top: mode.top }, { type: 'down' }, freq.length, listRows) });
      else if (mode.kind === 'bulk') setMode({ ...mode, index: Math.min(BULK.length - 1, mode.index + 1) });
      else move('down');
    },
    pageUp: () => (mode.kind === 'stats' ? setMode({ ...mode, ...listReducer(mode, { type: 'pageUp' }, freq.length, listRows) }) : move('pageUp')),
    pageDown: () => (mode.kind === 'stats' ? setMode({ ...mode, ...listReducer(mode, { type: 'pageDown' }, freq.length, listRows) }) : move('pageDown')),
    home: () => (mode.kind === 'stats' ? setMode({ ...mode, ...listReducer(mode, { type: 'home' }, freq.length, listRows) }) : move('home')),
    end: () => (mode.kind === 'stats' ? setMode({ ...mode, ...listReducer(mode, { type: 'end' }, freq.length, listRows) }) : move('end')),
    edit: () => {
      if (!current) return;
      setMode({ kind: 'edit', tags: [...current.tags], cursor: Math.max(0, current.tags.length - 1), input: '' });
    },
    text: () => current && setMode({ kind: 'text', text: current.text ?? '' }),
    nextProblem: () => {
      const i = nextProblem(items, list.index);
      if (i < 0) notify('no caption problems in this list', 'success');
      else setList((l) => ({ index: i, top: scrollTop(l.top, i, items.length, listRows) }));
    },
    mark: () => {
      if (!current) return;
      const rel = current.target.image.rel;
      setMarks((m) => {
        const n = new Set(m);
        if (n.has(rel)) n.delete(rel);
        else n.add(rel);
        return n;
      });
      move('down');
    },
    markAll: () => setMarks((m) => (m.size > 0 ? new Set() : new Set(items.map((i) => i.target.image.rel)))),
    filter: () => {
      setFilter((f) => (f.kind === 'tag' ? { kind: 'all' } : nextFilter(f, folders)));
      setList({ index: 0, top: 0 });
    },
    tagFilter: () => setMode({ kind: 'tagFilter', input: '' }),
    autoTag: () => {
      if (abortRef.current) return;
      const ac = new AbortController();
      abortRef.current = ac;
      notify('auto-tagging…', 'info');
      void autoTag(marks.size ? [...marks] : items.map((i) => i.target.image.rel), ac.signal).then((r) => {
        abortRef.current = null;
        say(r);
      });
    },
    cancelTagging: () => abortRef.current?.abort(),
    stats: () => setMode({ kind: 'stats', index: 0, top: 0 }),
    bulk: () => setMode({ kind: 'bulk', index: 0 }),
    undo: () => void history('undo').then((r) => notify('error' in r ? r.error : r.entry ? `undone: ${r.entry.description}` : 'nothing to undo', 'error' in r ? 'error' : 'info')),
    redo: () => void history('redo').then((r) => notify('error' in r ? r.error : r.entry ? `redone: ${r.entry.description}` : 'nothing to redo', 'error' in r ? 'error' : 'info')),
    choose: () => {
      if (mode.kind === 'stats') {
        const t = freq[mode.index];
        if (!t) return;
        const withTag = (review?.items ?? []).filter((i) => matchesFilter(i, { kind: 'tag', tag: t.tag }));
        setMarks(new Set(withTag.map((i) => i.target.image.rel)));
        setFilter({ kind: 'tag', tag: t.tag });
        setList({ index: 0, top: 0 });
        setMode({ kind: 'browse' });
        notify(`${withTag.length} image${withTag.length === 1 ? '' : 's'} with "${t.tag}" marked`, 'info');
      } else if (mode.kind === 'bulk') {
        const b = BULK[mode.index];
        if (b.arg) setMode({ kind: 'bulkArg', id: b.id, prompt: b.arg, input: '' });
        else void runBulk(b.id);
      }
    },
    cancel: () => setMode({ kind: 'browse' }),
    save: () => {
      if (mode.kind === 'edit') {
        const typed = parseTags(mode.input);
        const tags = typed.length ? [...mode.tags.slice(0, mode.cursor + 1), ...typed, ...mode.tags.slice(mode.cursor + 1)] : mode.tags;
        void saveTags(tags);
      } else if (mode.kind === 'text') void saveTags(parseTags(mode.text));
      else if (mode.kind === 'tagFilter') {
        const tag = mode.input.trim();
        setMode({ kind: 'browse' });
        setFilter(tag ? { kind: 'tag', tag } : { kind: 'all' });
        setList({ index: 0, top: 0 });
      } else if (mode.kind === 'bulkArg') void runBulk(mode.id, mode.input);
    },
    complete: () => {
      const c = completions[0];
      if (!c) return;
      if (mode.kind === 'edit') setMode({ ...mode, input: c });
      else if (mode.kind === 'tagFilter') setMode({ ...mode, input: c });
      else if (mode.kind === 'text') {
        const head = mode.text.includes(',') ? mode.text.slice(0, mode.text.lastIndexOf(',') + 1) + ' ' : '';
        setMode({ ...mode, text: head + c });
      }
    },
    add: () => {
      if (mode.kind !== 'edit') return;
      const typed = parseTags(mode.input);
      if (!typed.length) return;
      const tags = [...mode.tags.slice(0, mode.cursor + 1), ...typed, ...mode.tags.slice(mode.cursor + 1)];
      setMode({ kind: 'edit', tags, cursor: Math.min(tags.length - 1, mode.cursor + typed.length), input: '' });
    },
    moveUp: () => mode.kind === 'edit' && setMode({ ...mode, tags: moveItem(mode.tags, mode.cursor, -1), cursor: Math.max(0, mode.cursor - 1) }),
    moveDown: () => mode.kind === 'edit' && setMode({ ...mode, tags: moveItem(mode.tags, mode.cursor, 1), cursor: Math.min(mode.tags.length - 1, mode.cursor + 1) }),
    backspace: () => {
      if (mode.kind === 'edit') {
        if (mode.input) setMode({ ...mode, input: mode.input.slice(0, -1) });
        else removeSelected(mode);
      } else if (mode.kind === 'text') setMode({ ...mode, text: mode.text.slice(0, -1) });
      else if (mode.kind === 'tagFilter' || mode.kind === 'bulkArg') setMode({ ...mode, input: mode.input.slice(0, -1) });
    },
    delete: () => removeSelected(mode),
  });
  // Keys can arrive before the render that follows a mode change: every key is matched against the
  // bindings of the mode it lands in (modeRef), not those of the last render.
  const dispatch = (input: string, key: Key) => {
    const m = modeRef.current;
    const b = findBinding(bindingsFor(m), input, key);
    if (b) {
      buildHandlers(m)[b.id]?.(input, key);
      return;
    }
    if (!isPrintable(input, key)) return;
    if (m.kind === 'edit') setMode({ ...m, input: m.input + input });
    else if (m.kind === 'text') setMode({ ...m, text: m.text + input });
    else if (m.kind === 'tagFilter' || m.kind === 'bulkArg') setMode({ ...m, input: m.input + input });
  };
  const handlers: Record<string, (input: string, key: Key) => void> = Object.fromEntries(ALL_IDS.map((id) => [id, dispatch]));

  function removeSelected(mode: Mode) {
    if (mode.kind !== 'edit' || mode.tags.length === 0) return;
    const tags = mode.tags.filter((_, i) => i !== mode.cursor);
    setMode({ ...mode, tags, cursor: Math.max(0, Math.min(mode.cursor, tags.length - 1)) });
  }

  useScreenKeys(bindings, handlers, {
    textEntry: editing,
    title: 'Captions',
    isActive: state.status === 'ready' || state.status === 'error',
    onOther: dispatch,
  });

  if (state.status !== 'ready') {
    return (
      <Panel title="Captions" width={W} height={H}>
        <Text color={state.status === 'error' ? theme.status.error : theme.text.muted} wrap="wrap">
          {state.status === 'error' ? `${glyph.error} ${state.message}` : 'reading captions…'}
        </Text>
      </Panel>
    );
  }

  const all = state.review.items;
  const problems = all.filter((i) => i.problems.length > 0).length;
  const header = `${all.length} images · ${problems ? `${problems} with problems` : 'all captions ok'} · showing ${items.length} (${filterLabel(filter)})${marks.size ? ` · ${marks.size} marked` : ''}`;

  // --- left pane: images, tag table or bulk menu ---
  let left;
  if (mode.kind === 'stats') {
    const rows = freq.slice(mode.top, mode.top + listRows);
    const tw = Math.max(8, listW - 16);
    left = (
      <Panel title={`Tags ${freqScope ? `in ${freqScope}` : 'in the dataset'} (${freq.length})`} focused width={listW} height={listH}>
        {rows.length === 0 ? <Text color={theme.text.muted}>no tags yet</Text> : null}
        {rows.map((t, k) => {
          const sel = mode.top + k === mode.index;
          return (
            <Text key={t.key} wrap="truncate" inverse={sel}>
              {sel ? glyph.pointer : ' '} {String(t.images).padStart(4)} {t.tag.length > tw ? `${t.tag.slice(0, tw - 1)}…` : t.tag}
            </Text>
          );
        })}
      </Panel>
    );
  } else if (mode.kind === 'bulk' || mode.kind === 'bulkArg') {
    const scope = marks.size ? `${marks.size} marked` : `${items.length} listed`;
    left = (
      <Panel title={`Bulk fix · ${scope} images`} focused width={listW} height={listH}>
        {BULK.slice(0, listRows).map((b, k) => {
          const sel = mode.kind === 'bulk' ? k === mode.index : b.id === mode.id;
          return (
            <Text key={b.id} wrap="truncate" inverse={sel}>
              {sel ? glyph.pointer : ' '} {b.label}
            </Text>
          );
        })}
      </Panel>
    );
  } else {
    const rows = items.slice(list.top, list.top + listRows);
    left = (
      <Panel title="Images" focused={mode.kind === 'browse'} width={listW} height={listH}>
        {items.length === 0 ? <Text color={theme.text.muted}>no image matches this filter (f: next filter)</Text> : null}
        {rows.map((it, k) => {
          const sel = list.top + k === list.index;
          const g = statusGlyph(it);
          const marked = marks.has(it.target.image.rel);
          const note = it.problems[0] ? ` ${it.problems[0].rule.replace(/^caption\./, '')}` : '';
          return (
            <Text key={it.target.image.rel} wrap="truncate" inverse={sel}>
              {marked ? glyph.marked : ' '}
              <Text color={sel ? undefined : g.color}>{g.mark}</Text> {it.target.image.rel}
              <Text color={sel ? undefined : theme.text.muted}>{note}</Text>
            </Text>
          );
        })}
      </Panel>
    );
  }

  // --- right pane: preview + caption, or the tag editor ---
  const innerW = Math.max(10, detailW - 4);
  const innerH = Math.max(3, detailH - 3);
  let right;
  if (!current) {
    right = (
      <Panel title="Caption" width={detailW} height={detailH}>
        <Text color={theme.text.muted}>nothing selected</Text>
      </Panel>
    );
  } else if (mode.kind === 'edit') {
    const rows = Math.max(1, innerH - 1);
    const top = scrollTop(0, mode.cursor, mode.tags.length, rows);
    right = (
      <Panel title={`Editing ${current.target.rel}`} focused width={detailW} height={detailH}>
        {mode.tags.length === 0 ? <Text color={theme.text.muted}>no tags: type one and press , or enter</Text> : null}
        {mode.tags.slice(top, top + rows).map((t, k) => {
          const i = top + k;
          return (
            <Text key={`${i}:${t}`} wrap="truncate" inverse={i === mode.cursor}>
              {String(i + 1).padStart(3)}. {t}
            </Text>
          );
        })}
      </Panel>
    );
  } else {
    const problemRows = Math.min(3, current.problems.length);
    const captionRows = Math.max(2, Math.min(8, Math.ceil(((current.text?.length ?? 10) + 10) / innerW) + 1));
    const previewRows = innerH - captionRows - problemRows;
    right = (
      <Panel title={current.target.rel} width={detailW} height={detailH}>
        {previewRows >= 4 ? <ImagePreview path={current.target.image.path} width={innerW} height={previewRows} /> : null}
        <Box height={captionRows} overflow="hidden" flexDirection="column">
          {mode.kind === 'text' ? (
            <Text wrap="wrap">
              <Text color={theme.text.accent}>text › </Text>
              {mode.text}
              <Text inverse> </Text>
            </Text>
          ) : current.text === null ? (
            <Text color={theme.text.muted}>no caption file</Text>
          ) : (
            <Text wrap="wrap">
              {shownTags(current.tags, captionRows * innerW).map((t, i) => (
                <Text key={`${i}:${t}`}>
                  {i > 0 ? <Text color={theme.text.muted}> · </Text> : null}
                  <Text color={i === 0 ? theme.text.accent : undefined} bold={i === 0}>
                    {t}
                  </Text>
                </Text>
              ))}
            </Text>
          )}
        </Box>
        {current.problems.slice(0, problemRows).map((p, i) => (
          <Text key={i} wrap="truncate" color={severityColor(p.severity)}>
            {glyph[p.severity]} {p.message}
          </Text>
        ))}
      </Panel>
    );
  }

  // --- bottom line: the field being typed into, or hints ---
  let bottom;
  if (mode.kind === 'edit' || mode.kind === 'tagFilter' || mode.kind === 'bulkArg') {
    const label = mode.kind === 'edit' ? 'add tag' : mode.kind === 'tagFilter' ? 'has tag' : mode.prompt;
    bottom = (
      <Text wrap="truncate">
        <Text color={theme.text.accent}>{label} › </Text>
        {mode.input}
        <Text inverse> </Text>
        {completions.length ? <Text color={theme.text.muted}>  tab: {completions.join(', ')}</Text> : null}
      </Text>
    );
  } else if (tagging) {
    const rate = tagging.elapsedMs > 0 ? (tagging.done / tagging.elapsedMs) * 1000 : 0;
    bottom = (
      <ProgressBar
        ratio={tagging.done / Math.max(1, tagging.total)}
        width={Math.max(10, Math.min(30, W - 50))}
        label={`tagging ${tagging.done}/${tagging.total} · ${rate.toFixed(1)} img/s · ETA ${formatDuration(tagging.etaSeconds ?? NaN)} · esc stops`}
      />
    );
  } else if (mode.kind === 'text') {
    bottom = <Text wrap="truncate" color={theme.text.muted}>{completions.length ? `tab: ${completions.join(', ')}` : 'enter saves · esc cancels'}</Text>;
  } else {
    const fix = current?.problems[0]?.fix;
    bottom = <Text wrap="truncate" color={theme.text.muted}>{fix ? `fix: ${fix}` : current ? `${current.tags.length} tags` : ''}</Text>;
  }

  return (
    <Box flexDirection="column" width={W} height={H}>
      <Box height={1}>
        <Text wrap="truncate" bold>
          {header}
        </Text>
      </Box>
      <Box flexDirection={narrow ? 'column' : 'row'} height={paneH}>
        {left}
        {right}
      </Box>
      <Box height={1}>{bottom}</Box>
    </Box>
  );
}
