import { Box, Text, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { parseTags, formatTags } from '../../src/dataset/caption.js';
import { completeTag, filterLabel, matchesFilter, nextFilter, nextProblem, type CaptionFilter } from '../../src/captions/browse.js';
import type { OperationResult } from '../../src/captions/apply.js';
import { BULK_ACTIONS, captionOpFromInput, type BulkId } from '../../src/captions/op-builder.js';
import { operationMessage } from '../../src/captions/report-text.js';
import type { ReviewItem } from '../../src/captions/review.js';
import { tagFrequency } from '../../src/captions/stats.js';
import type { TagProgress } from '../../src/captions/tagger/wd14.js';
import { findBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { listReducer, scrollTop } from '../../src/ui/list-window.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { useApp } from '../app-context.js';
import { BottomLine } from './BottomLine.js';
import { CaptionPane } from './CaptionPane.js';
import { ALL_IDS, bindingsFor, isPrintable, type Mode } from './captions-keys.js';
import { LeftPane } from './LeftPane.js';
import { addTyped, backspace, completed, moveSelected, removeSelected, tagsWithTyped, typed } from './mode-edit.js';
import { useCaptions } from './use-captions.js';
import { plural } from '../../src/text/format.js';

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

  // Open at the image the Dataset screen pointed at, else at the one the person left selected.
  useEffect(() => {
    if (opened || !review) return;
    setOpened(true);
    const wanted = app.params.image ?? app.resumeSelection;
    if (typeof wanted !== 'string') return;
    const i = review.items.findIndex((it) => [it.target.image.rel, it.target.image.path, it.target.rel, it.target.captionPath].includes(wanted));
    if (i >= 0) setList({ index: i, top: scrollTop(0, i, review.items.length, listRows) });
  }, [review, opened, app.params.image, app.resumeSelection, listRows]);
  const { remember } = app;
  useEffect(() => {
    if (opened && current) remember(current.target.image.rel);
  }, [opened, current, remember]);

  // Keep the selection inside the list when it shrinks.
  useEffect(() => {
    if (list.index >= items.length && items.length > 0) setList((l) => listReducer(l, { type: 'end' }, items.length, listRows));
  }, [items.length, list.index, listRows]);

  const say = (r: OperationResult | { error: string }) => {
    if ('error' in r) notify(r.error, 'error');
    else notify(operationMessage(r), r.errors.length ? 'warning' : r.changes.length ? 'success' : 'info');
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
    const built = captionOpFromInput(id, arg);
    if (!built.ok) {
      notify(built.message, 'warning');
      return;
    }
    setMode({ kind: 'browse' });
    say(await run(built.op, targetRels()));
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
      else if (mode.kind === 'bulk') setMode({ ...mode, index: Math.min(BULK_ACTIONS.length - 1, mode.index + 1) });
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
        notify(`${plural(withTag.length, 'image')} with "${t.tag}" marked`, 'info');
      } else if (mode.kind === 'bulk') {
        const b: (typeof BULK_ACTIONS)[number] = BULK_ACTIONS[mode.index];
        if ('arg' in b) setMode({ kind: 'bulkArg', id: b.id, prompt: b.arg, input: '' });
        else void runBulk(b.id);
      }
    },
    cancel: () => setMode({ kind: 'browse' }),
    save: () => {
      if (mode.kind === 'edit') void saveTags(tagsWithTyped(mode));
      else if (mode.kind === 'text') void saveTags(parseTags(mode.text));
      else if (mode.kind === 'tagFilter') {
        const tag = mode.input.trim();
        setMode({ kind: 'browse' });
        setFilter(tag ? { kind: 'tag', tag } : { kind: 'all' });
        setList({ index: 0, top: 0 });
      } else if (mode.kind === 'bulkArg') void runBulk(mode.id, mode.input);
    },
    complete: () => completions[0] && setMode(completed(mode, completions[0])),
    add: () => mode.kind === 'edit' && setMode(addTyped(mode)),
    moveUp: () => mode.kind === 'edit' && setMode(moveSelected(mode, -1)),
    moveDown: () => mode.kind === 'edit' && setMode(moveSelected(mode, 1)),
    backspace: () => setMode(backspace(mode)),
    delete: () => mode.kind === 'edit' && setMode(removeSelected(mode)),
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
    if (isPrintable(input, key)) setMode(typed(m, input));
  };
  const handlers: Record<string, (input: string, key: Key) => void> = Object.fromEntries(ALL_IDS.map((id) => [id, dispatch]));

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

  return (
    <Box flexDirection="column" width={W} height={H}>
      <Box height={1}>
        <Text wrap="truncate" bold>
          {header}
        </Text>
      </Box>
      <Box flexDirection={narrow ? 'column' : 'row'} height={paneH}>
        <LeftPane mode={mode} freq={freq} freqScope={freqScope} items={items} list={list} listRows={listRows} listW={listW} listH={listH} marks={marks} />
        <CaptionPane current={current} mode={mode} detailW={detailW} detailH={detailH} />
      </Box>
      <Box height={1}>
        <BottomLine mode={mode} completions={completions} tagging={tagging} width={W} current={current} />
      </Box>
    </Box>
  );
}
