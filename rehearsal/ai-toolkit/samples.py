"""Sample images under <save_root>/samples/<ms>__<step:09d>_<i>.<ext>, copied from assets/ (reference §2)."""
import os
import shutil
import time

from tqdm_bar import quick_bar

HERE = os.path.dirname(os.path.abspath(__file__))


def sample_assets():
    d = os.path.join(HERE, "assets")
    try:
        return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".jpg"))
    except OSError:
        return []


def prompts(sample_cfg):
    if sample_cfg.get("samples"):
        return [s.get("prompt", "") if isinstance(s, dict) else str(s) for s in sample_cfg["samples"]]
    return list(sample_cfg.get("prompts") or [])


# Architectures StableDiffusion (toolkit/stable_diffusion_model.py) serves: its generate_images draws
# "Generating Images" with leave=False, nested under the paused training bar (cursor-up codes). The newer
# model classes (BaseModel) draw "Generating Samples" at position 0, left on screen.
LEGACY_ARCHES = ("flux", "sdxl", "sd15", "sd1", "sd2", "sd3", "pixart", "auraflow", "lumina2", "ssd", "vega")


def sample(save_root, sample_cfg, step, step_seconds, arch):
    """One image per prompt at `step`, behind the model class's sampling bar (train.disable_sampling is the caller's)."""
    texts = prompts(sample_cfg)
    if not texts:
        print("")
        return
    folder = os.path.join(save_root, "samples")
    os.makedirs(folder, exist_ok=True)
    assets = sample_assets()
    ext = sample_cfg.get("format", "jpg")

    def work(i):
        fname = "%d__%s_%d.%s" % (int(time.time() * 1000), str(step).zfill(9), i, ext)
        dest = os.path.join(folder, fname)
        if assets:
            shutil.copyfile(assets[(step // max(1, int(sample_cfg.get("sample_every", 100))) + i * 3) % len(assets)], dest)
        else:
            open(dest, "wb").close()

    if arch in LEGACY_ARCHES:
        quick_bar(len(texts), "Generating Images", step_seconds * 1.5, work, leave=False, position=1)
    else:
        quick_bar(len(texts), "Generating Samples", step_seconds * 1.5, work)
    print("")
