import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { Panel } from '../../src/ui/Panel.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { doctorLines as checkLines, doctorSummaryText } from '../../src/pod/doctor-report.js';
import { PodController, type PodSnapshot } from '../../src/pod/pod-controller.js';
import { NO_SAVE_WARNING, STOP_QUESTION } from '../../src/pod/stop.js';
import { syncProgressLabel, syncProgressText, syncRatio, uploadExtraText, uploadSentText } from '../../src/pod/upload-report.js';
import { wrapWords } from '../../src/text/wrap.js';
import { useApp } from '../app-context.js';
import { runpodBindings, runpodHandlers } from './runpod-keys.js';
import { runpodLines } from './runpod-lines.js';
import { useRunpod } from './use-runpod.js';

type Mode = 'idle' | 'host' | 'confirm-launch' | 'confirm-force' | 'confirm-stop';

const BINDINGS = (s: PodSnapshot | null, mode: Mode): KeyBinding[] => {
  const busy = !!s?.busy;
  const running = s?.job?.state?.state === 'running';
  if (s?.hostKeyPrompt) {
    return [
      { id: 'hostkey.yes', keys: ['y'], label: 'trust key' },
      { id: 'hostkey.no', keys: ['n', 'esc'], label: 'refuse' },
    ];
  }
  if (mode === 'host') {
    return [
      { id: 'host.ok', keys: ['enter'], label: 'connect' },
      { id: 'host.cancel', keys: ['esc'], label: 'cancel' },
    ];
  }
  if (mode === 'confirm-launch' || mode === 'confirm-force' || mode === 'confirm-stop') {
    return [
      { id: 'confirm.yes', keys: ['y', 'enter'], label: mode === 'confirm-stop' ? 'stop it' : mode === 'confirm-force' ? 'launch anyway' : 'launch' },
      { id: 'confirm.pod', keys: ['p'], label: 'launch, stop pod when done', enabled: mode === 'confirm-launch' && !s?.local },
      { id: 'confirm.no', keys: ['n', 'esc'], label: 'cancel' },
    ];
  }
  return [
    { id: 'pod.connect', keys: ['c'], label: s?.connection.state === 'connected' ? 'recheck' : 'connect', enabled: !busy },
    { id: 'pod.host', keys: ['h'], label: 'host', enabled: !busy && !s?.local, description: 'Enter the pod host: user@ip:port or a ~/.ssh/config alias' },
    { id: 'pod.upload', keys: ['u'], label: 'upload', enabled: !busy, description: 'Upload the dataset and config (only what changed)' },
    { id: 'pod.launch', keys: ['t'], label: 'train', enabled: !busy && !running, description: 'Check, upload and launch training (asks first)' },
    { id: 'pod.force', keys: ['F'], label: 'launch anyway', enabled: !busy && !running && Boolean(s?.error?.preflight), description: 'Launch despite the dataset/config errors the pre-flight found (asks first)' },
    { id: 'pod.stop', keys: ['s'], label: 'stop run', enabled: !busy && running, description: `Stop training with SIGINT (asks first). ${NO_SAVE_WARNING}` },
    { id: 'pod.refresh', keys: ['r'], label: 'refresh', enabled: !busy && !!s?.job },
    { id: 'pod.monitor', keys: ['m'], label: 'monitor', enabled: !!s?.job, description: 'Open the Monitor step (loss chart, samples)' },
  ];
};

const TONE = { ok: theme.status.success, warn: theme.status.warning, fail: theme.status.error } as const;

interface Line {
  text: string;
  color?: string;
  bold?: boolean;
  bar?: { ratio: number; label: string };
  /** Word-wrapped to the pane's width instead of cut; the first `indent` columns (a label) stay, and the lines after start there. */
  wrap?: { indent: number };
}

