import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FIELD_LABELS, FIELDS, stepChoice, toggleLengthMode, TYPED_FIELDS, typeChoice } from '../../src/config/choices.js';
import { lengthUnit, longRun, longRunQuestion, otherUnit, withUnit, type LengthUnit } from '../../src/config/length.js';
import { countFindings } from '../../src/config/lint-text.js';
import type { Choices } from '../../src/config/choices.js';
import { buildForProject } from '../../src/config/service.js';
import { wrapWords } from '../../src/text/wrap.js';
import type { LintResult } from '../../src/config/lint.js';
import { SYMPTOMS } from '../../src/config/tuning.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { useApp } from '../app-context.js';
import { bindingsFor } from './bindings.js';
import { paneLines, type Tab } from './pane-lines.js';
import { ChoicesPane, DetailPane, MathPane } from './panes.js';
import { useConfig } from './use-config.js';

type Focus = 'choices' | 'pane';

/** "Lint ✔", or the counts by severity: "Lint ✖1▲2". */
function lintTabLabel(lint: LintResult): string {
  if (lint.findings.length === 0) return `Lint ${glyph.success}`;
  const c = countFindings(lint.findings);
  return `Lint ${c.error ? `${glyph.error}${c.error}` : ''}${c.warning ? `${glyph.warning}${c.warning}` : ''}${c.info ? `${glyph.info}${c.info}` : ''}`;
}

/** Pane sizes: side by side from 80 columns, stacked below. */
function layoutFor(width: number, height: number) {
  const narrow = isNarrow(width);
  const leftWidth = narrow ? width : Math.max(36, Math.min(46, Math.floor(width * 0.42)));
  const choicesHeight = narrow ? Math.min(FIELDS.length + 2, Math.max(4, Math.floor(height / 2))) : Math.min(FIELDS.length + 3, height - 4);
  const paneHeight = narrow ? height - choicesHeight : height;
  return { narrow, leftWidth, rightWidth: narrow ? width : width - leftWidth, choicesHeight, mathHeight: narrow ? 0 : height - choicesHeight, paneHeight, paneRows: Math.max(1, paneHeight - 3) };
}

/** Typed text for the selected field, mirrored in a ref so keys typed right after enter are not lost before the next render. */
function useEditing() {
  const [editing, setState] = useState<string | null>(null);
  const ref = useRef<string | null>(null);
  const set = useCallback((next: string | null | ((t: string | null) => string | null)) => {
    const value = typeof next === 'function' ? next(ref.current) : next;
    ref.current = value;
    setState(value);
  }, []);
  return [editing, set, ref] as const;
}

