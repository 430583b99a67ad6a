"""The training process (sd_trainer): start-up, the step loop with its bar on stderr, saves and samples at
their intervals, loss_log.db, and the scenario events of REHEARSAL_SCENARIO. Within a step the order is
BaseSDTrainProcess.py's: the loss on the bar (set_postfix_str), then save and sample, then the bar advances."""
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
        self.legacy_update = os.environ.get("REHEARSAL_UPDATE") == "legacy"
        self.scenario = Scenario(self.steps)
        arch = str(self.model.get("arch", "flux"))
        self.checkpoints = Checkpoints(self.save_root, self.name, self.save_cfg, arch, self.steps, job.meta, p.get("trigger_word"))
        self.sampling = not self.train.get("disable_sampling")
        self.epoch = 0

    def sample(self, step):
        sample(self.save_root, self.sample_cfg, step, self.step_seconds, str(self.model.get("arch", "flux")))

    def start(self):
        """Model, resume point, datasets and the baseline samples; returns (start step, images per epoch)."""
        load_model(self.model, self.network, self.step_seconds)
        start_step, self.epoch = self.checkpoints.resume()
        total_images = load_datasets(self.datasets)
        if self.train.get("skip_first_sample") or not self.sampling:
            print("Skipping first sample due to config setting")
        elif start_step <= 1 or self.train.get("force_first_sample"):
            print("Generating baseline samples before training")
            self.sample(start_step)
        return start_step, total_images

    def run(self):
        start_step, total_images = self.start()
        sample_every = self.sample_cfg.get("sample_every", 100)
        save_every = self.save_cfg.get("save_every", 1000)
        log_every = self.logging.get("log_every", 100) if "log_every" in self.logging else 100
        sample_start = int(self.sample_cfg.get("sample_start_step", 0) or 0)
        loss_log = LossLog(os.path.join(self.save_root, "loss_log.db")) if self.logging.get("use_ui_logger") else None
        bar = Bar(self.steps, desc=self.name, initial=start_step)
        bar.pause()
        consecutive_oom = 0
        per_epoch = max(1, total_images // max(1, int(self.train.get("batch_size", 1))))
        for step in range(start_step, self.steps):
            bar.unpause()
            is_save = save_every and step % save_every == 0
            is_sample = self.sampling and sample_every and step >= sample_start and step % sample_every == 0
            time.sleep(self.step_seconds)
            if self.scenario.cuda_oom_at(step):
                raise RuntimeError("CUDA error: out of memory")
            did_oom = self.scenario.oom_at(step)
            loss = None
            if did_oom:
                consecutive_oom += 1
                if consecutive_oom > 3:
                    raise RuntimeError("OOM during training step 3 times in a row, aborting training")
                print_oom_banner(consecutive_oom)
            else:
                consecutive_oom = 0
                if self.scenario.error_at(step):
                    raise RuntimeError("CUDA error: an illegal memory access was encountered")
                loss = self.scenario.loss_at(step)
                if self.scenario.nan_at(step):
                    sys.stdout.write("loss is nan\n")
                    sys.stdout.flush()
                    loss = 0.0
                bar.set_postfix_str("lr: %.1e loss: %.3e" % (self.lr, loss))
            if (step + 1) % per_epoch == 0:
                self.epoch += 1
            # ai-toolkit saves, samples and logs only after the first step of a run; an OOM step still does
            if step != start_step:
                if is_save:
                    bar.pause()
                    print("\nSaving at step %d" % step)
                    self.checkpoints.save(step, self.epoch)
                    bar.unpause()
                if is_sample:
                    bar.pause()
                    self.sample(step)
                    bar.unpause()
                if loss_log and (log_every is None or step % int(log_every) == 0):
                    values = {"learning_rate": self.lr}
                    if loss is not None:
                        values["loss/loss"] = loss
                    loss_log.log(step, values)
            # before 27a03a91 the bar was set to `step`, one behind the steps done
            bar.update((step if self.legacy_update else step + 1) - bar.n)
        bar.close()
        self.checkpoints.save(None, self.epoch)
        if self.sampling:
            self.sample(self.steps)
        print("")
        if loss_log:
            loss_log.close()
