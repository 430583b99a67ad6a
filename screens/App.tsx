import { Box, Text, useApp as useInkApp } from 'ink';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Project, ProjectProblem } from '../src/project/index.js';
import { STEP_IDS, type StepId } from '../src/project/step-ids.js';
import { wrapWords } from '../src/text/wrap.js';
import { HELP_BINDINGS } from '../src/ui/app-keys.js';
import { footerRows, hintsOf } from '../src/ui/footer-layout.js';
import { clampHelpScroll, helpHeight, helpLines } from '../src/ui/help-lines.js';
import { HelpOverlay } from '../src/ui/HelpOverlay.js';
import { KeyHints } from '../src/ui/KeyHints.js';
import { KeymapProvider, useAppKeys, useOverlayKeys, useTopKeymap } from '../src/ui/keymap.js';
import { GLOBAL_BINDINGS } from '../src/ui/keys.js';
import { theme } from '../src/ui/theme.js';
import { useTerminalSize } from '../src/ui/use-terminal-size.js';
import { AppContext, type AppContextValue } from './app-context.js';
import { StepHeader } from './StepHeader.js';
import { STEPS } from './steps.js';
import { setImagesHidden } from '../src/ui/graphics/layer.js';
import { setImageSetting } from '../src/ui/graphics/setting.js';

export interface AppProps {
  dir: string;
  /** Step to open; default: where the person left the wizard, else the first unfinished step. */
  initialStep?: StepId;
  initialParams?: Record<string, unknown>;
  /** Called when the user quits. */
  onExit?: () => void;
}

type Tone = 'info' | 'success' | 'warning' | 'error';

/** Rows a message may take before it is cut (it wraps; the screen gives up the rows). */
const MESSAGE_ROWS = 3;

export function App(props: AppProps) {
  return (
    <KeymapProvider>
      <Shell {...props} />
    </KeymapProvider>
  );
}

