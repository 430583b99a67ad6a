import { useCallback, useEffect, useMemo, useState } from 'react';
import { withChanges, type Choices } from '../../src/config/choices.js';
import { findingsVerdict } from '../../src/config/lint-text.js';
import { buildForProject, choicesFor, lintForProject, loadConfigContext, recordTuning, saveConfig, writtenConfigStatus, type ConfigContext } from '../../src/config/service.js';
import { describeChanges, NO_CONFIG_CHANGE } from '../../src/config/tuning-text.js';
import { adviseTuning, SYMPTOMS } from '../../src/config/tuning.js';
import { glyph } from '../../src/text/glyphs.js';
import { useApp } from '../app-context.js';

/** The Config screen's state: the project and dataset, the choices, and what they build, lint and advise. */
export function useConfig(symptom: number) {
  const app = useApp();
  const [ctx, setCtx] = useState<ConfigContext | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const rel = (file: string) => file.replace(app.dir + '/', '');

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
          app.notify(`${rel(status.file)} is out of date with the dataset or choices: press s to rewrite it`, 'warning');
        }
      })
      .catch((e: Error) => live && setLoadError(e.message));
    return () => {
      live = false;
    };
  }, [app.dir]);

  const result = useMemo(() => (ctx && choices ? buildForProject(ctx, choices) : null), [ctx, choices]);
  const lint = useMemo(() => (ctx && result ? lintForProject(ctx, result.yaml) : null), [ctx, result]);
  const advice = useMemo(
    () => (ctx && choices && result ? adviseTuning(SYMPTOMS[symptom], choices, ctx.scan?.folders ?? [], result.math.epochs) : null),
    [ctx, choices, result, symptom],
  );

  const change = useCallback((next: Choices) => {
    setChoices(next);
    setDirty(true);
  }, []);

  const save = useCallback(async () => {
    if (!ctx || !choices || !result || busy) return;
    setBusy(true);
    try {
      const saved = await saveConfig(ctx, choices, result);
      setDirty(false);
      await app.reloadProject();
      const c = await loadConfigContext(app.dir).catch(() => null);
      if (c) setCtx(c);
      app.notify(`wrote ${rel(saved.file)} ${glyph.separator} lint: ${findingsVerdict(saved.lint.findings)}`, saved.errors > 0 ? 'warning' : 'success');
    } catch (e) {
      app.notify(`could not write the config: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  }, [ctx, choices, result, busy, app]);

  const applyAdvice = useCallback(async () => {
    if (!ctx || !choices || !advice || busy) return;
    if (advice.config.length === 0) {
      app.notify(NO_CONFIG_CHANGE, 'info');
      return;
    }
    setBusy(true);
    try {
      await recordTuning(ctx.dir, advice);
      change(withChanges(choices, advice.config));
      app.notify(`applied ${describeChanges(advice)} ${glyph.separator} press s to write the config`, 'success');
    } catch (e) {
      app.notify(`could not record the change: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  }, [ctx, choices, advice, busy, app, change]);

  return { ctx, loadError, choices, result, lint, advice, dirty, change, save, applyAdvice };
}
