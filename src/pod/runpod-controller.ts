import { loadProject, type Project } from '../project/index.js';
import type { HostKeyPrompt } from '../remote/ssh-target.js';
import { CREATE_DEFAULTS } from '../runpod/create-request.js';
import { RunpodError } from '../runpod/errors.js';
import { createProjectPod, type CreateProgress } from './pod-create.js';
import { startProjectPod, stopProjectPod, terminateProjectPod, terminateQuestion } from './pod-lifecycle.js';
import { createProgressText, podCostText } from './runpod-report.js';
import { podIdOf, runpodClient } from './runpod-session.js';
import { SnapshotSource } from './snapshot-source.js';

/**
 * The Pod screen's RunPod actions as plain methods (no React): create, stop, start, terminate — the same
 * services `lorapilot pod create|stop|start|terminate` call. Terminate is two steps: ask (with what is
 * lost), then do. The host key of a new pod waits for the user's y/n like the Pod screen's own connect.
 */
export interface RunpodSnapshot {
  podId: string | null;
  cost: string | null;
  busy: null | 'create' | 'stop' | 'start' | 'terminate';
  progress: string | null;
  /** Set while create waits for the user's word: what would be rented. */
  createAsk: string | null;
  /** Set while terminate waits for the user's word. */
  terminateAsk: { question: string; loss: string } | null;
  message: string | null;
  error: { message: string; hint?: string } | null;
  hostKeyPrompt: HostKeyPrompt | null;
  /** The host a create recorded, for the screen to connect to. */
  createdHost: string | null;
}

export class RunpodController extends SnapshotSource<RunpodSnapshot> {
  private hostKeyAnswer: ((ok: boolean) => void) | null = null;

  constructor(
    readonly dir: string,
    private project: Project,
    private env: NodeJS.ProcessEnv = process.env,
  ) {
    super({ podId: project.runpod?.podId ?? null, cost: podCostText(project, new Date(), null), busy: null, progress: null, createAsk: null, terminateAsk: null, message: null, error: null, hostKeyPrompt: null, createdHost: null });
  }

  answerHostKey(ok: boolean): void {
    const a = this.hostKeyAnswer;
    this.hostKeyAnswer = null;
    this.set({ hostKeyPrompt: null });
    a?.(ok);
  }

  private async run(busy: NonNullable<RunpodSnapshot['busy']>, fn: () => Promise<string>): Promise<void> {
    if (this.snap.busy) return;
    this.set({ busy, error: null, message: null, progress: null });
    try {
      const message = await fn();
      this.set({ message });
    } catch (e) {
      this.set({ error: e instanceof RunpodError ? { message: e.message, hint: e.hint } : { message: e instanceof Error ? e.message : String(e) } });
    } finally {
      const r = await loadProject(this.dir);
      if (r.ok) this.project = r.project;
      this.set({ busy: null, progress: null, podId: this.project.runpod?.podId ?? null, cost: podCostText(this.project, new Date(), null) });
    }
  }

  askCreate(): void {
    const d = CREATE_DEFAULTS;
    this.set({ createAsk: `Rent a pod? ${d.gpu}, ${d.cloud.toLowerCase()} cloud, ${d.image}, ${d.disk} GB disk, ${d.volume} GB at /workspace. It bills by the hour until stopped.`, error: null, message: null });
  }

  confirmCreate(yes: boolean): Promise<void> {
    if (!this.snap.createAsk) return Promise.resolve();
    this.set({ createAsk: null });
    return yes ? this.create() : Promise.resolve();
  }

  create(): Promise<void> {
    return this.run('create', async () => {
      const client = await runpodClient(this.project, this.env);
      const out = await createProjectPod({
        dir: this.dir,
        project: this.project,
        client,
        choices: { name: `lorapilot-${this.project.name}`, ...CREATE_DEFAULTS },
        connect: {
          env: this.env,
          confirmHostKey: (p) =>
            new Promise<boolean>((resolve) => {
              this.hostKeyAnswer = resolve;
              this.set({ hostKeyPrompt: p });
            }),
        },
        env: this.env,
        onProgress: (p: CreateProgress) => this.set({ progress: createProgressText(p).trim() }),
      });
      this.set({ createdHost: out.host });
      return `pod ${out.pod.id} is ready at ${out.host}`;
    });
  }

  stop(): Promise<void> {
    return this.run('stop', async () => (await stopProjectPod(this.dir, await runpodClient(this.project, this.env), podIdOf(this.project))).message);
  }

  start(): Promise<void> {
    return this.run('start', async () => (await startProjectPod({ dir: this.dir, project: this.project, client: await runpodClient(this.project, this.env), id: podIdOf(this.project), onWaiting: (s) => this.set({ progress: `${s.toLowerCase()}…` }) })).message);
  }

  /** First step of terminate: fetch what would be lost and wait for confirmTerminate. */
  askTerminate(): Promise<void> {
    return this.run('terminate', async () => {
      const q = await terminateQuestion(await runpodClient(this.project, this.env), podIdOf(this.project));
      if (!q) return 'the pod is already terminated';
      this.set({ terminateAsk: { question: q.question, loss: q.loss } });
      return '';
    });
  }

  confirmTerminate(yes: boolean): Promise<void> {
    if (!this.snap.terminateAsk) return Promise.resolve();
    this.set({ terminateAsk: null });
    if (!yes) return Promise.resolve();
    return this.run('terminate', async () => (await terminateProjectPod(this.dir, await runpodClient(this.project, this.env), podIdOf(this.project))).message);
  }
}
