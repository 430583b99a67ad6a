import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SampleSettings } from '../../src/checkpoints/sample-settings.js';
import { ImageView } from '../../src/ui/ImageView.js';
import { NO_SAVE_WARNING, STOP_QUESTION } from '../../src/pod/stop.js';
import { lossLabel } from '../../src/training/format.js';
import type { RunSnapshot } from '../../src/training/run-model.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { chartWindow, epochMarks, zoomSpans, type ChartScale } from '../../src/ui/loss-chart.js';
import { LossChart } from '../../src/ui/LossChart.js';
import { Panel } from '../../src/ui/Panel.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { wrapWords } from '../../src/text/wrap.js';
import { useApp } from '../app-context.js';
import { Header } from './header.js';
import { monitorLayout } from './layout.js';
import { FlagsPane, LogPane, SamplesPane } from './panes.js';
import { IdentityCurve } from './IdentityCurve.js';
import { useMonitorSession, type MonitorParams } from './use-monitor-session.js';

/** Chart rows below which the identity curve gives its row back to the loss chart. */
const MIN_CHART_ROWS_WITH_IDENTITY = 8;

const BINDINGS: KeyBinding[] = [
  { id: 'monitor.follow', keys: ['f'], label: 'follow/pause', description: 'Pause the display (training and reading go on) or follow the run again', group: 'Monitor' },
  { id: 'monitor.zoom', keys: ['z'], label: 'zoom', description: 'Zoom the chart: the whole run, then the last steps at spans that fit the run', group: 'Monitor' },
  { id: 'monitor.scale', keys: ['g'], label: 'log scale', description: 'Draw the loss on a log or a linear scale', group: 'Monitor' },
  { id: 'monitor.prevSample', keys: ['left'], label: 'samples', description: 'Samples of the previous sample step', group: 'Monitor' },
  { id: 'monitor.nextSample', keys: ['right'], label: 'samples', description: 'Samples of the next sample step', group: 'Monitor', helpOnly: true },
  { id: 'monitor.latestSample', keys: ['end'], label: 'latest samples', description: 'Back to the latest samples', group: 'Monitor', helpOnly: true },
  { id: 'monitor.view', keys: ['enter'], label: 'view sample', description: 'Show the samples of the shown step full screen, one at a time, with prompt, seed and step', group: 'Monitor' },
  { id: 'monitor.log', keys: ['l'], label: 'log', description: 'Show the recent log lines instead of the samples, or back', group: 'Monitor' },
  { id: 'monitor.stop', keys: ['s'], label: 'stop', description: `Stop the training (asks first). ${NO_SAVE_WARNING}`, group: 'Monitor' },
  { id: 'monitor.checkpoints', keys: ['c'], label: 'checkpoints', description: 'Open the checkpoints', group: 'Monitor' },
];

