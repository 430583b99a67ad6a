"""Start-up as ai-toolkit prints it: loading and quantizing the model, the LoRA network, then each dataset
(image count with repeats and flips, buckets, latent caching)."""
import os
import time

from tqdm_bar import quick_bar


def load_model(model, network, step_seconds):
    arch = str(model.get("arch", "flux"))
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
            quick_bar(6, None, step_seconds * 0.2)
        else:
            print(m)
            time.sleep(step_seconds * 0.5)
    rank = network.get("linear", 16)
    alpha = network.get("linear_alpha", 1)
    print("create LoRA network. base dim (rank): %s, alpha: %s" % (rank, alpha))
    print("neuron dropout: p=None, rank dropout: p=None, module dropout: p=None")
    print("create LoRA for Text Encoder: 0 modules.")
    print("create LoRA for U-Net: 494 modules.")


def count_images(folder):
    n = 0
    try:
        for f in os.listdir(folder):
            if f.lower().rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "webp", "bmp"):
                n += 1
    except OSError:
        pass
    return n


def load_datasets(datasets):
    """Images per epoch over all dataset entries (repeats and flips included)."""
    total = 0
    for ds in datasets:
        folder = ds.get("folder_path", "")
        res = ds.get("resolution", [1024])
        if not isinstance(res, list):
            res = [res]
        repeats = int(ds.get("num_repeats", 1) or 1)
        n = count_images(folder)
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
