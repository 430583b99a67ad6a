import { useEffect, useState } from 'react';
import { sampleSettings } from '../../src/checkpoints/sample-settings.js';
import type { Target } from '../../src/remote/target.js';

/** The seed of each sample prompt, read once per job folder from the run's config.yaml. */
export function useSampleSeeds(target: () => Target | null, folder: string | null): Array<number | null> {
  const [seeds, setSeeds] = useState<Array<number | null>>([]);
  useEffect(() => {
    const t = target();
    if (!t || !folder) return;
    let live = true;
    void sampleSettings(t, folder).then((s) => live && setSeeds(s.seeds));
    return () => {
      live = false;
    };
  }, [folder]);
  return seeds;
}
