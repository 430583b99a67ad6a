#!/usr/bin/env python3
"""Rehearsal stand-in for ostris/ai-toolkit's run.py (no GPU, no weights, Python stdlib only).

Same command line as the real one (`python run.py CONFIG [-r] [-n NAME] [-l LOG]`), the same console
output (stdout for messages, tqdm-style bar on stderr redrawn with \\r) and the same files under
training_folder/<name>/ (checkpoints, optimizer.pt, config.yaml, samples, loss_log.db).
Facts follow /work/shared/reference/ai-toolkit.md sections 1, 2 and 5.

Environment:
  REHEARSAL_STEP_SECONDS   seconds per training step (default 0.2)
  REHEARSAL_SCENARIO       comma list of: oom, oom-abort, nan, error, spike, plateau
  REHEARSAL_AT             step at which a scenario event happens (default: 40% of the run)
  SEED                     noise seed for the loss curve
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import struct
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "0.12.26"


# ---------------------------------------------------------------------------------------------
# A reader for the block-YAML subset written by lorapilot and used by the guide's template:
# maps, lists, scalars, quoted strings, flow lists, comments.
# ---------------------------------------------------------------------------------------------
class YamlError(Exception):
    pass


def _strip_comment(line):
    out, quote = [], None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            out.append(c)
            if quote == "'" and c == "'" and i + 1 < len(line) and line[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            if quote == '"' and c == "\\" and i + 1 < len(line):
                out.append(line[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
        else:
            if c in "'\"" and (not out or out[-1] in " \t:[{,-"):
                quote = c
            elif c == "#" and (not out or out[-1] in " \t"):
                break
            out.append(c)
        i += 1
    return "".join(out).rstrip()


def _split_flow(text):
    items, depth, cur, quote = [], 0, [], None
    for c in text:
        if quote:
            cur.append(c)
            if c == quote:
                quote = None
            continue
        if c in "'\"":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
            continue
        cur.append(c)
    if "".join(cur).strip():
        items.append("".join(cur).strip())
    return items


def _scalar(text):
    t = text.strip()
    if t == "":
        return None
    if t.startswith("[") and t.endswith("]"):
        return [_scalar(x) for x in _split_flow(t[1:-1])]
    if t.startswith("{") and t.endswith("}"):
        out = {}
        for item in _split_flow(t[1:-1]):
            k, _, v = item.partition(":")
            out[_scalar(k)] = _scalar(v)
        return out
    if t.startswith('"') and t.endswith('"') and len(t) >= 2:
        return json.loads(t)
    if t.startswith("'") and t.endswith("'") and len(t) >= 2:
        return t[1:-1].replace("''", "'")
    low = t.lower()
    if low in ("null", "~"):
        return None
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", t):
        return float(t)
    if low in (".inf", "+.inf"):
        return float("inf")
    return t


def _key_split(text):
    """Split `key: value` at the first colon followed by a space or end of line, outside quotes."""
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
            continue
        if c in "'\"" and i == 0:
            quote = c
            continue
        if c == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
            return _scalar(text[:i]), text[i + 1:].strip()
    return None


def parse_yaml(text):
    lines = []
    for raw in text.splitlines():
        if raw.strip() in ("---", "..."):
            continue
        s = _strip_comment(raw)
        if s.strip() == "":
            continue
        if "\t" in s[: len(s) - len(s.lstrip())]:
            raise YamlError("tabs are not allowed for indentation")
        lines.append((len(s) - len(s.lstrip(" ")), s.strip()))
    pos = [0]

    def block(indent):
        if pos[0] >= len(lines):
            return None
        ind, text = lines[pos[0]]
        if text.startswith("- ") or text == "-":
            return seq(ind)
        return mapping(ind)

    def seq(indent):
        out = []
        while pos[0] < len(lines):
            ind, text = lines[pos[0]]
            if ind != indent or not (text.startswith("- ") or text == "-"):
                break
            rest = text[1:].strip()
            pos[0] += 1
            if rest == "":
                out.append(block(indent + 1) if pos[0] < len(lines) and lines[pos[0]][0] > indent else None)
            elif _key_split(rest) is not None and not rest.startswith(("[", "{", '"', "'")):
                # `- key: value` starts a map whose keys are indented by the dash width
                lines.insert(pos[0], (indent + 2, rest))
                out.append(mapping(indent + 2))
            else:
                out.append(_scalar(rest))
        return out

    def mapping(indent):
        out = {}
        while pos[0] < len(lines):
            ind, text = lines[pos[0]]
            if ind < indent:
                break
            if ind > indent:
                raise YamlError("bad indentation near: %s" % text)
            kv = _key_split(text)
            if kv is None:
                raise YamlError("expected 'key: value' near: %s" % text)
            key, rest = kv
            pos[0] += 1
            if rest in ("", "|", ">"):
                if rest in ("|", ">"):
                    parts = []
                    while pos[0] < len(lines) and lines[pos[0]][0] > indent:
                        parts.append(lines[pos[0]][1])
                        pos[0] += 1
                    out[key] = ("\n" if rest == "|" else " ").join(parts)
                elif pos[0] < len(lines) and (
                    lines[pos[0]][0] > indent
                    or (lines[pos[0]][0] == indent and lines[pos[0]][1].startswith("- "))
                ):
                    out[key] = block(lines[pos[0]][0])
                else:
                    out[key] = None
            else:
                out[key] = _scalar(rest)
        return out

    result = block(0)
    if pos[0] != len(lines):
        raise YamlError("could not parse near: %s" % lines[pos[0]][1])
    return result


def dump_yaml(value, indent=0):
    """Plain block YAML for config.yaml (ai-toolkit writes yaml.dump of the raw config)."""
    pad = "  " * indent
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                out.append("%s%s:" % (pad, k))
                out.append(dump_yaml(v, indent + 1 if isinstance(v, dict) else indent))
            else:
                out.append("%s%s: %s" % (pad, k, _dump_scalar(v)))
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict) and v:
                inner = dump_yaml(v, indent + 1).split("\n")
                inner[0] = pad + "- " + inner[0].lstrip()
                out.append("\n".join(inner))
            elif isinstance(v, list) and v:
                out.append(pad + "- " + json.dumps(v))
            else:
                out.append("%s- %s" % (pad, _dump_scalar(v)))
    return "\n".join(out)


def _dump_scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (dict, list)):
        return "{}" if isinstance(v, dict) else "[]"
    s = str(v)
    if s == "" or re.search(r"[:#\[\]{},&*!|>'\"%@`]|^\s|\s$|^[-?]", s) or _scalar(s) != s:
        return "'" + s.replace("'", "''") + "'"
    return s


# ---------------------------------------------------------------------------------------------
# Config loading (toolkit/config.py: lookup order, ${ENV} substitution before parsing, [name])
# ---------------------------------------------------------------------------------------------
def find_config(arg):
    cfg_dir = os.path.join(HERE, "config")
    for ext in ("", ".json", ".jsonc", ".yaml", ".yml"):
        p = os.path.join(cfg_dir, arg + ext)
        if os.path.isfile(p):
            return p
    if os.path.isfile(arg):
        return arg
    p = os.path.join(os.getcwd(), arg)
    if os.path.isfile(p):
        return p
    raise ValueError("Could not find config file %s" % arg)


def load_config(arg, name_override=None):
    path = find_config(arg)
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()

    def env_sub(m):
        var = m.group(1)
        if var not in os.environ:
            raise ValueError("Environment variable %s not set. Please ensure it's defined before proceeding." % var)
        return os.environ[var]

    text = re.sub(r"\$\{([^}]+)\}", env_sub, text)
    if path.endswith(".json") or path.endswith(".jsonc"):
        config = json.loads(text)
    else:
        config = parse_yaml(text)
    if not isinstance(config, dict) or "config" not in config:
        raise ValueError("config file is invalid: missing config")
    if name_override:
        config["config"]["name"] = name_override
    name = config["config"].get("name")
    if not name:
        raise ValueError("config file must have a name")

    def name_sub(v):
        if isinstance(v, str):
            return v.replace("[name]", name)
        if isinstance(v, list):
            return [name_sub(x) for x in v]
        if isinstance(v, dict):
            return {k: name_sub(x) for k, x in v.items()}
        return v

    return name_sub(config)


# ---------------------------------------------------------------------------------------------
# tqdm-compatible progress bar (default format, non-TTY 10-cell bar, EMA rate with smoothing 0.7)
# ---------------------------------------------------------------------------------------------
BAR_CHARS = " " + "".join(chr(c) for c in range(0x258F, 0x2587, -1))


def fmt_interval(t):
    mins, s = divmod(int(t), 60)
    h, m = divmod(mins, 60)
    if h:
        return "%d:%02d:%02d" % (h, m, s)
    return "%02d:%02d" % (m, s)


class Ema:
    def __init__(self, alpha):
        self.alpha, self.last, self.calls = alpha, 0.0, 0

    def __call__(self, x=None):
        beta = 1 - self.alpha
        if x is not None:
            self.last = self.alpha * x + beta * self.last
            self.calls += 1
        return self.last / (1 - beta ** self.calls) if self.calls else self.last


class Bar:
    def __init__(self, total, desc=None, initial=0, smoothing=0.7, mininterval=0.1, leave=True):
        self.total, self.desc, self.n, self.initial = total, desc, initial, initial
        self.postfix = None
        self.start_t = self.last_print_t = time.time()
        self.last_print_n = initial
        self.mininterval = mininterval
        self.ema_dn, self.ema_dt = Ema(smoothing), Ema(smoothing)
        self.last_len = 0
        self.paused = False
        self.paused_time = 0.0
        self.leave = leave
        self.refresh()

    def rate(self):
        dt = self.ema_dt()
        return self.ema_dn() / dt if dt else None

    def line(self):
        elapsed = (self.paused_time if self.paused else time.time()) - self.start_t
        frac = self.n / self.total if self.total else 0
        nsyms = len(BAR_CHARS) - 1
        full, part = divmod(int(frac * 10 * nsyms), nsyms)
        bar = BAR_CHARS[-1] * full
        if full < 10:
            bar = bar + BAR_CHARS[part] + BAR_CHARS[0] * (10 - full - 1)
        rate = self.rate()
        if rate:
            inv = 1 / rate
            rate_fmt = ("%5.2fs/it" % inv) if inv > 1 else ("%5.2fit/s" % rate)
            remaining = fmt_interval((self.total - self.n) / rate)
        else:
            rate_fmt, remaining = "?it/s", "?"
        postfix = ", " + self.postfix if self.postfix else ""
        prefix = (self.desc + ": ") if self.desc else ""
        return "%s%3.0f%%|%s| %d/%d [%s<%s, %s%s]" % (
            prefix, frac * 100, bar, self.n, self.total, fmt_interval(elapsed), remaining, rate_fmt, postfix)

    def refresh(self):
        s = self.line()
        sys.stderr.write("\r" + s + " " * max(self.last_len - len(s), 0))
        sys.stderr.flush()
        self.last_len = len(s)

    def set_postfix_str(self, s):
        self.postfix = s
        self.refresh()

    def update(self, dn=1):
        if self.paused:
            return
        self.n += dn
        now = time.time()
        dt = now - self.last_print_t
        if dt >= self.mininterval:
            self.ema_dn(self.n - self.last_print_n)
            self.ema_dt(dt)
            self.refresh()
            self.last_print_n, self.last_print_t = self.n, now

    def pause(self):
        self.paused = True
        self.paused_time = time.time()

    def unpause(self):
        if self.paused:
            gap = time.time() - self.paused_time
            self.start_t += gap
            self.last_print_t += gap
        self.paused = False

    def close(self):
        self.unpause()
        if self.leave:
            self.refresh()
            sys.stderr.write("\n")
            sys.stderr.flush()


def quick_bar(total, desc, seconds_each, work=None):
    bar = Bar(total, desc=desc, mininterval=0)
    for i in range(total):
        time.sleep(seconds_each)
        if work:
            work(i)
        bar.update(1)
    bar.close()


# ---------------------------------------------------------------------------------------------
# Files: safetensors, samples, loss_log.db
# ---------------------------------------------------------------------------------------------
def write_safetensors(path, metadata):
    tensor = struct.pack("<4f", 0.01, -0.02, 0.03, 0.04)
    header = {
        "__metadata__": {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in metadata.items()},
        "lora_unet_single_blocks_0_linear1.alpha": {"dtype": "F32", "shape": [4], "data_offsets": [0, len(tensor)]},
    }
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        f.write(tensor)
    os.replace(tmp, path)


def read_safetensors_metadata(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
    return header.get("__metadata__", {})


def sample_assets():
    d = os.path.join(HERE, "assets")
    try:
        return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".jpg"))
    except OSError:
        return []


class LossLog:
    """loss_log.db with the schema of logging_aitk.py:217-250 (reference §2)."""

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS steps(step INTEGER PRIMARY KEY, wall_time REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS metric_keys(key TEXT PRIMARY KEY, first_seen_step INTEGER, last_seen_step INTEGER);
            CREATE TABLE IF NOT EXISTS metrics(step INTEGER NOT NULL, key TEXT NOT NULL, value_real REAL, value_text TEXT,
                PRIMARY KEY(step,key), FOREIGN KEY(step) REFERENCES steps(step) ON DELETE CASCADE);
            CREATE INDEX IF NOT EXISTS idx_metrics_key_step ON metrics(key, step);
            """
        )
        self.db.execute("PRAGMA foreign_keys=ON")
        self.pruned = False

    def log(self, step, values):
        if not self.pruned:
            # _prune_future_steps on the first commit of every run
            self.db.execute("DELETE FROM metrics WHERE step > ?", (step,))
            self.db.execute("DELETE FROM steps WHERE step > ?", (step,))
            self.pruned = True
        self.db.execute("INSERT OR REPLACE INTO steps(step, wall_time) VALUES (?, ?)", (step, time.time()))
        for k, v in values.items():
            self.db.execute(
                "INSERT OR REPLACE INTO metrics(step, key, value_real, value_text) VALUES (?, ?, ?, NULL)", (step, k, v))
            self.db.execute(
                "INSERT INTO metric_keys(key, first_seen_step, last_seen_step) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET last_seen_step=excluded.last_seen_step", (k, step, step))
        self.db.commit()

    def close(self):
        self.db.close()


