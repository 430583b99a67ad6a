import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { stepMathLines } from '../../src/config/builder.js';
import { FIELD_LABELS, FIELDS, formatChoice, stepChoice, toggleLengthMode, TYPED_FIELDS, typeChoice, withChanges, type Choices } from '../../src/config/choices.js';
import { lintConfigText } from '../../src/config/lint.js';
import {
  buildForProject, choicesFor, configFilePath, datasetImages, lintTargetFor, loadConfigContext, recordTuning, saveConfig, writtenConfigStatus, type ConfigContext,
} from '../../src/config/service.js';
import { adviseTuning, describeChange, SYMPTOM_LABELS, SYMPTOMS } from '../../src/config/tuning.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { useApp } from '../app-context.js';

type Tab = 'yaml' | 'lint' | 'math' | 'tune';
type Focus = 'choices' | 'pane';

const BINDINGS_BASE: KeyBinding[] = [
  { id: 'config.save', keys: ['s'], label: 'save', description: 'Write the config file and record the choices in lorapilot.yaml', group: 'Config' },
  { id: 'config.less', keys: ['left', 'h'], label: 'change', description: 'Lower the value of the selected field', group: 'Config' },
  { id: 'config.more', keys: ['right', 'l'], label: 'change', description: 'Raise the value of the selected field', group: 'Config', helpOnly: true },
  { id: 'config.up', keys: ['up', 'k'], label: 'move', description: 'Previous field (or scroll / previous symptom in the right pane)', group: 'Config' },
  { id: 'config.down', keys: ['down', 'j'], label: 'move', description: 'Next field (or scroll / next symptom in the right pane)', group: 'Config', helpOnly: true },
  { id: 'config.tune', keys: ['t'], label: 'tune', description: 'Tuning advice: pick what the samples show', group: 'Views' },
  { id: 'config.apply', keys: ['enter'], label: 'apply advice', description: 'Apply the config part of the selected advice (Tune view)', group: 'Config' },
  { id: 'config.lint', keys: ['f'], label: 'findings', description: 'Show lint findings of the YAML', group: 'Views' },
  { id: 'config.yaml', keys: ['y'], label: 'yaml', description: 'Show the YAML that will be written', group: 'Views' },
  { id: 'config.math', keys: ['m'], label: 'math', description: 'Show the step math and both readings of "epoch"', group: 'Views' },
  { id: 'config.lengthMode', keys: ['e'], label: 'epochs/steps', description: 'Switch the run length between epochs and steps', group: 'Config' },
  { id: 'config.focus', keys: ['tab'], label: 'pane', description: 'Move focus between the choices and the right pane', group: 'Config' },
  { id: 'config.edit', keys: ['enter'], label: 'type value', description: 'Type a value for the selected field (e.g. 3400 steps, 8 epochs, 1e-4, 512,1024)', group: 'Config' },
  { id: 'config.pageUp', keys: ['pageup'], label: 'scroll', description: 'Scroll the right pane up', group: 'Views', helpOnly: true },
  { id: 'config.pageDown', keys: ['pagedown'], label: 'scroll', description: 'Scroll the right pane down', group: 'Views', helpOnly: true },
];

const EDIT_BINDINGS: KeyBinding[] = [
  { id: 'edit.commit', keys: ['enter'], label: 'set', description: 'Set the typed value', group: 'Typing a value' },
  { id: 'edit.cancel', keys: ['esc'], label: 'cancel', description: 'Keep the old value', group: 'Typing a value' },
  { id: 'edit.erase', keys: ['backspace', 'delete'], label: 'erase', description: 'Erase the last character', group: 'Typing a value' },
];

