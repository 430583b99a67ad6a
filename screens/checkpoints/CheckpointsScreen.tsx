import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CheckpointEntry, CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import { comparePair, stepPrompt } from '../../src/checkpoints/compare.js';
import { listCounts } from '../../src/checkpoints/list-text.js';
import { writeTestPlan } from '../../src/checkpoints/plan-service.js';
import { planWrittenText, queueCommand } from '../../src/checkpoints/plan-text.js';
import { CRITERIA } from '../../src/checkpoints/scoring.js';
import { choose, choseText, clearScore, setScore, toggleMarked } from '../../src/checkpoints/selection.js';
import { plural } from '../../src/text/format.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { listReducer, type ListAction, type ListState } from '../../src/ui/list-window.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { useApp } from '../app-context.js';
import { checkpointBindings, type Mode } from './bindings.js';
import { CheckpointTable } from './CheckpointTable.js';
import { useIdentity } from './use-identity.js';
import { DownloadLine, showDownloads } from './DownloadLine.js';
import { ModePane } from './ModePane.js';
import { useCheckpointSession, useSampleFiles } from './use-checkpoints.js';
import { useDownloads } from './use-downloads.js';
import { useLatestState } from './use-latest-state.js';
import { useSerialSave } from './use-serial-save.js';
import { gridWindow, SampleGrid } from './SampleGrid.js';
import { useSampleSeeds } from './use-sample-seeds.js';
import { ImageView } from '../../src/ui/ImageView.js';

/** The title line: the same counts as under `lorapilot checkpoints list`. */
function titleText(index: CheckpointIndex, host: string, marked: readonly number[], chosen: number | null, refreshing: boolean): string {
  const n = listCounts(index, marked, chosen);
  const sep = ` ${glyph.separator} `;
  return [
    `${index.jobName} on ${host}`,
    plural(n.checkpoints, 'checkpoint'),
    plural(n.prompts, 'prompt'),
    `${n.marked} marked`,
    ...(chosen !== null ? [`chosen ${chosen}`] : []),
    ...(n.problems ? [`${glyph.warning} ${plural(n.problems, 'finding')} (f)`] : []),
    ...(refreshing ? [`refreshing${glyph.ellipsis}`] : []),
  ].join(sep);
}

/** Samples to fetch first: in compare mode the pair's, else the selected strip with the focused prompt first. */
function wantedSamples(mode: Mode, selected: CheckpointEntry | null, pair: [CheckpointEntry, CheckpointEntry] | null, prompt: number, gridRows: readonly CheckpointEntry[]) {
  if (mode === 'compare' && pair) return pair.flatMap((r) => r.samples.filter((s) => s.index === prompt));
  if (mode === 'view') return (selected?.samples ?? []).filter((x) => x.index === prompt);
  if (mode === 'grid') return gridRows.flatMap((r) => r.samples);
  const s = selected?.samples ?? [];
  return [...s.filter((x) => x.index === prompt), ...s.filter((x) => x.index !== prompt)];
}

