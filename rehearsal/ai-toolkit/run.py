#!/usr/bin/env python3
"""Rehearsal stand-in for ostris/ai-toolkit's run.py (no GPU, no weights, Python stdlib only).

Same command line as the real one (`python run.py CONFIG [-r] [-n NAME] [-l LOG]`), the same console
output (stdout for messages, tqdm-style bar on stderr redrawn with \\r) and the same files under
training_folder/<name>/ (checkpoints, optimizer.pt, config.yaml, samples, loss_log.db).
Facts follow /work/shared/reference/ai-toolkit.md sections 1, 2 and 5.

Environment:
  REHEARSAL_STEP_SECONDS   seconds per training step (default 0.2)
  REHEARSAL_SCENARIO       comma list of: oom, oom-abort, cuda-oom, nan, error, spike, plateau
  REHEARSAL_UPDATE         legacy: advance the bar with update(step - n), as ai-toolkit did before 27a03a91
  REHEARSAL_AT             step at which a scenario event happens (default: 40% of the run)
  SEED                     noise seed for the loss curve
"""
import argparse
import sys

# The folder may be read-only (an installed package) and is uploaded as is: no __pycache__ beside the modules.
sys.dont_write_bytecode = True

from config_file import load_config
from job import Job


class Tee:
    def __init__(self, stream, path):
        self.stream, self.file = stream, open(path, "a", encoding="utf-8")

    def write(self, s):
        self.stream.write(s)
        self.file.write(s)
        self.file.flush()

    def flush(self):
        self.stream.flush()


def print_end_message(completed, failed):
    print("")
    print("========================================")
    print("Result:")
    print(" - %d completed job%s" % (completed, "" if completed == 1 else "s"))
    print(" - %d failure%s" % (failed, "" if failed == 1 else "s"))
    print("========================================")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("config_file_list", nargs="+", type=str)
    parser.add_argument("-r", "--recover", action="store_true")
    parser.add_argument("-n", "--name", type=str, default=None)
    parser.add_argument("-l", "--log", type=str, default=None)
    args = parser.parse_args()
    if args.log:
        sys.stdout = Tee(sys.stdout, args.log)
        sys.stderr = Tee(sys.stderr, args.log)
    files = args.config_file_list
    print("Running %d job%s" % (len(files), "" if len(files) == 1 else "s"))
    completed = failed = 0
    for cfg in files:
        try:
            job = Job(load_config(cfg, args.name))
            job.run()
            completed += 1
        except KeyboardInterrupt:
            print("")
            print("========================================")
            print("Job stopped")
            print("========================================")
            sys.exit(0)
        except Exception as e:
            print("Error running job: %s" % e)
            failed += 1
            if not args.recover:
                print_end_message(completed, failed)
                raise e


if __name__ == "__main__":
    main()
