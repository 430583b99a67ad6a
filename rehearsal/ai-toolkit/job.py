"""A job of the config file (jobs/ExtensionJob + BaseProcess): checks its process, echoes it, writes config.yaml
beside the outputs, and runs the trainer under the job banner."""
import json
import os

from trainer import Trainer
from yaml_subset import dump_yaml

PROCESS_TYPES = ("sd_trainer", "diffusion_trainer", "ui_trainer", "textual_inversion_trainer")


class Job:
    def __init__(self, config):
        self.config = config
        self.name = config["config"]["name"]
        # BaseJob: the top-level meta: block goes into every checkpoint's header
        self.meta = config.get("meta") or {}
        procs = config["config"].get("process") or []
        if not procs:
            raise ValueError("config file is invalid: no process")
        self.proc = procs[0]
        ptype = self.proc.get("type")
        if ptype not in PROCESS_TYPES:
            raise ValueError("config file is invalid. Unknown process type: %s" % ptype)
        # BaseProcess.py:26 echoes the process dict
        print(json.dumps(self.proc, indent=4))
        self.training_folder = self.proc.get("training_folder", "output")
        self.save_root = os.path.join(self.training_folder, self.name)
        os.makedirs(self.save_root, exist_ok=True)
        with open(os.path.join(self.save_root, "config.yaml"), "w", encoding="utf-8") as f:
            f.write(dump_yaml(config) + "\n")

    def run(self):
        print("")
        print("#############################################")
        print("# Running job: %s" % self.name)
        print("#############################################")
        print("")
        print("")
        print("Running  1 process")
        Trainer(self).run()
