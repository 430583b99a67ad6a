"""What REHEARSAL_SCENARIO plays, at step REHEARSAL_AT: the loss curve (with a spike or a plateau), an OOM that
skips a batch (or four in a row: the job fails), a nan loss, a CUDA error. SEED seeds the loss noise."""
import math
import os
import random


def scenarios():
    return {s.strip() for s in os.environ.get("REHEARSAL_SCENARIO", "").split(",") if s.strip()}


class Scenario:
    def __init__(self, steps):
        self.steps = steps
        self.names = scenarios()
        self.event_step = int(os.environ.get("REHEARSAL_AT", str(max(1, int(steps * 0.4)))))
        self.rng = random.Random(int(os.environ.get("SEED", "42")))

    def loss_at(self, k):
        base = 0.09 + 0.33 * math.exp(-k / max(1.0, self.steps * 0.25))
        if "plateau" in self.names and k >= self.event_step:
            base = 0.09 + 0.33 * math.exp(-self.event_step / max(1.0, self.steps * 0.25))
        noise = self.rng.gauss(0, 0.018 + base * 0.08)
        loss = max(0.005, base + noise)
        if "spike" in self.names and self.event_step <= k < self.event_step + 3:
            loss *= 4.5
        return loss

    def oom_at(self, step):
        return ("oom" in self.names and step == self.event_step) or (
            "oom-abort" in self.names and self.event_step <= step < self.event_step + 4)

    def cuda_oom_at(self, step):
        # not "CUDA out of memory": ai-toolkit's OOM skip does not catch it, so it is fatal
        return "cuda-oom" in self.names and step == self.event_step

    def error_at(self, step):
        return "error" in self.names and step == self.event_step

    def nan_at(self, step):
        return "nan" in self.names and step == self.event_step


def print_oom_banner(consecutive):
    print("")
    print("################################################")
    print("# OOM during training step, skipping batch %d/3 #" % consecutive)
    print("################################################")
    print("")
