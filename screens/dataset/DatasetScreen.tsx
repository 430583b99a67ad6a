import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { startCheck, type CheckRun, type CheckRunState } from '../../src/dataset/check-service.js';
import { checkOptionsFor, checkProgressLabel } from '../../src/dataset/check-request.js';
import { recordDatasetProgress, shouldRecordCheck } from '../../src/dataset/record.js';
import { datasetFolder } from '../../src/project/index.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { useScreenKeys } from '../../src/ui/keymap.js';
import { listReducer, scrollTop, type ListState } from '../../src/ui/list-window.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { theme } from '../../src/ui/theme.js';
import { isNarrow } from '../../src/ui/use-terminal-size.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import { useApp } from '../app-context.js';
import { FindingDetail } from './FindingDetail.js';
import { FindingsList } from './FindingsList.js';
import { findingKey, findingRows, followSelection, imagesOf, nextGroup, rowOfFinding } from './findings-view.js';
import type { Finding } from '../../src/dataset/finding.js';
import { Summary, summaryHeight } from './Summary.js';

const BINDINGS: KeyBinding[] = [
  { id: 'findings.up', keys: ['up', 'k'], label: 'up', description: 'Previous finding', group: 'Findings', helpOnly: true },
  { id: 'findings.down', keys: ['down', 'j'], label: 'select', description: 'Next finding', group: 'Findings' },
  { id: 'findings.pageUp', keys: ['pageup'], label: 'page up', description: 'Page up', group: 'Findings', helpOnly: true },
  { id: 'findings.pageDown', keys: ['pagedown'], label: 'page down', description: 'Page down', group: 'Findings', helpOnly: true },
  { id: 'findings.home', keys: ['home', 'g'], label: 'first', description: 'First finding', group: 'Findings', helpOnly: true },
  { id: 'findings.end', keys: ['end', 'G'], label: 'last', description: 'Last finding', group: 'Findings', helpOnly: true },
  { id: 'findings.group', keys: ['tab'], label: 'next group', description: 'Jump to the next severity (errors → warnings → notes)', group: 'Findings' },
  { id: 'findings.file', keys: ['left', 'right'], label: 'file', description: 'Show the other images of the finding (duplicates)', group: 'Findings', helpOnly: true },
  { id: 'dataset.preview', keys: ['space', 'p', 'z'], label: 'preview', description: 'Enlarge the preview of the selected image (space or z again to close)', group: 'Dataset' },
  { id: 'dataset.captions', keys: ['enter', 'c'], label: 'open in Captions', description: "Open the Captions step at the selected finding's image", group: 'Dataset' },
  { id: 'dataset.rerun', keys: ['r'], label: 're-check', description: 'Run the check again (after fixing files)', group: 'Dataset' },
  { id: 'dataset.faces', keys: ['f'], label: 'faces', description: 'Faces on or off: one per character image, the same person, none in real-body images (scored once per image, then cached)', group: 'Dataset' },
  { id: 'dataset.close', keys: ['esc'], label: 'close', description: 'Close the enlarged preview', group: 'Dataset', helpOnly: true },
];

const INITIAL: CheckRunState = { status: 'running', progress: null, report: null, error: null };

const NO_FINDINGS: Finding[] = [];