/** Pure: the snapshot as lines of the left pane (target, job, upload, messages). */
export function statusLines(s: PodSnapshot, mode: Mode, hostDraft: string): Line[] {
  const out: Line[] = [];
  const where = s.local ? `this machine${s.rehearsal ? ' (rehearsal: the stand-in trainer, no GPU needed)' : ''}` : (s.host ?? 'no host yet');
  out.push({ text: `Target   ${where}`, bold: true });
  const connColor = s.connection.state === 'connected' ? theme.status.success : s.connection.state === 'reconnecting' || s.connection.state === 'lost' ? theme.status.warning : theme.text.muted;
  out.push({ text: `         ${s.connectionText}${s.busy && s.busy !== 'connecting' ? ` · ${s.busy === 'train' && s.trainPhase ? s.trainPhase : s.busy}…` : ''}`, color: connColor });
  if (mode === 'host') {
    out.push({ text: '' });
    out.push({ text: `Host: ${hostDraft}▌`, color: theme.text.accent });
    out.push({ text: `user@public-ip:port (RunPod: Connect ${glyph.arrow} SSH over exposed TCP) or a ~/.ssh/config alias`, color: theme.text.muted });
  }
  if (s.hostKeyPrompt) {
    const p = s.hostKeyPrompt;
    out.push({ text: '' });
    out.push({ text: `Unknown host key for ${p.host}:${p.port}`, color: theme.status.warning, bold: true });
    out.push({ text: `${p.keyType} ${p.fingerprint}` });
    out.push({ text: 'Trust it and add it to known_hosts? (y/n)', color: theme.text.accent, wrap: { indent: 0 } });
  }
  out.push({ text: '' });
  if (s.job) {
    const st = s.job.state;
    const stateText =
      st === null ? 'state unknown (connect to check)' : st.state === 'running' ? `running (pid ${st.pid})` : st.state === 'exited' ? `ended, exit code ${st.exitCode}${st.exitCode === 0 ? '' : ' (failed)'}` : st.state === 'vanished' ? 'gone without an exit code (killed or pod restarted)' : 'not started';
    const color = st?.state === 'running' ? theme.status.success : st?.state === 'exited' && st.exitCode === 0 ? theme.text.primary : st ? theme.status.warning : theme.text.muted;
    out.push({ text: `${s.rehearsal ? 'Rehearsal run' : 'Run'}  ${s.job.name} · ${s.job.runId}`, bold: true });
    out.push({ text: `         ${stateText}`, color });
    out.push({ text: `         log ${s.job.log}`, color: theme.text.muted });
  } else {
    out.push({ text: 'Run      none yet: t checks the pod, uploads and launches', color: theme.text.muted });
  }
  const u = s.upload;
  if (u && (s.busy === 'upload' || s.busy === 'train')) {
    out.push({ text: '' });
    if (u.phase === 'uploading') out.push({ text: 'Upload', bold: true, bar: { ratio: syncRatio(u), label: syncProgressLabel(u) } });
    else out.push({ text: `Upload   ${syncProgressText(u)}`, color: theme.text.muted });
  } else if (s.uploadResult) {
    const r = s.uploadResult;
    out.push({ text: '' });
    out.push({ text: `Upload   ${uploadSentText(r)}`, wrap: { indent: 9 } });
    if (r.extra.length > 0) out.push({ text: `         ${uploadExtraText(r.extra.length)}`, color: theme.text.muted, wrap: { indent: 9 } });
  }
  if (mode === 'confirm-launch') {
    out.push({ text: '' });
    out.push({ text: `Launch ${s.rehearsal ? 'a rehearsal run' : 'training'} on ${s.local ? 'this machine' : s.host}? It keeps running if SSH drops. (y/n, p: stop the pod when done)`, color: theme.text.accent, bold: true, wrap: { indent: 0 } });
  }
  if (mode === 'confirm-force') {
    out.push({ text: '' });
    out.push({ text: 'Launch anyway, with the errors above? ai-toolkit may fail mid-run or train the wrong thing. (y/n)', color: theme.status.warning, bold: true, wrap: { indent: 0 } });
  }
  if (mode === 'confirm-stop') {
    out.push({ text: '' });
    out.push({ text: `${STOP_QUESTION} (y/n)`, color: theme.status.warning, bold: true, wrap: { indent: 0 } });
    out.push({ text: NO_SAVE_WARNING, color: theme.status.warning, wrap: { indent: 0 } });
  }
  if (s.error) {
    out.push({ text: '' });
    out.push({ text: `${glyph.error} ${s.error.message}`, color: theme.status.error, wrap: { indent: glyph.error.length + 1 } });
    if (s.error.hint) out.push({ text: `  ${glyph.arrow} ${s.error.hint}`, wrap: { indent: glyph.arrow.length + 3 } });
  } else if (s.notice) {
    out.push({ text: '' });
    out.push({ text: `${glyph.success} ${s.notice}`, color: theme.status.success, wrap: { indent: glyph.success.length + 1 } });
  }
  return out;
}