const VIEW: KeyBinding[] = [
  { id: 'view.prev', keys: ['left'], label: 'prompt', description: 'The previous prompt of this step', group: 'Sample' },
  { id: 'view.next', keys: ['right'], label: 'prompt', description: 'The next prompt of this step', group: 'Sample', helpOnly: true },
  { id: 'view.back', keys: ['esc', 'enter'], label: 'back', description: 'Back to the monitor', group: 'Sample' },
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
  const [scale, setScale] = useState<ChartScale>('linear');
  const [paused, setPaused] = useState<{ snap: RunSnapshot; version: number } | null>(null);
  const [sampleStep, setSampleStep] = useState<number | null>(null);
  const [showLog, setShowLog] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const [sampleInfo, setSampleInfo] = useState<SampleSettings>({ prompts: [], seeds: [] });
  const [confirmStop, setConfirmStop] = useState(false);
  const [stopping, setStopping] = useState<string | null>(null);

  const live = useMemo(() => model?.snapshot() ?? null, [model, version]);
  const snap = paused?.snap ?? live;
  const chartVersion = paused?.version ?? version;
  const sampleSteps = useMemo(() => [...new Set((snap?.samples ?? []).map((s) => s.step))].sort((a, b) => a - b), [snap]);
  // the run's config.yaml (prompts, seeds) is there once ai-toolkit started: read it again as samples come while it is missing
  useEffect(() => {
    if (!session.readSamples || sampleInfo.prompts.length > 0) return;
    let live = true;
    void session.readSamples().then((s) => live && setSampleInfo(s));
    return () => {
      live = false;
    };
  }, [session.readSamples, sampleSteps.length]);
  const shownStep = sampleStep ?? sampleSteps[sampleSteps.length - 1] ?? null;
  const shownSamples = useMemo(() => (snap?.samples ?? []).filter((x) => x.step === shownStep).sort((a, b) => a.index - b.index), [snap, shownStep]);
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
        : viewing !== null
          ? VIEW
          : BINDINGS.map((b) => (b.id === 'monitor.stop' ? { ...b, enabled: canStop } : b.id === 'monitor.follow' ? { ...b, label: paused ? 'follow' : 'pause' } : b)),
    [confirmStop, canStop, paused, viewing],
  );
  useScreenKeys(
    bindings,
    {
      'monitor.follow': () => setPaused((p) => (p ? null : live ? { snap: live, version } : null)),
      'monitor.zoom': () => setZoom((z) => z + 1),
      'monitor.scale': () => setScale((v) => (v === 'log' ? 'linear' : 'log')),
      'monitor.prevSample': () => moveSample(-1),
      'monitor.nextSample': () => moveSample(1),
      'monitor.latestSample': () => setSampleStep(null),
      'monitor.log': () => setShowLog((v) => !v),
      'monitor.view': () => shownSamples.length > 0 && setViewing(0),
      'view.prev': () => setViewing((v) => Math.max(0, (v ?? 0) - 1)),
      'view.next': () => setViewing((v) => Math.min(Math.max(0, shownSamples.length - 1), (v ?? 0) + 1)),
      'view.back': () => setViewing(null),
      'monitor.stop': () => setConfirmStop(true),
      'monitor.checkpoints': () => app.navigate('checkpoints'),
      'confirm.yes': () => void doStop(),
      'confirm.no': () => setConfirmStop(false),
    },
    { title: confirmStop ? 'Stop training?' : viewing !== null ? 'Sample' : 'Monitor' },
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
            {session.error.hint ? <Text color={theme.text.secondary}>{glyph.arrow} {session.error.hint}</Text> : null}
            <Text color={theme.text.muted}>The training itself is not affected. Fix the connection and open this step again.</Text>
          </>
        ) : (
          <Text color={theme.text.muted}>{`connecting to ${session.where}${glyph.ellipsis}`}</Text>
        )}
      </Panel>
    );
  }

  if (viewing !== null) {
    const s = shownSamples[Math.min(viewing, shownSamples.length - 1)] ?? null;
    const seed = s ? sampleInfo.seeds[s.index] : null;
    return (
      <ImageView
        path={s?.local ?? null}
        message={s ? 'the sample is still being fetched' : 'no sample at this step'}
        title={`${snap.jobName ?? 'training'} ${glyph.separator} samples at step ${shownStep} ${glyph.separator} ${viewing + 1}/${shownSamples.length} (←/→, esc back)`}
        prompt={s ? (sampleInfo.prompts[s.index] ?? null) : null}
        facts={[`step ${shownStep}`, s ? `prompt ${s.index + 1}` : '', seed != null ? `seed ${seed}` : 'seed unknown', s ? s.remote.split('/').pop() ?? '' : ''].filter(Boolean)}
        width={W}
        height={H}
      />
    );
  }

  // The stop question wraps instead of being cut; the panes give up the rows it takes.
  const question = confirmStop ? wrapWords(`${glyph.warning} ${STOP_QUESTION} ${NO_SAVE_WARNING} y stops · n keeps training`, W) : [];
  const { wide, narrow, bodyH, chartW, chartH, sideW, samplesH, flagsW, flagsH } = monitorLayout(W, H - Math.max(0, question.length - 1));
  // The identity curve needs a project (its training images and face settings) and takes a row from the chart only
  // where the chart keeps enough rows to stay readable.
  const identityRows = app.project !== null && chartH - 4 >= MIN_CHART_ROWS_WITH_IDENTITY ? 1 : 0;
  const series = model!.series;
  // spans that fit the run: its planned length when known, else what ran so far
  const spans = zoomSpans(Math.max(snap.total ?? 0, (series.lastStep ?? 0) - (series.firstStep ?? 0) + 1));
  const { from, to, label: zoomLabel } = chartWindow(series.firstStep ?? 0, series.lastStep ?? 0, spans[zoom % spans.length]);
  const checkpoints = snap.checkpoints.filter((c) => c.step !== null && !c.final).map((c) => c.step as number);
  const epochs = epochMarks(from, to, snap.stepsPerEpoch);
  const chartTitle = `Loss · ${zoomLabel}${scale === 'log' ? ' · log' : ''}${paused ? ' · PAUSED (f follows)' : ''}`;

  const sidePane = showLog ? (
    <LogPane lines={snap.lines} width={sideW} height={samplesH} />
  ) : (
    <SamplesPane samples={snap.samples} step={sampleStep} steps={sampleSteps} prompts={sampleInfo.prompts} width={sideW} height={samplesH} />
  );

  return (
    <Box flexDirection="column" width={W} height={H}>
      <Header snap={snap} session={session} width={W} rehearsal={app.project?.job?.rehearsal === true && session.source === 'job'} model={snap.model ?? app.project?.preset ?? app.project?.config.preset ?? null} />
      {confirmStop ? (
        <Box width={W} height={question.length} flexDirection="column">
          {question.map((l, i) => (
            <Text key={i} color={theme.status.warning} wrap="truncate">
              {l}
            </Text>
          ))}
        </Box>
      ) : stopping ? (
        <Box width={W} height={1}>
          <Text color={theme.status.warning}>{stopping}</Text>
        </Box>
      ) : (
        <Box width={W} height={1}>
          <ProgressBar ratio={snap.total ? snap.count / snap.total : 0} width={Math.max(10, Math.min(40, W - 50))} label={lossLabel(snap.loss, series.last?.ema ?? null, snap.lr)} />
        </Box>
      )}
      <Box flexDirection={wide ? 'row' : 'column'} width={W} height={bodyH}>
        <Panel title={chartTitle} width={chartW} height={chartH} overflow="hidden">
          <LossChart width={chartW - 4} height={chartH - 3 - identityRows} from={from} to={to} columns={(n) => series.downsample(from, to, n)} checkpoints={checkpoints} epochs={epochs} scale={scale} version={chartVersion} />
          {identityRows > 0 ? <IdentityCurve project={app.project} dir={app.dir} samples={snap.samples} width={chartW - 4} /> : null}
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
