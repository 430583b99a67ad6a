import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { comparePair, stepPrompt } from '../../src/checkpoints/compare.js';
import { DownloadQueue, IDLE_QUEUE, type QueueState } from '../../src/checkpoints/download-queue.js';
import { writeTestPlan } from '../../src/checkpoints/plan-service.js';
import { CRITERIA, rankCheckpoints } from '../../src/checkpoints/scoring.js';
import { choose, clearScore, setScore, toggleMarked } from '../../src/checkpoints/selection.js';
import { updateProject } from '../../src/project/index.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { listReducer, type ListAction, type ListState } from '../../src/ui/list-window.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { formatBytes, formatDuration } from '../../src/text/format.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { useApp } from '../app-context.js';
import { CheckpointTable } from './CheckpointTable.js';
import { ComparePane, SampleStrip } from './SamplePanes.js';
import { FindingsPane, RankPane, ScorePane } from './ScoringPanes.js';
import { useCheckpointSession, useSampleFiles } from './use-checkpoints.js';

type Mode = 'browse' | 'compare' | 'score' | 'rank' | 'findings' | 'note';

const B = (id: string, keys: string[], label: string, description: string, enabled: boolean, extra: Partial<KeyBinding> = {}): KeyBinding => ({ id, keys, label, description, enabled, group: 'Checkpoints', ...extra });