# ---------------------------------------------------------------------------------------------
# The training job
# ---------------------------------------------------------------------------------------------
class OOMError(RuntimeError):
    pass


def scenarios():
    return {s.strip() for s in os.environ.get("REHEARSAL_SCENARIO", "").split(",") if s.strip()}


class Job:
    def __init__(self, config):
        self.config = config
        self.name = config["config"]["name"]
        procs = config["config"].get("process") or []
        if not procs:
            raise ValueError("config file is invalid: no process")
        self.proc = procs[0]
        ptype = self.proc.get("type")
        if ptype not in ("sd_trainer", "diffusion_trainer", "ui_trainer", "textual_inversion_trainer"):
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


class Trainer:
    def __init__(self, job):
        self.job = job
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
        self.scen = scenarios()
        self.event_step = int(os.environ.get("REHEARSAL_AT", str(max(1, int(self.steps * 0.4)))))
        self.rng = random.Random(int(os.environ.get("SEED", "42")))
        self.epoch = 0

    # -- helpers ------------------------------------------------------------------------------
    def pause(self, factor=1.0):
        time.sleep(self.step_seconds * factor)

    def prompts(self):
        if self.sample_cfg.get("samples"):
            return [s.get("prompt", "") if isinstance(s, dict) else str(s) for s in self.sample_cfg["samples"]]
        return list(self.sample_cfg.get("prompts") or [])

    def loss_at(self, k):
        base = 0.09 + 0.33 * math.exp(-k / max(1.0, self.steps * 0.25))
        if "plateau" in self.scen and k >= self.event_step:
            base = 0.09 + 0.33 * math.exp(-self.event_step / max(1.0, self.steps * 0.25))
        noise = self.rng.gauss(0, 0.018 + base * 0.08)
        loss = max(0.005, base + noise)
        if "spike" in self.scen and self.event_step <= k < self.event_step + 3:
            loss *= 4.5
        return loss

    def ckpt_path(self, step):
        if step is None:
            return os.path.join(self.save_root, "%s.safetensors" % self.name)
        return os.path.join(self.save_root, "%s_%s.safetensors" % (self.name, str(step).zfill(9)))

    # -- model and data -----------------------------------------------------------------------
    def load_model(self):
        arch = str(self.model.get("arch", "flux"))
        if "qwen" in arch:
            msgs = ["Loading Qwen Image model", "Loading transformer", "Quantizing Transformer",
                    " - quantizing 60 transformer blocks", None, " - quantizing extras", "Text Encoder",
                    "Quantizing Text Encoder", "Loading VAE", "Making pipe", "Preparing Model", "Model Loaded"]
        elif "zimage" in arch or "z_image" in arch:
            msgs = ["Loading ZImage model", "Loading transformer", "Quantizing Transformer",
                    " - quantizing 30 transformer blocks", None, " - quantizing extras", "Text Encoder",
                    "Quantizing Text Encoder", "Loading VAE", "Making pipe", "Preparing Model", "Model Loaded"]
        else:
            msgs = ["Loading Flux model", "Loading transformer", "Quantizing transformer", "Loading VAE",
                    "Loading T5", "Quantizing T5", "Loading CLIP", "Making pipe", "Preparing Model"]
        for m in msgs:
            if m is None:
                quick_bar(6, None, self.step_seconds * 0.2)
            else:
                print(m)
                self.pause(0.5)
        rank = self.network.get("linear", 16)
        alpha = self.network.get("linear_alpha", 1)
        print("create LoRA network. base dim (rank): %s, alpha: %s" % (rank, alpha))
        print("neuron dropout: p=None, rank dropout: p=None, module dropout: p=None")
        print("create LoRA for Text Encoder: 0 modules.")
        print("create LoRA for U-Net: 494 modules.")

    def count_images(self, folder):
        n = 0
        try:
            for f in os.listdir(folder):
                if f.lower().rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "webp", "bmp"):
                    n += 1
        except OSError:
            pass
        return n

    def load_datasets(self):
        total = 0
        for ds in self.datasets:
            folder = ds.get("folder_path", "")
            res = ds.get("resolution", [1024])
            if not isinstance(res, list):
                res = [res]
            repeats = int(ds.get("num_repeats", 1) or 1)
            n = self.count_images(folder)
            if n == 0:
                raise AssertionError("no images found in %s" % folder)
            for r in res:
                print("Dataset: %s" % folder)
                print("  -  Preprocessing image dimensions")
                quick_bar(n, None, 0.002)
                found = n * repeats
                print("  -  Found %d images" % found)
                if ds.get("flip_x") or ds.get("flip_y"):
                    print("  -  adding x axis flips")
                    found *= 2
                    print("  -  Found %d images after adding flips" % found)
                print("Bucket sizes for %s:" % folder)
                print("%dx%d: %d files" % (r, r, found))
                print("1 buckets made")
                print("Caching latents for %s" % folder)
                print(" - Saving latents to disk")
                quick_bar(n, "Caching latents to disk", 0.004)
                total += found
        return total

    # -- saving and sampling ------------------------------------------------------------------
    def save(self, step):
        path = self.ckpt_path(step)
        write_safetensors(path, {
            "training_info": {"step": step if step is not None else self.steps, "epoch": self.epoch},
            "ss_base_model_version": str(self.model.get("arch", "flux")),
            "ss_output_name": self.name,
            "software": {"name": "ai-toolkit", "repo": "https://github.com/ostris/ai-toolkit", "version": VERSION},
            "format": "pt",
        })
        print("Saved checkpoint to %s" % path)
        with open(os.path.join(self.save_root, "optimizer.pt"), "wb") as f:
            f.write(b"PK\x03\x04rehearsal-optimizer-state" + struct.pack("<I", step or self.steps))
        print("Saved optimizer to %s" % os.path.join(self.save_root, "optimizer.pt"))
        if step is not None:
            self.clean_up_saves()

    def clean_up_saves(self):
        keep = self.save_cfg.get("max_step_saves_to_keep")
        if not keep:
            return
        prefix = self.name + "_"
        files = [os.path.join(self.save_root, f) for f in os.listdir(self.save_root)
                 if f.startswith(prefix) and f.endswith(".safetensors")]
        files.sort(key=os.path.getctime)
        for old in files[: max(0, len(files) - int(keep))]:
            print("Removing old save: %s" % old)
            os.remove(old)
            yaml_sibling = os.path.splitext(old)[0] + ".yaml"
            if os.path.exists(yaml_sibling):
                os.remove(yaml_sibling)

    def sample(self, step):
        prompts = self.prompts()
        if not prompts or self.sample_cfg.get("disable_sampling"):
            print("")
            return
        folder = os.path.join(self.save_root, "samples")
        os.makedirs(folder, exist_ok=True)
        assets = sample_assets()
        ext = self.sample_cfg.get("format", "jpg")

        def work(i):
            fname = "%d__%s_%d.%s" % (int(time.time() * 1000), str(step).zfill(9), i, ext)
            dest = os.path.join(folder, fname)
            if assets:
                shutil.copyfile(assets[(step // max(1, int(self.sample_cfg.get("sample_every", 100))) + i * 3) % len(assets)], dest)
            else:
                open(dest, "wb").close()

        quick_bar(len(prompts), "Generating Samples", self.step_seconds * 1.5, work)
        print("")

    # -- the loop -----------------------------------------------------------------------------
    def latest_save(self):
        try:
            files = [os.path.join(self.save_root, f) for f in os.listdir(self.save_root)
                     if f.startswith(self.name) and f.endswith(".safetensors")]
        except OSError:
            return None
        return max(files, key=os.path.getctime) if files else None

    def run(self):
        self.load_model()
        start_step = 0
        latest = self.latest_save()
        if latest:
            print("#### IMPORTANT RESUMING FROM %s ####" % latest)
            print("Loading from %s" % latest)
            meta = read_safetensors_metadata(latest)
            info = json.loads(meta.get("training_info", "{}"))
            start_step = int(info.get("step", 0))
            self.epoch = int(info.get("epoch", 0))
            print("Found step %d in metadata, starting from there" % start_step)
            opt = os.path.join(self.save_root, "optimizer.pt")
            if os.path.exists(opt):
                print("Loading optimizer state from %s" % opt)
                print("Updating optimizer LR from params")
        total_images = self.load_datasets()
        sample_every = self.sample_cfg.get("sample_every", 100)
        save_every = self.save_cfg.get("save_every", 250)
        log_every = self.logging.get("log_every", 100) if "log_every" in self.logging else 100
        sample_start = int(self.sample_cfg.get("sample_start_step", 0) or 0)
        skip_first = self.train.get("skip_first_sample") or self.train.get("disable_sampling")
        if start_step == 0 or self.train.get("force_first_sample"):
            if skip_first:
                print("Skipping first sample due to config setting")
            elif start_step == 0:
                print("Generating baseline samples before training")
                self.sample(0)
        loss_log = LossLog(os.path.join(self.save_root, "loss_log.db")) if self.logging.get("use_ui_logger") else None
        bar = Bar(self.steps, desc=self.name, initial=start_step)
        bar.pause()
        bar.unpause()
        consecutive_oom = 0
        per_epoch = max(1, total_images // max(1, int(self.train.get("batch_size", 1))))
        for step in range(start_step, self.steps):
            self.pause()
            oom = ("oom" in self.scen and step == self.event_step) or (
                "oom-abort" in self.scen and self.event_step <= step < self.event_step + 4)
            if oom:
                consecutive_oom += 1
                if consecutive_oom > 3:
                    raise RuntimeError("OOM during training step 3 times in a row, aborting training")
                print("")
                print("################################################")
                print("# OOM during training step, skipping batch %d/3 #" % consecutive_oom)
                print("################################################")
                print("")
                bar.update(step + 1 - bar.n)
                continue
            consecutive_oom = 0
            if "error" in self.scen and step == self.event_step:
                raise RuntimeError("CUDA error: an illegal memory access was encountered")
            loss = self.loss_at(step)
            if "nan" in self.scen and step == self.event_step:
                sys.stdout.write("loss is nan\n")
                sys.stdout.flush()
                loss = 0.0
            if (step + 1) % per_epoch == 0:
                self.epoch += 1
            bar.set_postfix_str("lr: %.1e loss: %.3e" % (self.lr, loss))
            bar.update(step + 1 - bar.n)
            if step != start_step:
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


# ---------------------------------------------------------------------------------------------
# run.py entry (run.py:70-143)
# ---------------------------------------------------------------------------------------------
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
                traceback.print_exc()
                raise e


if __name__ == "__main__":
    main()