export function ConfigScreen() {
  const app = useApp();
  const [field, setField] = useState(0);
  const [focus, setFocus] = useState<Focus>('choices');
  const [unit, setUnit] = useState<LengthUnit>('steps');
  const [confirm, setConfirm] = useState<{ choices: Choices; text: string; question: string } | null>(null);
  const questionLines = confirm ? wrapWords(`${glyph.warning} ${confirm.question} y sets it · n changes it`, app.width) : [];
  const L = layoutFor(app.width, app.height - questionLines.length);
  const [tab, setTab] = useState<Tab>(L.narrow ? 'math' : 'yaml');
  const [scroll, setScroll] = useState(0);
  const [symptom, setSymptom] = useState(0);
  const [editing, setEditing, editingRef] = useEditing();
  const { ctx, loadError, choices, result, lint, advice, dirty, change, save, applyAdvice } = useConfig(symptom);

  const lines = useMemo(
    () => (result && lint && advice && choices ? paneLines(tab, { result, lint, advice, choices, symptom, width: L.rightWidth - 4 }) : []),
    [tab, result, lint, advice, choices, symptom, L.rightWidth],
  );
  const maxScroll = Math.max(0, lines.length - L.paneRows);
  useEffect(() => setScroll((s) => Math.min(s, maxScroll)), [maxScroll]);

  const bindings = useMemo(
    () =>
      bindingsFor({
        editing: editing !== null,
        tune: tab === 'tune' && focus === 'pane',
        typedField: focus === 'choices' && TYPED_FIELDS.includes(FIELDS[field]),
        lengthField: FIELDS[field] === 'length',
        confirming: confirm !== null,
      }),
    [tab, focus, field, editing, confirm],
  );
  const commitEdit = () => {
    const text = editingRef.current;
    if (!choices || !ctx || text === null) return;
    const isLength = FIELDS[field] === 'length';
    const r = typeChoice(choices, FIELDS[field], isLength ? withUnit(text, unit) : text);
    if (r.ok) {
      // A run far longer than the guide's is usually a unit mistake (300 epochs for 300 steps): ask first.
      const long = isLength ? longRun(buildForProject(ctx, r.choices).math) : null;
      if (long) {
        setConfirm({ choices: r.choices, text, question: longRunQuestion(long) });
        setEditing(null);
        return;
      }
      change(r.choices);
      setEditing(null);
    } else app.notify(r.message, 'warning');
  };
  const showTab = (t: Tab) => {
    setTab(t);
    setScroll(0);
  };
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
  const move = (dir: 1 | -1) => {
    if (focus === 'choices') setField((f) => clamp(f + dir, FIELDS.length - 1));
    else if (tab === 'tune') setSymptom((s) => clamp(s + dir, SYMPTOMS.length - 1));
    else setScroll((s) => clamp(s + dir, maxScroll));
  };
  const stepField = (dir: 1 | -1) => {
    if (choices && focus === 'choices') change(stepChoice(choices, FIELDS[field], dir));
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
      'config.pageUp': () => setScroll((s) => clamp(s - L.paneRows, maxScroll)),
      'config.pageDown': () => setScroll((s) => clamp(s + L.paneRows, maxScroll)),
      'config.apply': () => void applyAdvice(),
      'config.save': () => void save(),
      'config.edit': () => {
        if (choices) setUnit(lengthUnit(choices));
        setEditing('');
      },
      'edit.unit': () => setUnit((u) => otherUnit(u)),
      'long.yes': () => {
        if (confirm) change(confirm.choices);
        setConfirm(null);
      },
      'long.no': () => {
        setEditing(confirm?.text ?? '');
        setConfirm(null);
      },
      'edit.commit': commitEdit,
      'edit.cancel': () => setEditing(null),
      'edit.erase': () => setEditing((t) => (t ?? '').slice(0, -1)),
    },
    {
      title: confirm ? 'Long run?' : editing !== null ? `Config ${glyph.separator} typing ${FIELD_LABELS[FIELDS[field]]}` : 'Config',
      textEntry: editing !== null,
      onOther: (input, key) => {
        if (editingRef.current === null || key.ctrl || key.meta) return;
        if (/^[0-9a-z.,\s+-]+$/i.test(input)) setEditing((t) => ((t ?? '') + input).slice(0, 32));
      },
    },
  );

  if (loadError || !ctx || !choices || !result || !lint) {
    return (
      <Panel title="Config" width={app.width} height={app.height}>
        {loadError ? (
          <>
            <Text color={theme.status.error} wrap="wrap">
              {glyph.error} {loadError}
            </Text>
            <Text color={theme.text.muted}>Create the project with lorapilot init, then come back.</Text>
          </>
        ) : (
          <Text color={theme.text.muted}>reading the project and the dataset{glyph.ellipsis}</Text>
        )}
      </Panel>
    );
  }

  const tabs: Array<[Tab, string]> = [['yaml', 'YAML'], ['lint', lintTabLabel(lint)], ['math', 'Math'], ['tune', 'Tune']];
  const choicesPane = (
    <ChoicesPane ctx={ctx} choices={choices} result={result} field={field} focused={focus === 'choices'} dirty={dirty} editing={editing} unit={FIELDS[field] === 'length' ? unit : null} width={L.leftWidth} height={L.choicesHeight} />
  );
  const detail = (
    <DetailPane
      title={tabs.map(([t, label]) => (t === tab ? `[${label}]` : ` ${label} `)).join(' ')}
      focused={focus === 'pane'}
      lines={lines.slice(scroll, scroll + L.paneRows)}
      scroll={scroll}
      width={L.rightWidth}
      height={L.paneHeight}
    />
  );
  const bodyH = app.height - questionLines.length;
  const body = L.narrow ? (
    <Box flexDirection="column" width={app.width} height={bodyH}>
      {choicesPane}
      {detail}
    </Box>
  ) : (
    <Box width={app.width} height={bodyH}>
      <Box flexDirection="column" width={L.leftWidth} height={bodyH}>
        {choicesPane}
        <MathPane result={result} width={L.leftWidth} height={L.mathHeight} />
      </Box>
      {detail}
    </Box>
  );
  if (questionLines.length === 0) return body;
  return (
    <Box flexDirection="column" width={app.width} height={app.height}>
      {questionLines.map((l, i) => (
        <Text key={i} color={theme.status.warning} wrap="truncate">
          {l}
        </Text>
      ))}
      {body}
    </Box>
  );
}