export function CheckpointsScreen() {
  const app = useApp();
  const { width, height, dir, project } = app;
  const folder = typeof app.params.folder === 'string' ? app.params.folder : undefined;
  const session = useCheckpointSession(dir, project, folder);
  const ready = session.state.phase === 'ready' ? session.state : null;
  const rows = ready?.index.checkpoints ?? [];

  const [mode, setMode] = useState<Mode>('browse');
  const [viewFrom, setViewFrom] = useState<Mode>('browse');
  const [prompt, setPrompt] = useState(0);
  const [criterion, setCriterion, currentCriterion] = useLatestState(0);
  const [note, setNote] = useState('');

  // Layout: title, table (header + rows), pane, bottom line. Always exactly `height` rows.
  const tableRows = Math.max(1, Math.min(Math.max(1, rows.length), Math.max(2, Math.floor((height - 3) * 0.35))));
  const paneHeight = Math.max(1, height - 1 - (tableRows + 1) - 1);
  const [list, setList, currentList] = useLatestState<ListState>({ index: 0, top: 0 });
  const dispatchList = (a: ListAction) => setList((s) => listReducer(s, a, rows.length, tableRows));
  const rowAt = (index: number) => rows[Math.min(index, Math.max(0, rows.length - 1))] ?? null;
  const selected = rowAt(list.index);

  // Open on the chosen checkpoint (or the last one) the first time the index arrives, in the same render
  // (not an effect): no frame, and so no key, ever sees the first row selected by default. Until then no
  // samples are fetched, so the first row's are not downloaded for the instant it would be selected.
  const [placed, setPlaced] = useState(false);
  if (!placed && rows.length > 0) {
    setPlaced(true);
    // The row the person left selected, else the chosen checkpoint, else the last one.
    const leftAt = app.resumeSelection ? rows.findIndex((r) => r.step !== null && String(r.step) === app.resumeSelection) : -1;
    const chosenAt = rows.findIndex((r) => r.step !== null && r.step === project?.checkpoints.chosen?.step);
    dispatchList({ type: 'select', index: leftAt >= 0 ? leftAt : chosenAt >= 0 ? chosenAt : rows.length - 1 });
  }

  const { remember } = app;
  useEffect(() => {
    if (placed && selected?.step != null) remember(String(selected.step));
  }, [placed, selected?.step, remember]);

  const markedSteps = useMemo(() => project?.checkpoints.marked ?? [], [project]);
  const marked = useMemo(() => new Set(markedSteps), [markedSteps]);
  const chosen = project?.checkpoints.chosen?.step ?? null;
  const scores = useMemo(() => project?.checkpoints.scores ?? {}, [project]);
  const promptCount = ready?.index.promptCount ?? 0;
  const pairSteps = comparePair(markedSteps.filter((s) => rows.some((r) => r.step === s)), selected?.step ?? null);
  const pair = pairSteps ? (pairSteps.map((s) => rows.find((r) => r.step === s)!) as [CheckpointEntry, CheckpointEntry]) : null;

  const downloads = useDownloads({ target: session.target, index: ready?.index ?? null, project, loras: session.paths.loras, notify: app.notify, refresh: session.refresh });
  const dl = downloads.state;

  const grid = gridWindow(rows.length, promptCount, list.index, prompt, width, height - 2);
  const gridRows = mode === 'grid' ? rows.slice(grid.firstRow, grid.firstRow + grid.shownRows) : [];
  const wanted = useMemo(
    () => (placed ? wantedSamples(mode, selected, pair, prompt, gridRows) : []),
    [placed, mode, selected, prompt, pair?.[0]?.file, pair?.[1]?.file, gridRows.map((r) => r.file).join('\0')],
  );
  const seeds = useSampleSeeds(session.target, ready?.index.folder ?? null);
  const lookup = useSampleFiles(session.target, ready?.index ?? null, session.paths.sampleCache, wanted);
  const identity = useIdentity(project, dir, session.target, ready?.index ?? null, session.paths.sampleCache);

  const save = useSerialSave(dir, app);

  const writePlan = useCallback(async () => {
    if (!project || !ready) return;
    const r = await writeTestPlan({ project, dir, index: ready.index, jobName: ready.index.jobName });
    if (r.ok) app.notify(`${glyph.success} ${planWrittenText(r.plan, 'comfy-plan')}; queue them: ${queueCommand('comfy-plan')}`, 'success');
    else app.notify(r.message, 'warning');
  }, [project, ready, dir, app]);

  const bindings = useMemo(() => checkpointBindings(mode, dl.running), [mode, dl.running]);
  /** The checkpoint the keys act on: the latest selection, even before it is drawn. */
  const current = () => rowAt(currentList().index);
  useScreenKeys(
    bindings,
    {
      'cp.up': () => dispatchList({ type: 'up' }),
      'cp.down': () => dispatchList({ type: 'down' }),
      'cp.prev': () => setPrompt((p) => stepPrompt(p, -1, promptCount)),
      'cp.next': () => setPrompt((p) => stepPrompt(p, 1, promptCount)),
      'cp.mark': () => {
        const step = current()?.step ?? null;
        if (step === null) return app.notify('This checkpoint has no known step, so it cannot be marked.', 'warning');
        void save((p) => toggleMarked(p, step), `${marked.has(step) ? 'unmarked' : 'marked'} step ${step}`);
      },
      'cp.compare': () => {
        if (!pair) return app.notify('Mark two checkpoints with space to compare them side by side.', 'info');
        setMode('compare');
      },
      'cp.download': () => void downloads.start(),
      'cp.cancel': () => downloads.cancel(),
      'cp.choose': () => {
        const step = current()?.step ?? null;
        if (step === null) return;
        setNote(project?.checkpoints.chosen?.step === step ? project.checkpoints.chosen.note : '');
        setMode('note');
      },
      'cp.score': () => {
        if (current()?.step == null) return;
        setCriterion(0);
        setMode('score');
      },
      'cp.rank': () => setMode('rank'),
      'cp.plan': () => void writePlan(),
      'cp.findings': () => setMode('findings'),
      'cp.refresh': () => void session.refresh(),
      'sc.up': () => setCriterion((c) => (c + CRITERIA.length - 1) % CRITERIA.length),
      'sc.down': () => setCriterion((c) => (c + 1) % CRITERIA.length),
      'sc.set': (input) => {
        const step = current()?.step ?? null;
        if (step === null) return;
        const c = CRITERIA[currentCriterion()];
        void save((p) => setScore(p, step, c.id, Number(input)));
        setCriterion((x) => Math.min(CRITERIA.length - 1, x + 1));
      },
      'sc.clear': () => {
        const step = current()?.step ?? null;
        const c = CRITERIA[currentCriterion()];
        if (step !== null) void save((p) => clearScore(p, step, c.id));
      },
      'note.save': () => {
        const step = current()?.step ?? null;
        if (step === null) return;
        setMode('browse');
        void save((p) => choose(p, step, note), `${glyph.success} ${choseText(step, note)}`);
      },
      'note.erase': () => setNote((n) => n.slice(0, -1)),
      'pane.back': () => setMode(mode === 'view' ? viewFrom : 'browse'),
      'cp.view': () => {
        setViewFrom(mode);
        setMode('view');
      },
      'cp.grid': () => setMode((m) => (m === 'grid' ? 'browse' : 'grid')),
    },
    {
      title: 'Checkpoints',
      textEntry: mode === 'note',
      onOther: (input, key) => {
        if (mode !== 'note' || key.ctrl || key.meta || key.return || key.escape) return;
        // Printable text only; pasted newlines become spaces.
        const clean = input.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
        if (clean) setNote((n) => (n + clean).slice(0, 300));
      },
    },
  );

  if (!project || session.state.phase !== 'ready') {
    const s = session.state;
    const [message, fix] = !project ? ['No valid lorapilot.yaml here.', 'Create a project with lorapilot init, or fix the problems shown by lorapilot status.'] : s.phase === 'error' ? [s.message, s.fix] : [null, null];
    return (
      <Box width={width} height={height} flexDirection="column">
        {message === null ? (
          <Text color={theme.text.muted}>Listing checkpoints{glyph.ellipsis}</Text>
        ) : (
          <>
            <Text color={theme.status.error} wrap="wrap">
              {glyph.error} {message}
            </Text>
            <Text color={theme.text.muted} wrap="wrap">
              {fix}
            </Text>
          </>
        )}
      </Box>
    );
  }

  const { index, host, refreshing } = session.state;
  if (mode === 'view') {
    const s = selected?.samples.find((x) => x.index === prompt);
    const st = s ? lookup(s) : null;
    const seed = seeds[prompt];
    return (
      <ImageView
        path={st?.status === 'ok' ? st.path : null}
        message={!s ? 'no sample for this prompt' : st?.status === 'error' ? `cannot fetch: ${st.message}` : 'fetching…'}
        title={`${index.jobName} ${glyph.separator} ${selected?.step === null ? 'final' : `step ${selected?.step}`} ${glyph.separator} prompt ${prompt + 1}/${promptCount} (←/→, esc back)`}
        prompt={index.prompts[prompt] ?? null}
        facts={[selected?.step === null ? 'final checkpoint' : `step ${selected?.step}`, `prompt ${prompt + 1}/${promptCount}`, seed != null ? `seed ${seed}` : 'seed unknown', ...(s ? [s.file] : [])]}
        width={width}
        height={height}
      />
    );
  }
  if (mode === 'grid') {
    return (
      <Box width={width} height={height} flexDirection="column" overflow="hidden">
        <Text wrap="truncate" bold>
          {titleText(index, host, markedSteps, chosen, refreshing)} {glyph.separator} grid
        </Text>
        <SampleGrid rows={rows} focusRow={list.index} prompt={prompt} promptCount={promptCount} prompts={index.prompts} lookup={lookup} width={width} height={height - 2} />
        <Text wrap="truncate" color={theme.text.muted}>
          {selected ? selected.file : ''}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden">
      <Text wrap="truncate" bold>
        {titleText(index, host, markedSteps, chosen, refreshing)}
      </Text>
      <CheckpointTable rows={rows} selected={list.index} top={list.top} height={tableRows} width={width} marked={marked} chosen={chosen} local={host === 'local'} identity={identity.bySteps} />
      <Box width={width} height={paneHeight} overflow="hidden">
        <ModePane mode={mode} index={index} selected={selected} pair={pair} prompt={prompt} criterion={criterion} scores={scores} marked={markedSteps} lookup={lookup} identity={identity.bySteps} userWeight={identity.userWeight} width={width} height={paneHeight} />
      </Box>
      <Box width={width} height={1} overflow="hidden">
        {mode === 'note' && selected ? (
          <Text wrap="truncate">
            <Text color={theme.text.accent}>Choose step {selected.step} — note: </Text>
            {note}
            <Text inverse> </Text>
          </Text>
        ) : showDownloads(dl) ? (
          <DownloadLine state={dl} width={width} />
        ) : (
          <Text wrap="truncate" color={theme.text.muted}>
            {selected ? `${selected.file}${selected.localPath ? ` ${glyph.separator} ${selected.localPath}` : ''}` : ''}
          </Text>
        )}
      </Box>
    </Box>
  );
}
