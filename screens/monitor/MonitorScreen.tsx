import { Box, Text } from 'ink';
import { useCallback, useMemo, useState } from 'react';
import { NO_SAVE_WARNING, STOP_QUESTION } from '../../src/pod/stop.js';
import { formatClock, formatLoss, formatRate, phaseLabel } from '../../src/training/format.js';
import type { RunSnapshot } from '../../src/training/run-model.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { LossChart } from '../../src/ui/LossChart.js';
import { Panel } from '../../src/ui/Panel.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { useApp } from '../app-context.js';
import { FlagsPane, LogPane, SamplesPane } from './panes.js';
import { useMonitorSession, type MonitorParams } from './use-monitor-session.js';

/** Zoom levels: the whole run, then the last N steps. */
const ZOOMS = [Infinity, 5000, 1000, 200];

const BINDINGS: KeyBinding[] = [
  { id: 'monitor.follow', keys: ['f'], label: 'follow/pause', description: 'Pause the display (training and reading go on) or follow the run again', group: 'Monitor' },
  { id: 'monitor.zoom', keys: ['z'], label: 'zoom', description: 'Zoom the chart: whole run, last 5,000, 1,000 or 200 steps', group: 'Monitor' },
  { id: 'monitor.prevSample', keys: ['left'], label: 'samples', description: 'Samples of the previous sample step', group: 'Monitor' },
  { id: 'monitor.nextSample', keys: ['right'], label: 'samples', description: 'Samples of the next sample step', group: 'Monitor', helpOnly: true },
  { id: 'monitor.latestSample', keys: ['end'], label: 'latest samples', description: 'Back to the latest samples', group: 'Monitor', helpOnly: true },
  { id: 'monitor.log', keys: ['l'], label: 'log', description: 'Show the recent log lines instead of the samples, or back', group: 'Monitor' },
  { id: 'monitor.stop', keys: ['s'], label: 'stop', description: `Stop the training (asks first). ${NO_SAVE_WARNING}`, group: 'Monitor' },
  { id: 'monitor.checkpoints', keys: ['c'], label: 'checkpoints', description: 'Open the checkpoints', group: 'Monitor' },
];

const CONFIRM: KeyBinding[] = [
  { id: 'confirm.yes', keys: ['y'], label: 'stop it', description: 'Stop the training now', group: 'Stop training?' },
  { id: 'confirm.no', keys: ['n', 'esc'], label: 'keep training', description: 'Keep training', group: 'Stop training?' },
];