export function doctorLines(s: PodSnapshot): Line[] {
  if (!s.doctor) return [{ text: s.busy === 'doctor' ? 'checking the pod…' : 'not checked yet (c connects and checks)', color: theme.text.muted }];
  const out: Line[] = [];
  for (const l of checkLines(s.doctor)) {
    out.push({ text: l.text, color: TONE[l.status] });
    if (l.fix) out.push({ text: `   ${l.fix}`, color: theme.text.muted });
  }
  out.push({ text: doctorSummaryText(s.doctor.summary), bold: true });
  return out;
}

/** Wrapped lines become several, so the row count below is the one drawn. */
function fitted(lines: Line[], width: number): Line[] {
  return lines.flatMap((l) => {
    if (!l.wrap) return [l];
    const { indent } = l.wrap;
    const pad = ' '.repeat(indent);
    return wrapWords(l.text.slice(indent), Math.max(10, width - indent)).map((text, i) => ({ ...l, text: (i === 0 ? l.text.slice(0, indent) : pad) + text }));
  });
}

/** `tail`: when the lines do not fit, the last ones show (a question asked at the end is never the part cut). */
function Lines({ lines: given, width, rows, tail = false }: { lines: Line[]; width: number; rows: number; tail?: boolean }) {
  const lines = fitted(given, width);
  const more: Line = { text: `… ${lines.length - rows + 1} more`, color: theme.text.muted };
  const shown: Line[] = lines.length <= rows ? lines : tail ? [{ ...more, text: `${more.text} above` }, ...lines.slice(lines.length - Math.max(0, rows - 1))] : [...lines.slice(0, Math.max(0, rows - 1)), more];
  return (
    <Box flexDirection="column" width={width} height={rows} overflow="hidden">
      {shown.map((l, i) =>
        l.bar ? (
          <Box key={i} width={width}>
            <Text bold>{l.text.padEnd(9)}</Text>
            <ProgressBar ratio={l.bar.ratio} width={Math.max(5, Math.min(30, width - 40))} label={l.bar.label} />
          </Box>
        ) : (
          <Text key={i} wrap="truncate" color={l.color} bold={l.bold}>
            {l.text === '' ? ' ' : l.text}
          </Text>
        ),
      )}
    </Box>
  );
}