function Shell({ dir, initialStep, initialParams, onExit }: AppProps) {
  const ink = useInkApp();
  const { columns, rows } = useTerminalSize();
  const [project, setProject] = useState<Project | null>(null);
  const [problems, setProblems] = useState<ProjectProblem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [step, setStep] = useState<StepId>(initialStep ?? 'dataset');
  const [params, setParams] = useState<Record<string, unknown>>(initialParams ?? {});
  const [message, setMessage] = useState<{ text: string; tone: Tone } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [helpScroll, setHelpScroll] = useState(0);
  const messageTimer = useRef<NodeJS.Timeout | null>(null);
  const selections = useRef<Partial<Record<StepId, string>>>({});
  const navigated = useRef(false);
  const stepRef = useRef(step);
  stepRef.current = step;
  const projectRef = useRef(project);
  projectRef.current = project;
  const top = useTopKeymap();

  const reloadProject = useCallback(async () => {
    // The project file's reader (zod, yaml) loads after the first frame, which needs only the step titles.
    const { loadProject } = await import('../src/project/project.js');
    const r = await loadProject(dir);
    if (r.ok) {
      setProject(r.project);
      setProblems([]);
    } else {
      setProject(null);
      setProblems(r.problems);
    }
    return r.ok ? r.project : null;
  }, [dir]);

  useEffect(() => {
    void reloadProject().then(async (p) => {
      // A step the person chose while the project loaded wins over where they left it.
      if (!initialStep && !navigated.current) {
        const { resumeStep } = await import('../src/project/resume.js');
        if (!navigated.current) setStep(resumeStep(p));
      }
      setLoaded(true);
    });
  }, [reloadProject, initialStep]);

  /** Write where the person is (step and selections) to lorapilot.yaml; a failed write only warns. */
  const recordWhere = useCallback(
    async (at: StepId) => {
      if (!projectRef.current) return;
      const { recordResume } = await import('../src/project/resume.js');
      await recordResume(dir, at, selections.current).catch(() => undefined);
    },
    [dir],
  );

  const navigate = useCallback(
    (next: StepId, nextParams: Record<string, unknown> = {}) => {
      navigated.current = true;
      setStep(next);
      setParams(nextParams);
      void recordWhere(next);
    },
    [recordWhere],
  );

  const notify = useCallback((text: string, tone: Tone = 'info') => {
    setMessage({ text, tone });
    if (messageTimer.current) clearTimeout(messageTimer.current);
    messageTimer.current = setTimeout(() => setMessage(null), 5000);
  }, []);
  useEffect(() => () => void (messageTimer.current && clearTimeout(messageTimer.current)), []);

  const quitting = useRef(false);
  const quit = useCallback(() => {
    if (quitting.current) return;
    quitting.current = true;
    void recordWhere(stepRef.current).finally(() => {
      onExit?.();
      ink.exit();
    });
  }, [ink, onExit, recordWhere]);

  const remember = useCallback((selection: string) => {
    selections.current[stepRef.current] = selection;
  }, []);

  // App keys: reached when the screen's table does not take the key (and never while a field has focus).
  const i = STEP_IDS.indexOf(step);
  useAppKeys(GLOBAL_BINDINGS, {
    'app.help': () => {
      setHelpScroll(0);
      setHelpOpen(true);
    },
    'app.quit': quit,
    'app.nextStep': () => navigate(STEP_IDS[Math.min(STEP_IDS.length - 1, i + 1)]),
    'app.prevStep': () => navigate(STEP_IDS[Math.max(0, i - 1)]),
    'app.step': (input) => {
      const n = Number(input) - 1;
      if (n >= 0 && n < STEP_IDS.length) navigate(STEP_IDS[n]);
    },
  });

  setImageSetting(project?.ui?.images);
  // images are drawn over Ink's frame: none may cover the help drawn over the screen
  setImagesHidden(helpOpen);
  // Stay one row short of the terminal: Ink 6.8 clears the whole screen when a frame fills it.
  const height = Math.max(6, rows - 1);
  const width = Math.max(20, columns);
  const def = STEPS.find((s) => s.id === step) ?? STEPS[0];
  const Screen = def.screen;

  const helpTitle = top?.title ?? def.title;
  const lines = useMemo(() => (helpOpen ? helpLines(helpTitle, top?.bindings ?? [], top?.textEntry ?? false, GLOBAL_BINDINGS) : []), [helpOpen, helpTitle, top]);
  const pinned = hintsOf(GLOBAL_BINDINGS);
  const footer = footerRows(helpOpen ? hintsOf(HELP_BINDINGS) : hintsOf(top?.bindings ?? []), helpOpen ? [] : pinned, width);
  const messageLines = message ? wrapWords(message.text, width).slice(0, MESSAGE_ROWS) : [];
  const bodyHeight = Math.max(1, height - 1 - Math.max(1, messageLines.length) - footer.length);
  const overlayHeight = helpHeight(lines.length, bodyHeight);
  const helpRows = Math.max(1, overlayHeight - 4);
  const scrollHelp = (to: (s: number) => number) => setHelpScroll((s) => clampHelpScroll(to(s), lines.length, helpRows));
  useOverlayKeys(
    HELP_BINDINGS,
    {
      'help.close': () => setHelpOpen(false),
      'help.up': () => scrollHelp((s) => s - 1),
      'help.down': () => scrollHelp((s) => s + 1),
      'help.pageUp': () => scrollHelp((s) => s - helpRows),
      'help.pageDown': () => scrollHelp((s) => s + helpRows),
      'help.home': () => scrollHelp(() => 0),
      'help.end': () => scrollHelp(() => lines.length),
    },
    helpOpen,
  );

  const ctx: AppContextValue = useMemo(
    () => ({
      dir,
      project,
      projectProblems: problems,
      reloadProject: async () => void (await reloadProject()),
      navigate,
      params,
      width,
      height: bodyHeight,
      notify,
      // Back on a step in the same session: where it was left just now; else where it was left last time.
      resumeSelection: selections.current[step] ?? project?.resume?.selection[step],
      remember,
    }),
    [dir, project, problems, reloadProject, navigate, params, width, bodyHeight, notify, step, remember],
  );

  return (
    <AppContext.Provider value={ctx}>
      <Box flexDirection="column" width={width} height={height}>
        <StepHeader current={step} project={project} width={width} />
        <Box height={Math.max(1, messageLines.length)} width={width} flexDirection="column">
          {message ? (
            messageLines.map((l, n) => (
              <Text key={n} wrap="truncate" color={message.tone === 'info' ? theme.status.info : theme.status[message.tone]}>
                {l}
              </Text>
            ))
          ) : (
            <Text color={theme.text.muted}>{'─'.repeat(width)}</Text>
          )}
        </Box>
        <Box flexGrow={1} height={bodyHeight} width={width} overflow="hidden">
          {loaded ? (
            <Suspense fallback={<Text color={theme.text.muted}>opening {def.title}…</Text>}>
              <Screen key={step} />
            </Suspense>
          ) : (
            <Text color={theme.text.muted}>loading project…</Text>
          )}
          {helpOpen ? <HelpOverlay title={helpTitle} lines={lines} offset={helpScroll} width={width} height={overlayHeight} /> : null}
        </Box>
        <KeyHints rows={footer} width={width} />
      </Box>
    </AppContext.Provider>
  );
}