export function MonitorScreen() {
  const app = useApp();
  const params = app.params as MonitorParams;
  // The header's step marks follow the run's verdict as soon as it is recorded.
  const session = useMonitorSession(app.dir, app.project, params, app.reloadProject);
  const model = session.model;
  const subscribe = useMemo(
    () =>
      model
        ? (push: (v: number) => void) => {
            const off = model.subscribe(() => push(model.version));
            push(model.version); // what arrived before the screen subscribed
            return off;
          }
        : null,
    [model],
  );
  const version = useThrottledSubscription(subscribe, 0, 100);
  const [zoom, setZoom] = useState(0);
  const [paused, setPaused] = useState<{ snap: RunSnapshot; version: number } | null>(null);
  const [sampleStep, setSampleStep] = useState<number | null>(null);
  const [showLog, setShowLog] = useState(false);
  const [confirmStop, setConfirmStop] = useState(false);
  const [stopping, setStopping] = useState<string | null>(null);

  const live = useMemo(() => model?.snapshot() ?? null, [model, version]);
  const snap = paused?.snap ?? live;
  const chartVersion = paused?.version ?? version;
  const sampleSteps = useMemo(() => [...new Set((snap?.samples ?? []).map((s) => s.step))].sort((a, b) => a - b), [snap]);
  const canStop = session.stop !== null && snap !== null && (snap.status === 'running' || snap.status === 'starting');

  const moveSample = useCallback(
    (d: number) => {
      if (sampleSteps.length === 0) return;
      const cur = sampleStep === null ? sampleSteps.length - 1 : Math.max(0, sampleSteps.indexOf(sampleStep));
      const next = Math.max(0, Math.min(sampleSteps.length - 1, cur + d));
      setSampleStep(next === sampleSteps.length - 1 ? null : sampleSteps[next]);
    },
    [sampleSteps, sampleStep],
  );

  const doStop = useCallback(async () => {
    setConfirmStop(false);
    if (!session.stop) return;
    setStopping('stopping the training (SIGINT)…');
    try {
      const r = await session.stop();
      app.notify(r.message, r.outcome === 'still-running' ? 'warning' : 'info');
    } catch (e) {
      app.notify(`could not stop: ${(e as Error).message}`, 'error');
    } finally {
      setStopping(null);
    }
  }, [session, app]);

  const bindings = useMemo(
    () =>
      confirmStop
        ? CONFIRM
        : BINDINGS.map((b) => (b.id === 'monitor.stop' ? { ...b, enabled: canStop } : b.id === 'monitor.follow' ? { ...b, label: paused ? 'follow' : 'pause' } : b)),
    [confirmStop, canStop, paused],
  );
  useScreenKeys(
    bindings,
    {
      'monitor.follow': () => setPaused((p) => (p ? null : live ? { snap: live, version } : null)),
      'monitor.zoom': () => setZoom((z) => (z + 1) % ZOOMS.length),
      'monitor.prevSample': () => moveSample(-1),
      'monitor.nextSample': () => moveSample(1),
      'monitor.latestSample': () => setSampleStep(null),
      'monitor.log': () => setShowLog((v) => !v),
      'monitor.stop': () => setConfirmStop(true),
      'monitor.checkpoints': () => app.navigate('checkpoints'),
      'confirm.yes': () => void doStop(),
      'confirm.no': () => setConfirmStop(false),
    },
    { title: confirmStop ? 'Stop training?' : 'Monitor' },
  );

  const W = app.width;
  const H = app.height;
  if (session.source === 'none' && !session.error) {
    return (
      <Panel title="Monitor" width={W} height={H}>
        <Text>No training run yet.</Text>
        <Text color={theme.text.secondary}>Launch one from the Pod step (lorapilot train),</Text>
        <Text color={theme.text.secondary}>or replay a log: lorapilot monitor --replay FILE</Text>
      </Panel>
    );
  }
  if (session.error || !snap) {
    return (
      <Panel title="Monitor" width={W} height={H}>
        {session.error ? (
          <>
            <Text color={theme.status.error}>
              {glyph.error} {session.error.message}
            </Text>
            {session.error.hint ? <Text color={theme.text.secondary}>→ {session.error.hint}</Text> : null}
            <Text color={theme.text.muted}>The training itself is not affected. Fix the connection and open this step again.</Text>
          </>
        ) : (
          <Text color={theme.text.muted}>connecting to {session.where}…</Text>
        )}
      </Panel>
    );
  }

  const narrow = isNarrow(W);
  const headerH = 3;
  const bodyH = Math.max(6, H - headerH);
  const wide = W >= 110;
  let chartW: number, chartH: number, sideW: number, samplesH: number, flagsH: number, flagsW: number;
  if (wide) {
    chartW = Math.floor(W * 0.6);
    chartH = bodyH;
    sideW = W - chartW;
    samplesH = Math.max(5, Math.ceil(bodyH * 0.55));
    flagsH = bodyH - samplesH;
    flagsW = sideW;
  } else {
    chartW = W;
    chartH = Math.max(6, Math.floor(bodyH * (narrow ? 0.6 : 0.55)));
    const bottom = bodyH - chartH;
    if (narrow) {
      sideW = W;
      flagsW = W;
      samplesH = bottom >= 12 ? Math.floor(bottom / 2) : 0;
      flagsH = bottom - samplesH;
    } else {
      sideW = Math.floor(W / 2);
      flagsW = W - sideW;
      samplesH = bottom;
      flagsH = bottom;
    }
  }

  const series = model!.series;
  const last = series.lastStep ?? 0;
  const first = series.firstStep ?? 0;
  const span = ZOOMS[zoom];
  const to = last;
  const from = Number.isFinite(span) ? Math.max(first, to - span + 1) : first;
  const checkpoints = snap.checkpoints.filter((c) => c.step !== null && !c.final).map((c) => c.step as number);
  const epochs: number[] = [];
  if (snap.stepsPerEpoch) for (let e = Math.ceil(from / snap.stepsPerEpoch) * snap.stepsPerEpoch; e <= to && epochs.length < 200; e += snap.stepsPerEpoch) if (e > 0) epochs.push(e);
  const zoomLabel = Number.isFinite(span) ? `last ${span.toLocaleString('en-US')} steps` : 'whole run';
  const chartTitle = `Loss · ${zoomLabel}${paused ? ' · PAUSED (f follows)' : ''}`;

  const sidePane = showLog ? (
    <LogPane lines={snap.lines} width={sideW} height={samplesH} />
  ) : (
    <SamplesPane samples={snap.samples} step={sampleStep} steps={sampleSteps} width={sideW} height={samplesH} />
  );

  return (
    <Box flexDirection="column" width={W} height={H}>
      <Header snap={snap} session={session} width={W} rehearsal={app.project?.job?.rehearsal === true && session.source === 'job'} model={snap.model ?? app.project?.preset ?? app.project?.config.preset ?? null} smoothed={series.last?.ema ?? null} />
      {confirmStop ? (
        <Box width={W} height={1}>
          <Text color={theme.status.warning} wrap="truncate">
            {glyph.warning} {STOP_QUESTION} {NO_SAVE_WARNING} y stops · n keeps training
          </Text>
        </Box>
      ) : stopping ? (
        <Box width={W} height={1}>
          <Text color={theme.status.warning}>{stopping}</Text>
        </Box>
      ) : (
        <Box width={W} height={1}>
          <ProgressBar ratio={snap.total ? snap.count / snap.total : 0} width={Math.max(10, Math.min(40, W - 50))} label={`loss ${formatLoss(snap.loss)} · smoothed ${formatLoss(series.last?.ema ?? null)}${snap.lr !== null ? ` · lr ${snap.lr.toExponential(1)}` : ''}`} />
        </Box>
      )}
      <Box flexDirection={wide ? 'row' : 'column'} width={W} height={bodyH}>
        <Panel title={chartTitle} width={chartW} height={chartH} overflow="hidden">
          <LossChart width={chartW - 4} height={chartH - 3} from={from} to={Math.max(from, to)} columns={(n) => series.downsample(from, Math.max(from, to), n)} checkpoints={checkpoints} epochs={epochs} version={chartVersion} />
        </Panel>
        {wide ? (
          <Box flexDirection="column" width={sideW} height={bodyH}>
            {sidePane}
            <FlagsPane flags={snap.flags} snap={snap} width={flagsW} height={flagsH} />
          </Box>
        ) : (
          <Box flexDirection={narrow ? 'column' : 'row'} width={W} height={bodyH - chartH}>
            {samplesH > 0 ? sidePane : null}
            <FlagsPane flags={snap.flags} snap={snap} width={flagsW} height={flagsH} />
          </Box>
        )}
      </Box>
    </Box>
  );
}