export function DatasetScreen() {
  const app = useApp();
  const { width, height, project, dir } = app;
  // The same folder and trigger `lorapilot check` would use here.
  const root = datasetFolder(dir, project);
  const trigger = project?.trigger;
  const [runId, setRunId] = useState(0);
  const [list, setList] = useState<ListState>({ index: 0, top: 0 });
  const [fileIndex, setFileIndex] = useState(0);
  const [zoom, setZoom] = useState(false);
  const recorded = useRef(-1);
  const topRef = useRef(0);

  // runId: a re-check starts a new run on the same folder.
  // Faces are checked as `lorapilot check` checks them, in a project (not the demo's drawn images), on the
  // wizard's scoring thread, each image once (the face cache keeps the rest); f turns them off and on.
  const [withFaces, setWithFaces] = useState(true);
  const run: CheckRun = useMemo(
    () => startCheck(root, checkOptionsFor(project ? { trigger: project.trigger, preset: project.preset, config: project.config, faces: project.faces, demo: project.demo } : trigger ? { trigger } : null, { faces: withFaces && project !== null, projectDir: dir })),
    [root, trigger, runId, dir, withFaces],
  );
  useEffect(() => () => run.cancel(), [run]);
  const state = useThrottledSubscription(run.subscribe, INITIAL);
  // While the decode pass runs, the fast pass's report is already shown.
  const report = state.report;
  const decoding = state.status === 'running' && report !== null ? state.progress : null;
  const findings = report?.findings ?? NO_FINDINGS;

  // Record the conclusion in lorapilot.yaml once per run (the header marks follow).
  const { reloadProject, notify } = app;
  useEffect(() => {
    if (state.status !== 'done' || !report || !project || recorded.current === runId || !shouldRecordCheck(report)) return;
    recorded.current = runId;
    void recordDatasetProgress(dir, report)
      .then(() => reloadProject())
      .catch((e: Error) => notify(`could not record progress: ${e.message}`, 'warning'));
  }, [state.status, report, project, dir, runId, reloadProject, notify]);

  const narrow = isNarrow(width);
  const sumH = summaryHeight(report, height);
  const bodyH = Math.max(3, height - sumH);
  const listW = narrow ? width : Math.max(30, Math.min(56, Math.floor(width * 0.45)));
  const listH = narrow ? Math.max(3, Math.floor(bodyH / 2)) : bodyH;
  const detailW = narrow ? width : width - listW;
  const detailH = narrow ? bodyH - listH : bodyH;
  const visibleRows = Math.max(1, listH - 3);

  // The decode pass adds findings while the person browses: the selection stays on the finding it was on.
  const [listed, setListed] = useState(findings);
  if (listed !== findings) {
    setListed(findings);
    const at = followSelection(listed, findings, list.index);
    if (at !== list.index) setList((s) => listReducer(s, { type: 'select', index: at }, findings.length, visibleRows));
  }

  // Reopen at the finding the person left selected, the first time a report has it.
  const [placed, setPlaced] = useState(false);
  if (!placed && report) {
    setPlaced(true);
    const at = app.resumeSelection ? findings.findIndex((f) => findingKey(f) === app.resumeSelection) : -1;
    if (at > 0) setList((s) => listReducer(s, { type: 'select', index: at }, findings.length, visibleRows));
  }

  const rows = useMemo(() => findingRows(findings), [findings]);
  const selected = findings[list.index];
  const images = imagesOf(selected);
  const image = images[Math.min(fileIndex, Math.max(0, images.length - 1))] ?? null;
  const { remember } = app;
  useEffect(() => {
    if (selected) remember(findingKey(selected));
  }, [selected, remember]);

  const move = useCallback(
    (action: Parameters<typeof listReducer>[1]) => {
      setList((s) => listReducer(s, action, findings.length, visibleRows));
      setFileIndex(0);
    },
    [findings.length, visibleRows],
  );

  const openCaptions = () => {
    if (!selected) return;
    if (!image) {
      notify(selected.files.length > 0 ? 'this finding names no image to open in Captions' : 'this finding is about the whole dataset: no image to open', 'info');
      return;
    }
    app.navigate('captions', { image });
  };

  useScreenKeys(
    BINDINGS.map((b) =>
      b.id === 'dataset.captions' ? { ...b, enabled: images.length > 0 } : b.id === 'dataset.close' ? { ...b, enabled: zoom } : b,
    ),
    {
      'findings.up': () => move({ type: 'up' }),
      'findings.down': () => move({ type: 'down' }),
      'findings.pageUp': () => move({ type: 'pageUp' }),
      'findings.pageDown': () => move({ type: 'pageDown' }),
      'findings.home': () => move({ type: 'home' }),
      'findings.end': () => move({ type: 'end' }),
      'findings.group': () => move({ type: 'select', index: nextGroup(findings, list.index) }),
      'findings.file': (_input, key) => {
        if (images.length < 2) return;
        setFileIndex((i) => (i + (key.leftArrow ? images.length - 1 : 1)) % images.length);
      },
      'dataset.preview': () => setZoom((z) => !z),
      'dataset.close': () => setZoom(false),
      'dataset.captions': openCaptions,
      'dataset.rerun': () => {
        setRunId((n) => n + 1);
        notify('checking the dataset again…', 'info');
      },
      'dataset.faces': () => {
        if (!project) return notify('faces are checked in a project: its folder keeps the face cache', 'warning');
        if (project.demo) return notify("the demo's images are drawn, not photographed: faces are not checked there", 'info');
        setWithFaces(!withFaces);
        setRunId((n) => n + 1);
        notify(withFaces ? 'checking without faces (f checks them again)' : 'checking faces too…', 'info');
      },
    },
    { title: 'Dataset' },
  );

  // The list window follows the selection across the severity heading rows.
  const top = scrollTop(topRef.current, rowOfFinding(rows, list.index), rows.length, visibleRows);
  topRef.current = top;

  if (zoom && report) {
    return (
      <Box width={width} height={height}>
        <FindingDetail root={report.root} finding={selected} image={image} imageCount={images.length} fileIndex={fileIndex} width={width} height={height} focused zoom />
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box height={sumH} width={width} flexDirection="column" overflow="hidden">
        {report ? (
          <Summary report={report} width={width} height={sumH} decoding={decoding} />
        ) : (
          <Running state={state} root={root} width={width} />
        )}
      </Box>
      <Box flexDirection={narrow ? 'column' : 'row'} width={width} height={bodyH}>
        <FindingsList findings={findings} rows={rows} top={top} selected={list.index} width={listW} height={listH} loading={!report} failed={state.status === 'failed' ? state.error : null} />
        <FindingDetail root={report?.root ?? root} finding={selected} image={image} imageCount={images.length} fileIndex={fileIndex} width={detailW} height={detailH} />
      </Box>
    </Box>
  );
}

function Running({ state, root, width }: { state: CheckRunState; root: string; width: number }) {
  const p = state.progress;
  if (state.status === 'failed') {
    return (
      <Text color={theme.status.error} wrap="wrap">
        check failed: {state.error} (r to retry)
      </Text>
    );
  }
  const label = checkProgressLabel(p);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" color={theme.text.secondary}>
        Checking {root}
      </Text>
      <ProgressBar ratio={p && p.total > 0 ? p.done / p.total : 0} width={Math.max(10, Math.min(40, width - 50))} label={label} />
    </Box>
  );
}
