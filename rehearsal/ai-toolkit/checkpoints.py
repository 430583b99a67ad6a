"""Checkpoints under training_folder/<name>/ with ai-toolkit's names (reference §2): <name>_<step:09d>.safetensors,
the final <name>.safetensors, optimizer.pt beside them; keeping the newest max_step_saves_to_keep; resuming."""
import json
import os
import struct

from version import VERSION


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


# get_base_model_version() of the model classes: StableDiffusion (toolkit/stable_diffusion_model.py) for the
# older architectures, each extensions_built_in/diffusion_models class for the newer ones
BASE_MODEL_VERSIONS = {
    "flux": "flux.1", "sdxl": "sdxl_1.0", "sd15": "sd_1.5", "sd1": "sd_1.5", "sd2": "sd_2.1", "sd3": "sd_3",
    "pixart": "pixart", "auraflow": "auraflow", "lumina2": "lumina2", "ssd": "ssd", "vega": "vega",
    "qwen_image": "qwen_image", "zimage": "zimage", "z_image": "zimage", "wan22_14b": "wan_2.2_14b",
}


def base_model_version(arch):
    return BASE_MODEL_VERSIONS.get(arch, arch)


class Checkpoints:
    def __init__(self, save_root, name, save_cfg, arch, steps, meta=None, trigger_word=None):
        self.save_root, self.name, self.save_cfg, self.arch, self.steps = save_root, name, save_cfg, arch, steps
        self.meta, self.trigger_word = dict(meta or {}), trigger_word

    def path(self, step):
        if step is None:
            return os.path.join(self.save_root, "%s.safetensors" % self.name)
        return os.path.join(self.save_root, "%s_%s.safetensors" % (self.name, str(step).zfill(9)))

    def save(self, step, epoch):
        """Save at `step`, or the final checkpoint when step is None."""
        path = self.path(step)
        # the config's meta: block first, then update_training_metadata() (BaseSDTrainProcess.py)
        meta = dict(self.meta)
        meta["training_info"] = {"step": step if step is not None else self.steps, "epoch": epoch}
        meta["ss_base_model_version"] = base_model_version(self.arch)
        meta["ss_output_name"] = self.name
        if self.trigger_word:
            meta["ss_tag_frequency"] = {"1_%s" % self.trigger_word: {self.trigger_word: 1}}
        meta["software"] = {"name": "ai-toolkit", "repo": "https://github.com/ostris/ai-toolkit", "version": VERSION}
        meta["format"] = "pt"
        write_safetensors(path, meta)
        print("Saved checkpoint to %s" % path)
        with open(os.path.join(self.save_root, "optimizer.pt"), "wb") as f:
            f.write(b"PK\x03\x04rehearsal-optimizer-state" + struct.pack("<I", step or self.steps))
        print("Saved optimizer to %s" % os.path.join(self.save_root, "optimizer.pt"))
        # every save cleans up, the final one too (its own name is not a step save)
        self.clean_up()

    def clean_up(self):
        keep = self.save_cfg.get("max_step_saves_to_keep", 5)
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

    def latest(self):
        try:
            files = [os.path.join(self.save_root, f) for f in os.listdir(self.save_root)
                     if f.startswith(self.name) and f.endswith(".safetensors")]
        except OSError:
            return None
        return max(files, key=os.path.getctime) if files else None

    def resume(self):
        """(start step, epoch) of the newest save, announced as ai-toolkit does; (0, 0) for a fresh run."""
        latest = self.latest()
        if not latest:
            return 0, 0
        print("#### IMPORTANT RESUMING FROM %s ####" % latest)
        print("Loading from %s" % latest)
        meta = read_safetensors_metadata(latest)
        info = json.loads(meta.get("training_info", "{}"))
        start_step = int(info.get("step", 0))
        epoch = int(info.get("epoch", 0))
        print("Found step %d in metadata, starting from there" % start_step)
        opt = os.path.join(self.save_root, "optimizer.pt")
        if os.path.exists(opt):
            print("Loading optimizer state from %s" % opt)
            print("Updating optimizer LR from params")
        return start_step, epoch