export function PodScreen() {
  const app = useApp();
  const project = app.project;
  const controller = useMemo(() => (project ? new PodController(app.dir, project) : null), [app.dir, project === null]);
  useEffect(() => () => void controller?.dispose(), [controller]);
  const subscribe = useMemo(() => (controller ? (push: (s: PodSnapshot) => void) => controller.subscribe(push) : null), [controller]);
  const snap = useThrottledSubscription<PodSnapshot | null>(subscribe, controller?.snapshot ?? null);
  const [mode, setMode] = useState<Mode>('idle');
  const [hostDraft, setHostDraft] = useState('');
  const rp = useRunpod(app.dir, project);
  const rpKeys = runpodBindings(rp.snap, mode === 'idle' && !snap?.hostKeyPrompt);

  // Connect on entry when there is somewhere to connect to: the doctor's answers are the first thing to see.
  useEffect(() => {
    if (!controller) return;
    const s = controller.snapshot;
    if (s.local || s.host) void controller.connect().then(() => app.reloadProject());
  }, [controller]);

  // A pod created here is the screen's pod now: connect to it (the doctor's answers show on the right).
  useEffect(() => {
    const host = rp.snap?.createdHost;
    if (host && controller) {
      controller.setHost(host);
      void controller.connect().then(() => app.reloadProject());
    }
  }, [rp.snap?.createdHost]);

  useEffect(() => {
    const n = snap?.notice;
    if (n) app.notify(n, 'success');
  }, [snap?.notice]);

  const after = (p: Promise<unknown> | undefined) => void p?.then(() => app.reloadProject());
  const launch = (stopPod: boolean, force = false) => {
    setMode('idle');
    after(controller?.train(stopPod, force));
  };
  useScreenKeys(
    rpKeys.only ? rpKeys.bindings : [...BINDINGS(snap, mode), ...rpKeys.bindings],
    {
      ...runpodHandlers(rp.controller, after),
      'hostkey.yes': () => controller?.answerHostKey(true),
      'hostkey.no': () => controller?.answerHostKey(false),
      'host.ok': () => {
        setMode('idle');
        controller?.setHost(hostDraft);
        if (hostDraft.trim()) after(controller?.connect());
      },
      'host.cancel': () => setMode('idle'),
      'confirm.yes': () => {
        if (mode === 'confirm-launch') launch(false);
        else if (mode === 'confirm-force') launch(false, true);
        else {
          setMode('idle');
          after(controller?.stop());
        }
      },
      'confirm.pod': () => launch(true),
      'confirm.no': () => setMode('idle'),
      'pod.connect': () => {
        if (!snap?.local && !snap?.host) {
          setHostDraft('');
          setMode('host');
        } else after(controller?.connect());
      },
      'pod.host': () => {
        setHostDraft(snap?.host ?? '');
        setMode('host');
      },
      'pod.upload': () => after(controller?.upload()),
      'pod.launch': () => setMode('confirm-launch'),
      'pod.force': () => setMode('confirm-force'),
      'pod.stop': () => setMode('confirm-stop'),
      'pod.refresh': () => after(controller?.refresh()),
      'pod.monitor': () => app.navigate('monitor'),
    },
    {
      title: 'Pod',
      textEntry: mode === 'host',
      onOther: (input, key) => {
        if (mode !== 'host') return;
        if (key.backspace || key.delete) setHostDraft((d) => d.slice(0, -1));
        else if (input && !key.ctrl && !key.meta && !/[\r\n]/.test(input)) setHostDraft((d) => (d + input).replace(/\s/g, ''));
      },
    },
  );

  if (!project || !snap) {
    return (
      <Panel title="Pod" width={app.width} height={app.height}>
        <Text color={theme.text.muted}>No project here: create one with lorapilot init, or try lorapilot demo.</Text>
      </Panel>
    );
  }

  const inner = Math.max(10, app.width - 4);
  const rows = Math.max(1, app.height - 3);
  const title = `Pod${snap.rehearsal ? ' — rehearsal' : ''}`;
  const left = [...statusLines(snap, mode, hostDraft), ...runpodLines(rp.snap)];
  const right = doctorLines(snap);
  // A question (launch, stop, host key) is read whole: the status pane keeps its end and takes the rows it needs.
  const asking = mode !== 'idle' || Boolean(snap.hostKeyPrompt);
  if (isNarrow(app.width)) {
    const leftRows = fitted(left, inner).length;
    const topRows = asking ? Math.min(leftRows, Math.max(1, rows - 2)) : Math.min(leftRows, Math.max(1, rows - Math.min(right.length + 1, Math.floor(rows / 2))));
    return (
      <Panel title={title} width={app.width} height={app.height}>
        <Lines lines={left} width={inner} rows={topRows} tail={asking} />
        <Lines lines={[{ text: 'Doctor', bold: true }, ...right]} width={inner} rows={Math.max(0, rows - topRows)} />
      </Panel>
    );
  }
  const leftW = Math.floor(inner * 0.52);
  const rightW = inner - leftW - 2;
  return (
    <Panel title={title} width={app.width} height={app.height}>
      <Box flexDirection="row" height={rows}>
        <Lines lines={left} width={leftW} rows={rows} tail={asking} />
        <Box width={2} />
        <Lines lines={[{ text: 'Doctor', bold: true }, ...right]} width={rightW} rows={rows} />
      </Box>
    </Panel>
  );
}
