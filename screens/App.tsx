import { Box, Text, useApp as useInkApp, useInput } from 'ink';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Project, ProjectProblem } from '../src/project/index.js';
import { STEP_IDS, type StepId } from '../src/project/step-ids.js';
import { firstUnfinishedStep } from '../src/project/steps.js';
import { HelpOverlay } from '../src/ui/HelpOverlay.js';
import { KeyHints } from '../src/ui/KeyHints.js';
import { KeymapProvider, useTopKeymap } from '../src/ui/keymap.js';
import { findBinding, GLOBAL_BINDINGS, matchKey } from '../src/ui/keys.js';
import { theme } from '../src/ui/theme.js';
import { useTerminalSize } from '../src/ui/use-terminal-size.js';
import { AppContext, type AppContextValue } from './app-context.js';
import { StepHeader } from './StepHeader.js';
import { STEPS } from './steps.js';
import { setImagesHidden } from '../src/ui/graphics/layer.js';
import { setImageSetting } from '../src/ui/graphics/setting.js';

export interface AppProps {
  dir: string;
  /** Step to open; default: the first unfinished step of the project. */
  initialStep?: StepId;
  initialParams?: Record<string, unknown>;
  /** Called when the user quits. */
  onExit?: () => void;
}

export function App(props: AppProps) {
  const [helpOpen, setHelpOpen] = useState(false);
  return (
    <KeymapProvider suspended={helpOpen}>
      <Shell {...props} helpOpen={helpOpen} setHelpOpen={setHelpOpen} />
    </KeymapProvider>
  );
}

function Shell({ dir, initialStep, initialParams, onExit, helpOpen, setHelpOpen }: AppProps & { helpOpen: boolean; setHelpOpen(v: boolean): void }) {
  const ink = useInkApp();
  const { columns, rows } = useTerminalSize();
  const [project, setProject] = useState<Project | null>(null);
  const [problems, setProblems] = useState<ProjectProblem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [step, setStep] = useState<StepId>(initialStep ?? 'dataset');
  const [params, setParams] = useState<Record<string, unknown>>(initialParams ?? {});
  const [message, setMessage] = useState<{ text: string; tone: 'info' | 'success' | 'warning' | 'error' } | null>(null);
  const messageTimer = useRef<NodeJS.Timeout | null>(null);
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
    void reloadProject().then((p) => {
      if (!initialStep) setStep(firstUnfinishedStep(p));
      setLoaded(true);
    });
  }, [reloadProject, initialStep]);

  const navigate = useCallback((next: StepId, nextParams: Record<string, unknown> = {}) => {
    setStep(next);
    setParams(nextParams);
  }, []);

  const notify = useCallback((text: string, tone: 'info' | 'success' | 'warning' | 'error' = 'info') => {
    setMessage({ text, tone });
    if (messageTimer.current) clearTimeout(messageTimer.current);
    messageTimer.current = setTimeout(() => setMessage(null), 5000);
  }, []);
  useEffect(() => () => void (messageTimer.current && clearTimeout(messageTimer.current)), []);

  const quit = useCallback(() => {
    onExit?.();
    ink.exit();
  }, [ink, onExit]);

  // Global keys: help, steps, quit. A screen binding for the same key wins; text entry keeps letters.
  useInput((input, key) => {
    if (helpOpen) {
      if (key.escape || input === '?' || input === 'q') setHelpOpen(false);
      else if (key.ctrl && input === 'c') quit();
      return;
    }
    if (key.ctrl && input === 'c') return quit();
    if (top?.textEntry) return;
    if (top && findBinding(top.bindings, input, key)) return;
    const g = findBinding(GLOBAL_BINDINGS, input, key);
    if (!g) return;
    const i = STEP_IDS.indexOf(step);
    if (g.id === 'app.help') setHelpOpen(true);
    else if (g.id === 'app.quit') quit();
    else if (g.id === 'app.nextStep') navigate(STEP_IDS[Math.min(STEP_IDS.length - 1, i + 1)]);
    else if (g.id === 'app.prevStep') navigate(STEP_IDS[Math.max(0, i - 1)]);
    else if (g.id === 'app.step') {
      const n = ['1', '2', '3', '4', '5', '6'].findIndex((d) => matchKey(d, input, key));
      if (n >= 0) navigate(STEP_IDS[n]);
    }
  });

  setImageSetting(project?.ui?.images);
  // images are drawn over Ink's frame: none may cover the help drawn over the screen
  setImagesHidden(helpOpen);
  // Stay one row short of the terminal: Ink 6.8 clears the whole screen when a frame fills it.
  const height = Math.max(6, rows - 1);
  const width = Math.max(20, columns);
  const bodyHeight = Math.max(1, height - 3);

  const ctx: AppContextValue = useMemo(
    () => ({ dir, project, projectProblems: problems, reloadProject: async () => void (await reloadProject()), navigate, params, width, height: bodyHeight, notify }),
    [dir, project, problems, reloadProject, navigate, params, width, bodyHeight, notify],
  );

  const def = STEPS.find((s) => s.id === step) ?? STEPS[0];
  const Screen = def.screen;
  const footerBindings = [...(top?.bindings ?? []), ...GLOBAL_BINDINGS];

  return (
    <AppContext.Provider value={ctx}>
      <Box flexDirection="column" width={width} height={height}>
        <StepHeader current={step} project={project} width={width} />
        <Box height={1} width={width}>
          {message ? (
            <Text wrap="truncate" color={message.tone === 'info' ? theme.status.info : theme.status[message.tone]}>
              {message.text}
            </Text>
          ) : (
            <Text color={theme.text.muted}>{'─'.repeat(width)}</Text>
          )}
        </Box>
        <Box flexGrow={1} height={bodyHeight} width={width} overflow="hidden">
          {helpOpen ? (
            <HelpOverlay title={top?.title ?? def.title} bindings={footerBindings} width={width} height={bodyHeight} />
          ) : loaded ? (
            <Suspense fallback={<Text color={theme.text.muted}>opening {def.title}…</Text>}>
              <Screen key={step} />
            </Suspense>
          ) : (
            <Text color={theme.text.muted}>loading project…</Text>
          )}
        </Box>
        <KeyHints bindings={helpOpen ? [] : footerBindings} width={width} />
      </Box>
    </AppContext.Provider>
  );
}
