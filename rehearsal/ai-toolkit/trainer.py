"""The training process (sd_trainer): start-up, the step loop with its bar on stderr, saves and samples at
their intervals, loss_log.db, and the scenario events of REHEARSAL_SCENARIO."""
import os
import sys
import time

from checkpoints import Checkpoints
from loss_log import LossLog
from model_load import load_datasets, load_model
from samples import sample
from scenarios import Scenario, print_oom_banner
from tqdm_bar import Bar


class Trainer:
    def __init__(self, job):
        p = job.proc
        self.name = job.name
        self.save_root = job.save_root
        self.train = p.get("train") or {}
        self.save_cfg = p.get("save") or {}
        self.sample_cfg = p.get("sample") or {}
        self.model = p.get("model") or {}
        self.network = p.get("network") or {}
        self.logging = p.get("logging") or {}
        self.datasets = p.get("datasets") or []
        self.steps = int(self.train.get("steps", 1000))
        self.lr = float(self.train.get("lr", 1e-6))
        self.step_seconds = float(os.environ.get("REHEARSAL_STEP_SECONDS", "0.2"))
        self.scenario = Scenario(self.steps)
        self.checkpoints = Checkpoints(self.save_root, self.name, self.save_cfg, str(self.model.get("arch", "flux")), self.steps)
        self.epoch = 0

    def sample(self, step):
        sample(self.save_root, self.sample_cfg, step, self.step_seconds)

    def save(self, step):
        self.checkpoints.save(step, self.epoch)

    def start(self):
        """Model, resume point, datasets and the baseline samples; returns (start step, images per epoch)."""
        load_model(self.model, self.network, self.step_seconds)
        start_step, self.epoch = self.checkpoints.resume()
        total_images = load_datasets(self.datasets)
        skip_first = self.train.get("skip_first_sample") or self.train.get("disable_sampling")
        if start_step == 0 or self.train.get("force_first_sample"):
            if skip_first:
                print("Skipping first sample due to config setting")
            elif start_step == 0:
                print("Generating baseline samples before training")
                self.sample(0)
        return start_step, total_images

    def run(self):
        start_step, total_images = self.start()
        sample_every = self.sample_cfg.get("sample_every", 100)
        save_every = self.save_cfg.get("save_every", 250)
        log_every = self.logging.get("log_every", 100) if "log_every" in self.logging else 100
        sample_start = int(self.sample_cfg.get("sample_start_step", 0) or 0)
        loss_log = LossLog(os.path.join(self.save_root, "loss_log.db")) if self.logging.get("use_ui_logger") else None
        bar = Bar(self.steps, desc=self.name, initial=start_step)
        bar.pause()
        bar.unpause()
        consecutive_oom = 0
        per_epoch = max(1, total_images // max(1, int(self.train.get("batch_size", 1))))
        for step in range(start_step, self.steps):
            time.sleep(self.step_seconds)
            if self.scenario.oom_at(step):
                consecutive_oom += 1
                if consecutive_oom > 3:
                    raise RuntimeError("OOM during training step 3 times in a row, aborting training")
                print_oom_banner(consecutive_oom)
                bar.update(step + 1 - bar.n)
                continue
            consecutive_oom = 0
            if self.scenario.error_at(step):
                raise RuntimeError("CUDA error: an illegal memory access was encountered")
            loss = self.scenario.loss_at(step)
            if self.scenario.nan_at(step):
                sys.stdout.write("loss is nan\n")
                sys.stdout.flush()
                loss = 0.0
            if (step + 1) % per_epoch == 0:
                self.epoch += 1
            bar.set_postfix_str("lr: %.1e loss: %.3e" % (self.lr, loss))
            bar.update(step + 1 - bar.n)
            if step == start_step:
                continue
            # ai-toolkit saves, samples and logs only after the first step of a run
            if save_every and step % save_every == 0:
                bar.pause()
                print("\nSaving at step %d" % step)
                self.save(step)
                bar.unpause()
            if sample_every and step % sample_every == 0 and step >= sample_start:
                bar.pause()
                self.sample(step)
                bar.unpause()
            if loss_log and (log_every is None or step % int(log_every) == 0):
                loss_log.log(step, {"learning_rate": self.lr, "loss/loss": loss})
        bar.close()
        self.save(None)
        self.sample(self.steps)
        print("")
        if loss_log:
            loss_log.close()