export function CheckpointsScreen() {
  const app = useApp();
  const { width, height, dir, project } = app;
  const folder = typeof app.params.folder === 'string' ? app.params.folder : undefined;
  const session = useCheckpointSession(dir, project, folder);
  const ready = session.state.phase === 'ready' ? session.state : null;
  const rows = ready?.index.checkpoints ?? [];

  const [mode, setMode] = useState<Mode>('browse');
  const [prompt, setPrompt] = useState(0);
  const [criterion, setCriterion] = useState(0);
  const [note, setNote] = useState('');

  // Layout: title, table (header + rows), pane, bottom line. Always exactly `height` rows.
  const tableRows = Math.max(1, Math.min(Math.max(1, rows.length), Math.max(2, Math.floor((height - 3) * 0.35))));
  const paneHeight = Math.max(1, height - 1 - (tableRows + 1) - 1);
  const [list, dispatchList] = useReducer((s: ListState, a: ListAction) => listReducer(s, a, rows.length, tableRows), { index: 0, top: 0 });
  const selected = rows[Math.min(list.index, Math.max(0, rows.length - 1))] ?? null;

  // Open on the chosen checkpoint (or the last one) the first time the index arrives. Until then no
  // samples are fetched, so the first row's are not downloaded for the instant it is selected.
  const [placed, setPlaced] = useState(false);
  useEffect(() => {
    if (placed || rows.length === 0) return;
    setPlaced(true);
    const chosenAt = rows.findIndex((r) => r.step !== null && r.step === project?.checkpoints.chosen?.step);
    dispatchList({ type: 'select', index: chosenAt >= 0 ? chosenAt : rows.length - 1 });
  }, [rows, project, placed]);

  const marked = useMemo(() => new Set(project?.checkpoints.marked ?? []), [project]);
  const chosen = project?.checkpoints.chosen?.step ?? null;
  const scores = useMemo(() => project?.checkpoints.scores ?? {}, [project]);
  const promptCount = ready?.index.promptCount ?? 0;
  const pair = comparePair([...marked].filter((s) => rows.some((r) => r.step === s)), selected?.step ?? null);
  const pairRows = pair ? pair.map((s) => rows.find((r) => r.step === s)!) : null;

  // Downloads: a service the screen subscribes to, ≤ 10 renders/s.
  const queue = useRef(new DownloadQueue()).current;
  const dl: QueueState = useThrottledSubscription(queue.subscribe, IDLE_QUEUE);
  useEffect(() => () => queue.cancel(), [queue]);

  const wanted = useMemo(() => {
    if (!placed) return [];
    if (mode === 'compare' && pairRows) return pairRows.flatMap((r) => r.samples.filter((s) => s.index === prompt));
    const s = selected?.samples ?? [];
    // The focused prompt first, then the rest of the strip.
    return [...s.filter((x) => x.index === prompt), ...s.filter((x) => x.index !== prompt)];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placed, mode, selected, prompt, pairRows?.[0]?.file, pairRows?.[1]?.file]);
  const lookup = useSampleFiles(session.target, ready?.index ?? null, session.paths.sampleCache, wanted);

  // Project changes run one after another: quick key presses must not load-modify-write over each other.
  const saving = useRef<Promise<void>>(Promise.resolve());
  const save = useCallback(
    (change: Parameters<typeof updateProject>[1], message?: string) => {
      saving.current = saving.current.then(async () => {
        try {
          await updateProject(dir, change);
          await app.reloadProject();
          if (message) app.notify(message, 'success');
        } catch (e) {
          app.notify(`could not save lorapilot.yaml: ${(e as Error).message}`, 'error');
        }
      });
      return saving.current;
    },
    [dir, app],
  );

  const startDownloads = useCallback(async () => {
    const target = session.target();
    if (!target || !ready) return;
    const todo = rows.filter((r) => r.step !== null && marked.has(r.step) && r.where !== 'both' && r.where !== 'local');
    if (todo.length === 0) {
      app.notify(marked.size === 0 ? 'Mark checkpoints with space first, then press d.' : 'The marked checkpoints are already downloaded.', 'info');
      return;
    }
    let results;
    try {
      results = await queue.start(target, todo, session.paths.loras);
    } catch (e) {
      app.notify((e as Error).message, 'warning');
      return;
    }
    const bad = results.filter((r) => r.status !== 'downloaded' && r.status !== 'already');
    if (bad.length === 0) app.notify(`${glyph.success} downloaded ${results.length} checkpoint(s) into loras/`, 'success');
    else app.notify(`${bad.length} download(s) did not finish: ${bad[0].status === 'failed' || bad[0].status === 'conflict' ? bad[0].message : bad[0].status}. Press d to resume.`, 'warning');
    await session.refresh();
  }, [session, ready, rows, marked, queue, app]);

  const writePlan = useCallback(async () => {
    if (!project || !ready) return;
    const r = await writeTestPlan({ project, dir, index: ready.index, jobName: ready.index.jobName });
    if (r.ok) app.notify(`${glyph.success} wrote ${r.plan.runs.length} ComfyUI workflows to comfy-plan/ (${r.plan.family}); queue them with comfy-plan/queue.py`, 'success');
    else app.notify(r.message, 'warning');
  }, [project, ready, dir, app]);

  const inPane = mode !== 'browse';
  const bindings = useMemo<KeyBinding[]>(
    () => [
      B('cp.up', ['up'], 'checkpoint', 'Previous checkpoint', mode === 'browse' || mode === 'compare' || mode === 'rank' || mode === 'findings'),
      B('cp.down', ['down'], 'checkpoint', 'Next checkpoint', mode === 'browse' || mode === 'compare' || mode === 'rank' || mode === 'findings', { helpOnly: true }),
      B('cp.prev', ['left'], 'prompt', 'Previous sample prompt', mode === 'browse' || mode === 'compare'),
      B('cp.next', ['right'], 'prompt', 'Next sample prompt', mode === 'browse' || mode === 'compare', { helpOnly: true }),
      B('cp.mark', ['space'], 'mark', 'Mark or unmark the checkpoint as a candidate', mode === 'browse'),
      B('cp.compare', ['enter'], 'compare', 'Compare two marked checkpoints prompt by prompt', mode === 'browse'),
      B('cp.download', ['d'], 'download', 'Download the marked checkpoints into loras/ (resumable)', mode === 'browse' && !dl.running),
      B('cp.cancel', ['x'], 'stop download', 'Stop the downloads (run d again to resume)', dl.running),
      B('cp.choose', ['b'], 'choose', 'Record this checkpoint as the chosen one, with a note', mode === 'browse'),
      B('cp.score', ['s'], 'score', 'Score this checkpoint on the testing checklist (1–5)', mode === 'browse'),
      B('cp.rank', ['r'], 'ranking', 'Ranked summary of the scored checkpoints', mode === 'browse'),
      B('cp.plan', ['p'], 'test plan', 'Write the ComfyUI test plan for the chosen and marked checkpoints', mode === 'browse'),
      B('cp.findings', ['f'], 'findings', 'Problems found with the files', mode === 'browse'),
      B('cp.refresh', ['u'], 'refresh', 'List the checkpoints again', mode === 'browse', { helpOnly: true }),
      B('sc.up', ['up'], 'criterion', 'Previous criterion', mode === 'score'),
      B('sc.down', ['down', 'tab'], 'criterion', 'Next criterion', mode === 'score', { helpOnly: true }),
      B('sc.set', ['1', '5', '2', '3', '4'], 'score', 'Give the criterion a score from 1 to 5', mode === 'score'),
      B('sc.clear', ['backspace', 'delete'], 'clear', 'Clear the score', mode === 'score'),
      B('note.save', ['enter'], 'save', 'Record the choice with this note', mode === 'note'),
      B('note.erase', ['backspace', 'delete'], 'erase', 'Erase a character', mode === 'note', { helpOnly: true }),
      B('pane.back', ['esc'], 'back', 'Back to the table', inPane),
    ],
    [mode, dl.running, inPane],
  );

  const move = (a: ListAction) => dispatchList(a);
  useScreenKeys(
    bindings,
    {
      'cp.up': () => move({ type: 'up' }),
      'cp.down': () => move({ type: 'down' }),
      'cp.prev': () => setPrompt((p) => stepPrompt(p, -1, promptCount)),
      'cp.next': () => setPrompt((p) => stepPrompt(p, 1, promptCount)),
      'cp.mark': () => {
        if (selected?.step == null) return app.notify('This checkpoint has no known step, so it cannot be marked.', 'warning');
        const step = selected.step;
        void save((p) => toggleMarked(p, step), `${marked.has(step) ? 'unmarked' : 'marked'} step ${step}`);
      },
      'cp.compare': () => {
        if (!pair) return app.notify('Mark two checkpoints with space to compare them side by side.', 'info');
        setMode('compare');
      },
      'cp.download': () => void startDownloads(),
      'cp.cancel': () => queue.cancel(),
      'cp.choose': () => {
        if (selected?.step == null) return;
        setNote(project?.checkpoints.chosen?.step === selected.step ? project.checkpoints.chosen.note : '');
        setMode('note');
      },
      'cp.score': () => {
        if (selected?.step == null) return;
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
        if (selected?.step == null) return;
        const step = selected.step;
        const c = CRITERIA[criterion];
        void save((p) => setScore(p, step, c.id, Number(input)));
        setCriterion((x) => Math.min(CRITERIA.length - 1, x + 1));
      },
      'sc.clear': () => {
        if (selected?.step == null) return;
        const step = selected.step;
        void save((p) => clearScore(p, step, CRITERIA[criterion].id));
      },
      'note.save': () => {
        if (selected?.step == null) return;
        const step = selected.step;
        setMode('browse');
        void save((p) => choose(p, step, note), `${glyph.success} chose step ${step}${note.trim() ? ` — ${note.trim()}` : ''}`);
      },
      'note.erase': () => setNote((n) => n.slice(0, -1)),
      'pane.back': () => setMode('browse'),
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

  if (!project) {
    return (
      <Box width={width} height={height} flexDirection="column">
        <Text color={theme.status.error}>{glyph.error} No valid lorapilot.yaml here.</Text>
        <Text color={theme.text.muted}>Create a project with lorapilot init, or fix the problems shown by lorapilot status.</Text>
      </Box>
    );
  }
  if (session.state.phase !== 'ready') {
    return (
      <Box width={width} height={height} flexDirection="column">
        {session.state.phase === 'connecting' ? (
          <Text color={theme.text.muted}>Listing checkpoints…</Text>
        ) : (
          <>
            <Text color={theme.status.error} wrap="wrap">
              {glyph.error} {session.state.message}
            </Text>
            <Text color={theme.text.muted} wrap="wrap">
              {session.state.fix}
            </Text>
          </>
        )}
      </Box>
    );
  }

  const index = session.state.index;
  const findingCount = index.findings.filter((f) => f.severity !== 'info').length;
  const title = `${index.jobName} on ${session.state.host} · ${rows.length} checkpoint${rows.length === 1 ? '' : 's'} · ${promptCount} prompt${promptCount === 1 ? '' : 's'} · ${marked.size} marked${chosen !== null ? ` · chosen ${chosen}` : ''}${findingCount ? ` · ${glyph.warning} ${findingCount} finding${findingCount === 1 ? '' : 's'} (f)` : ''}${session.state.refreshing ? ' · refreshing…' : ''}`;

  let pane;
  if (rows.length === 0) {
    pane = (
      <Box width={width} height={paneHeight} flexDirection="column">
        <Text color={theme.text.muted} wrap="wrap">
          No checkpoints yet in {index.folder}. ai-toolkit writes one every save.save_every steps; this list refreshes by itself.
        </Text>
      </Box>
    );
  } else if (mode === 'compare' && pairRows) {
    pane = <ComparePane a={{ step: pairRows[0].step!, samples: pairRows[0].samples }} b={{ step: pairRows[1].step!, samples: pairRows[1].samples }} prompt={prompt} promptCount={promptCount} prompts={index.prompts} lookup={lookup} width={width} height={paneHeight} />;
  } else if (mode === 'score' && selected?.step != null) {
    pane = <ScorePane step={selected.step} scores={scores} criterion={criterion} width={width} height={paneHeight} />;
  } else if (mode === 'rank') {
    const steps = [...new Set([...Object.keys(scores).map(Number), ...marked])];
    pane = <RankPane rows={rankCheckpoints(steps, scores)} chosen={chosen} width={width} height={paneHeight} />;
  } else if (mode === 'findings') {
    pane = <FindingsPane findings={index.findings} width={width} height={paneHeight} />;
  } else {
    pane = <SampleStrip samples={selected?.samples ?? []} promptCount={promptCount} prompt={prompt} prompts={index.prompts} lookup={lookup} width={width} height={paneHeight} step={selected?.step ?? null} />;
  }

  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden">
      <Text wrap="truncate" bold>
        {title}
      </Text>
      <CheckpointTable rows={rows} selected={list.index} top={list.top} height={tableRows} width={width} marked={marked} chosen={chosen} local={session.state.host === 'local'} />
      <Box width={width} height={paneHeight} overflow="hidden">
        {pane}
      </Box>
      <Box width={width} height={1} overflow="hidden">
        {mode === 'note' && selected ? (
          <Text wrap="truncate">
            <Text color={theme.text.accent}>Choose step {selected.step} — note: </Text>
            {note}
            <Text inverse> </Text>
          </Text>
        ) : dl.items.length > 0 && (dl.running || dl.items.some((i) => i.status !== 'downloaded' && i.status !== 'already')) ? (
          <DownloadLine state={dl} width={width} />
        ) : (
          <Text wrap="truncate" color={theme.text.muted}>
            {selected ? `${selected.file}${selected.localPath ? ` · ${selected.localPath}` : ''}` : ''}
          </Text>
        )}
      </Box>
    </Box>
  );
}

function DownloadLine({ state, width }: { state: QueueState; width: number }) {
  const cur = state.items[state.current];
  const done = state.items.filter((i) => i.status === 'downloaded' || i.status === 'already').length;
  if (!state.running) {
    const bad = state.items.find((i) => i.status !== 'downloaded' && i.status !== 'already');
    return (
      <Text wrap="truncate" color={theme.status.warning}>
        {glyph.warning} {done}/{state.items.length} downloaded{bad ? ` · ${bad.file}: ${bad.message ?? bad.status}` : ''}
      </Text>
    );
  }
  const label = `${done + 1}/${state.items.length} ${cur?.file ?? ''} · ${formatBytes(state.bytes)}/${formatBytes(state.total)} · ${state.rate > 0 ? `${formatBytes(state.rate)}/s` : '…'} · ETA ${formatDuration(state.eta)}`;
  const barW = Math.max(5, Math.min(30, width - label.length - 8));
  return <ProgressBar ratio={state.total ? state.bytes / state.total : 0} width={barW} label={label} />;
}