function Header({ snap, session, width, rehearsal, model, smoothed }: { snap: RunSnapshot; session: { where: string; source: string }; width: number; rehearsal: boolean; model: string | null; smoothed: number | null }) {
  void smoothed;
  const status = statusText(snap);
  const conn = connectionText(snap);
  const pct = snap.total ? ` (${Math.floor((snap.count / snap.total) * 100)}%)` : '';
  const epoch = snap.stepsPerEpoch ? `epoch ${(snap.count / snap.stepsPerEpoch).toFixed(1)}${snap.total ? `/${Math.round(snap.total / snap.stepsPerEpoch)}` : ''}` : null;
  const vram = snap.gpu ? `VRAM ${(snap.gpu.usedMiB / 1024).toFixed(1)}/${(snap.gpu.totalMiB / 1024).toFixed(1)} GB` : 'VRAM —';
  const line2 = [`step ${snap.count}/${snap.total ?? '?'}${pct}`, epoch, formatRate(snap.rate), `elapsed ${formatClock(snap.elapsed)}`, `ETA ${formatClock(snap.eta)}`, vram].filter(Boolean).join(' · ');
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Box width={width}>
        <Text wrap="truncate">
          <Text bold>{snap.jobName ?? 'training'}</Text>
          {model ? <Text color={theme.text.secondary}> · {model}</Text> : null}
          {rehearsal ? (
            <Text color={theme.status.warning} bold>
              {' '}
              REHEARSAL
            </Text>
          ) : null}
          <Text> · </Text>
          <Text color={status.color}>{status.text}</Text>
          <Text color={theme.text.secondary}> · </Text>
          <Text color={conn.color}>{conn.text}</Text>
          {session.source === 'replay' ? <Text color={theme.text.muted}> · replay {session.where}</Text> : null}
        </Text>
      </Box>
      <Box width={width}>
        <Text wrap="truncate" color={theme.text.secondary}>
          {line2}
        </Text>
      </Box>
    </Box>
  );
}

function statusText(s: RunSnapshot): { text: string; color?: string } {
  switch (s.status) {
    case 'finished':
      return { text: `${glyph.success} finished`, color: theme.status.success };
    case 'failed':
      return { text: `${glyph.error} failed (exit ${s.exitCode})`, color: theme.status.error };
    case 'stopped':
      return { text: '■ stopped', color: theme.status.warning };
    case 'died':
      return { text: `${glyph.error} trainer gone`, color: theme.status.error };
    case 'ended':
      return { text: '■ log ended', color: theme.text.secondary };
    case 'starting':
      return { text: 'starting…', color: theme.text.secondary };
    default:
      return { text: `${glyph.info} ${s.phase ? phaseLabel(s.phase) : 'running'}`, color: theme.status.info };
  }
}

function connectionText(s: RunSnapshot): { text: string; color?: string } {
  const c = s.connection;
  switch (c.state) {
    case 'local':
      return { text: 'local', color: theme.text.secondary };
    case 'connected':
      return { text: '● connected', color: theme.status.success };
    case 'connecting':
      return { text: '○ connecting…', color: theme.status.warning };
    case 'reconnecting':
      return { text: `○ reconnecting in ${Math.round(c.inMs / 1000)} s (try ${c.attempt})`, color: theme.status.warning };
    case 'lost':
      return { text: '✖ connection lost, retrying', color: theme.status.error };
    case 'closed':
      return { text: 'disconnected', color: theme.text.secondary };
  }
}