export function ConfigScreen() {
  const app = useApp();
  const [ctx, setCtx] = useState<ConfigContext | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const [field, setField] = useState(0);
  const [focus, setFocus] = useState<Focus>('choices');
  const narrow = isNarrow(app.width);
  const [tab, setTab] = useState<Tab>(narrow ? 'math' : 'yaml');
  const [scroll, setScroll] = useState(0);
  const [symptom, setSymptom] = useState(0);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  /** Text being typed for the selected field, or null when not typing. */
  const [editing, setEditingState] = useState<string | null>(null);
  // Mirrors `editing` synchronously, so keys typed right after enter are not lost before the next render.
  const editingRef = useRef<string | null>(null);
  const setEditing = useCallback((next: string | null | ((t: string | null) => string | null)) => {
    const value = typeof next === 'function' ? next(editingRef.current) : next;
    editingRef.current = value;
    setEditingState(value);
  }, []);

  // Load the project and scan the dataset once (layout pass only: fast, no decoding).
  useEffect(() => {
    let live = true;
    loadConfigContext(app.dir)
      .then(async (c) => {
        if (!live) return;
        setCtx(c);
        setChoices(choicesFor(c.project));
        // A written file that no longer matches (new images, renamed folders) needs a rewrite before launch.
        const status = await writtenConfigStatus(c).catch(() => null);
        if (live && status?.exists && !status.upToDate) {
          setDirty(true);
          app.notify(`${status.file.replace(app.dir + '/', '')} is out of date with the dataset or choices: press s to rewrite it`, 'warning');
        }
      })
      .catch((e: Error) => live && setLoadError(e.message));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [app.dir]);

  const result = useMemo(() => (ctx && choices ? buildForProject(ctx, choices) : null), [ctx, choices]);
  const lint = useMemo(() => {
    if (!ctx || !result) return null;
    return lintConfigText(configFilePath(ctx), result.yaml, { target: lintTargetFor(ctx.project), datasetImages: datasetImages(ctx.scan) });
  }, [ctx, result]);
  const advice = useMemo(
    () => (ctx && choices && result ? adviseTuning(SYMPTOMS[symptom], choices, ctx.scan?.folders ?? [], result.math.epochs) : null),
    [ctx, choices, result, symptom],
  );

  const leftWidth = narrow ? app.width : Math.max(36, Math.min(46, Math.floor(app.width * 0.42)));
  const rightWidth = narrow ? app.width : app.width - leftWidth;
  const choicesHeight = narrow ? Math.min(FIELDS.length + 2, Math.max(4, Math.floor(app.height / 2))) : Math.min(FIELDS.length + 3, app.height - 4);
  const mathHeight = narrow ? 0 : app.height - choicesHeight;
  const paneHeight = narrow ? app.height - choicesHeight : app.height;
  const paneRows = Math.max(1, paneHeight - 3);

  const paneLines = useMemo(() => {
    if (!result || !lint || !advice || !choices) return [] as Line[];
    return linesFor(tab, { result, lint, advice, choices, symptom, width: rightWidth - 4 });
  }, [tab, result, lint, advice, choices, symptom, rightWidth]);
  const maxScroll = Math.max(0, paneLines.length - paneRows);
  useEffect(() => setScroll((s) => Math.min(s, maxScroll)), [maxScroll]);

  const change = useCallback((next: Choices) => {
    setChoices(next);
    setDirty(true);
  }, []);

  const save = useCallback(async () => {
    if (!ctx || !choices || !result || busy) return;
    setBusy(true);
    try {
      const saved = await saveConfig(ctx, choices, result);
      const errors = saved.lint.findings.filter((f) => f.severity === 'error').length;
      setDirty(false);
      await app.reloadProject();
      const c = await loadConfigContext(app.dir).catch(() => null);
      if (c) setCtx(c);
      app.notify(
        `wrote ${saved.file.replace(app.dir + '/', '')} · ${saved.lint.findings.length === 0 ? 'lint: no findings' : `lint: ${saved.lint.findings.length} finding(s)`}`,
        errors > 0 ? 'warning' : 'success',
      );
    } catch (e) {
      app.notify(`could not write the config: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  }, [ctx, choices, result, busy, app]);

  const applyAdvice = useCallback(async () => {
    if (!ctx || !choices || !advice || busy) return;
    if (advice.config.length === 0) {
      app.notify('no config change for this symptom: the fix is in the dataset', 'info');
      return;
    }
    setBusy(true);
    try {
      await recordTuning(ctx.dir, advice);
      change(withChanges(choices, advice.config));
      app.notify(`applied ${advice.config.map(describeChange).join(', ')} · press s to write the config`, 'success');
    } catch (e) {
      app.notify(`could not record the change: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  }, [ctx, choices, advice, busy, app, change]);

  const typed = TYPED_FIELDS.includes(FIELDS[field]);
  const bindings = useMemo(
    () =>
      editing !== null
        ? EDIT_BINDINGS
        : BINDINGS_BASE.map((b) =>
            b.id === 'config.apply' ? { ...b, enabled: tab === 'tune' && focus === 'pane' } : b.id === 'config.edit' ? { ...b, enabled: focus === 'choices' && typed } : b,
          ),
    [tab, focus, typed, editing],
  );
  const commitEdit = () => {
    const text = editingRef.current;
    if (!choices || text === null) return;
    const r = typeChoice(choices, FIELDS[field], text);
    if (r.ok) {
      change(r.choices);
      setEditing(null);
    } else app.notify(r.message, 'warning');
  };
  const showTab = (t: Tab) => {
    setTab(t);
    setScroll(0);
  };
  const move = (dir: 1 | -1) => {
    if (focus === 'choices') setField((f) => Math.max(0, Math.min(FIELDS.length - 1, f + dir)));
    else if (tab === 'tune') setSymptom((s) => Math.max(0, Math.min(SYMPTOMS.length - 1, s + dir)));
    else setScroll((s) => Math.max(0, Math.min(maxScroll, s + dir)));
  };
  const stepField = (dir: 1 | -1) => {
    if (!choices || focus !== 'choices') return;
    change(stepChoice(choices, FIELDS[field], dir));
  };

  useScreenKeys(
    bindings,
    {
      'config.up': () => move(-1),
      'config.down': () => move(1),
      'config.less': () => stepField(-1),
      'config.more': () => stepField(1),
      'config.lengthMode': () => choices && result && change(toggleLengthMode(choices, result.math.totalSteps, result.math.stepsPerEpoch)),
      'config.focus': () => setFocus((f) => (f === 'choices' ? 'pane' : 'choices')),
      'config.yaml': () => showTab('yaml'),
      'config.lint': () => showTab('lint'),
      'config.math': () => showTab('math'),
      'config.tune': () => {
        showTab('tune');
        setFocus('pane');
      },
      'config.pageUp': () => setScroll((s) => Math.max(0, s - paneRows)),
      'config.pageDown': () => setScroll((s) => Math.min(maxScroll, s + paneRows)),
      'config.apply': () => void applyAdvice(),
      'config.save': () => void save(),
      'config.edit': () => setEditing(''),
      'edit.commit': commitEdit,
      'edit.cancel': () => setEditing(null),
      'edit.erase': () => setEditing((t) => (t ?? '').slice(0, -1)),
    },
    {
      title: editing !== null ? `Config · typing ${FIELD_LABELS[FIELDS[field]]}` : 'Config',
      textEntry: editing !== null,
      onOther: (input, key) => {
        if (editingRef.current === null || key.ctrl || key.meta) return;
        if (/^[0-9a-z.,\s+-]+$/i.test(input)) setEditing((t) => ((t ?? '') + input).slice(0, 32));
      },
    },
  );

  if (loadError) {
    return (
      <Panel title="Config" width={app.width} height={app.height}>
        <Text color={theme.status.error} wrap="wrap">
          {glyph.error} {loadError}
        </Text>
        <Text color={theme.text.muted}>Create the project with lorapilot init, then come back.</Text>
      </Panel>
    );
  }
  if (!ctx || !choices || !result || !lint) {
    return (
      <Panel title="Config" width={app.width} height={app.height}>
        <Text color={theme.text.muted}>reading the project and the dataset…</Text>
      </Panel>
    );
  }

  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of lint.findings) counts[f.severity]++;
  const lintLabel = lint.findings.length === 0 ? 'Lint ✔' : `Lint ${counts.error ? `${glyph.error}${counts.error}` : ''}${counts.warning ? `${glyph.warning}${counts.warning}` : ''}${counts.info ? `${glyph.info}${counts.info}` : ''}`;
  const tabs: Array<[Tab, string]> = [
    ['yaml', 'YAML'],
    ['lint', lintLabel],
    ['math', 'Math'],
    ['tune', 'Tune'],
  ];
  const visible = paneLines.slice(scroll, scroll + paneRows);
  // Keep the selected field in view when the pane is shorter than the list (narrow terminals).
  const fieldRows = Math.max(1, choicesHeight - 3);
  const fieldTop = Math.max(0, Math.min(field - Math.floor(fieldRows / 2), FIELDS.length - fieldRows));
  const m = result.math;
  const fmt = (n: number) => n.toLocaleString('en-US');

  const choicesPane = (
    <Panel
      title={`${dirty ? '● ' : ''}${ctx.scan ? `${fmt(ctx.scan.images.length)} images in ${result.math.folders.length} folder${result.math.folders.length === 1 ? '' : 's'}` : 'dataset not readable'}`}
      focused={focus === 'choices'}
      width={leftWidth}
      height={choicesHeight}
      overflow="hidden"
    >
      {FIELDS.slice(fieldTop, fieldTop + fieldRows).map((f, j) => {
        const i = fieldTop + j;
        const selected = i === field;
        return (
          <Box key={f} width={leftWidth - 4}>
            <Text color={selected && focus === 'choices' ? theme.text.accent : undefined} bold={selected} wrap="truncate">
              {selected ? glyph.pointer : ' '} {FIELD_LABELS[f].padEnd(11)}{' '}
              {selected && editing !== null ? `> ${editing}▏` : `${selected ? '‹ ' : '  '}${formatChoice(choices, f, m.stepsPerEpoch)}${selected ? ' ›' : ''}`}
            </Text>
          </Box>
        );
      })}
    </Panel>
  );

  const mathPane = narrow ? null : (
    <Panel title="Step math" width={leftWidth} height={mathHeight} overflow="hidden">
      {[
        `${fmt(m.imagesPerEpoch)} img/epoch → ${fmt(m.stepsPerEpoch)} steps/epoch`,
        `${fmt(m.totalSteps)} steps = ${Number(m.epochs.toFixed(2))} epoch${m.epochs === 1 ? '' : 's'}`,
        `save+sample every ${fmt(m.saveEvery)} · keep ${m.keep}`,
        `VRAM ${result.vramNote}`,
        ...result.notes.map((n) => `${n.severity === 'warning' ? glyph.warning : glyph.info} ${n.message}`),
      ]
        .slice(0, Math.max(0, mathHeight - 3))
        .map((l, i) => (
          <Text key={i} wrap="truncate" color={l.startsWith('VRAM') ? theme.text.secondary : l.startsWith(glyph.warning) ? theme.status.warning : undefined}>
            {l}
          </Text>
        ))}
    </Panel>
  );

  const detail = (
    <Panel
      title={tabs.map(([t, label]) => (t === tab ? `[${label}]` : ` ${label} `)).join(' ')}
      focused={focus === 'pane'}
      width={rightWidth}
      height={paneHeight}
      overflow="hidden"
    >
      {visible.map((l, i) => (
        <Text key={scroll + i} wrap="truncate" color={l.tone ? toneColor(l.tone) : undefined} bold={l.bold}>
          {l.text || ' '}
        </Text>
      ))}
    </Panel>
  );

  if (narrow) {
    return (
      <Box flexDirection="column" width={app.width} height={app.height}>
        {choicesPane}
        {detail}
      </Box>
    );
  }
  return (
    <Box width={app.width} height={app.height}>
      <Box flexDirection="column" width={leftWidth} height={app.height}>
        {choicesPane}
        {mathPane}
      </Box>
      {detail}
    </Box>
  );
}

interface Line {
  text: string;
  tone?: 'error' | 'warning' | 'info' | 'success' | 'muted' | 'accent';
  bold?: boolean;
}

function toneColor(tone: NonNullable<Line['tone']>): string | undefined {
  if (tone === 'muted') return theme.text.muted;
  if (tone === 'accent') return theme.text.accent;
  return severityColor(tone);
}

function linesFor(
  tab: Tab,
  d: {
    result: NonNullable<ReturnType<typeof buildForProject>>;
    lint: ReturnType<typeof lintConfigText>;
    advice: ReturnType<typeof adviseTuning>;
    choices: Choices;
    symptom: number;
    width: number;
  },
): Line[] {
  if (tab === 'yaml') {
    return d.result.yaml.split('\n').map((t) => ({ text: t, tone: t.trimStart().startsWith('#') ? ('muted' as const) : undefined }));
  }
  if (tab === 'lint') {
    if (d.lint.findings.length === 0) return [{ text: `${glyph.success} no findings: this config loads as written`, tone: 'success' }];
    return d.lint.findings.flatMap((f) => [
      { text: `${glyph[f.severity]} ${f.line}:${f.column} ${f.rule}`, tone: f.severity, bold: true } as Line,
      ...wrap(f.message, d.width - 2).map((t) => ({ text: `  ${t}` })),
      ...wrap(`fix: ${f.fix}`, d.width - 2).map((t) => ({ text: `  ${t}`, tone: 'muted' as const })),
    ]);
  }
  if (tab === 'math') {
    const r = d.result.math.readings;
    return [
      ...stepMathLines(d.result).map((t) => ({ text: t })),
      { text: '' },
      { text: 'Two readings of "epoch" (the guide uses both):', bold: true },
      ...wrap(`• ${r.toolkit.text}`, d.width).map((text) => ({ text })),
      ...wrap(`• ${r.guide.text}`, d.width).map((text) => ({ text })),
      { text: '' },
      ...wrap(`VRAM: ${d.result.vramNote}`, d.width).map((text) => ({ text, tone: 'muted' as const })),
      ...d.choices.preset.notes.flatMap((n) => wrap(n, d.width).map((text) => ({ text, tone: 'muted' as const }))),
      ...d.result.notes.flatMap((n) => wrap(`${glyph[n.severity]} ${n.message}`, d.width).map((text) => ({ text, tone: n.severity }))),
    ];
  }
  const a = d.advice;
  return [
    { text: 'What do the samples show? (↑/↓, enter applies the config part)', tone: 'muted' },
    ...SYMPTOMS.map((s, i) => ({ text: `${i === d.symptom ? glyph.pointer : ' '} ${SYMPTOM_LABELS[s]}`, tone: i === d.symptom ? ('accent' as const) : undefined, bold: i === d.symptom })),
    { text: '' },
    ...wrap(`Causes: ${a.causes.join('; ')}`, d.width).map((text) => ({ text })),
    ...a.dataset.flatMap((t) => wrap(`dataset: ${t}`, d.width).map((text) => ({ text }))),
    ...a.meanwhile.flatMap((t) => wrap(`meanwhile: ${t}`, d.width).map((text) => ({ text }))),
    ...(a.config.length > 0
      ? wrap(`config: ${a.why ?? a.config.map(describeChange).join(', ')}`, d.width).map((text) => ({ text, tone: 'accent' as const }))
      : [{ text: 'config: no change — the fix is in the dataset', tone: 'muted' as const }]),
  ];
}

/** Word-wrap for pane text (Ink's own wrap would change the line count we scroll by). */
function wrap(text: string, width: number): string[] {
  const w = Math.max(10, width);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > w) {
      out.push(line);
      line = '  ' + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
