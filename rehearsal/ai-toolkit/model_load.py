"""Start-up as ai-toolkit prints it: loading and quantizing the model, the LoRA network, then each dataset
(image count with repeats and flips, buckets, latent caching)."""
import os
import time

from tqdm_bar import quick_bar


def load_model(model, network, step_seconds):
    """Loading messages; the quantize lines only with model.quantize (and quantize_te for the text encoder)."""
    arch = str(model.get("arch", "flux"))
    q = bool(model.get("quantize"))
    qte = bool(model.get("quantize_te", q))
    if "qwen" in arch or "zimage" in arch or "z_image" in arch:
        name, blocks = ("Qwen Image", 60) if "qwen" in arch else ("ZImage", 30)
        msgs = ["Loading %s model" % name, "Loading transformer"]
        if q:
            msgs += ["Quantizing Transformer", " - quantizing %d transformer blocks" % blocks, None, " - quantizing extras"]
        msgs += ["Text Encoder"] + (["Quantizing Text Encoder"] if qte else []) + ["Loading VAE", "Making pipe", "Preparing Model", "Model Loaded"]
    else:
        msgs = ["Loading Flux model", "Loading transformer"] + (["Quantizing transformer"] if q else []) + ["Loading VAE", "Loading T5"]
        msgs += (["Quantizing T5"] if qte else []) + ["Loading CLIP", "Making pipe", "Preparing Model"]
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
        cache = ds.get("cache_latents_to_disk") or ds.get("cache_latents")
        for r in res:
            # toolkit/data_loader.py: the scan is printed, then an empty folder fails its assert
            print("Dataset: %s" % folder)
            print("  -  Preprocessing image dimensions")
            quick_bar(n, None, 0.002)
            found = n * repeats
            print("  -  Found %d images" % found)
            assert n > 0, "no images found in %s" % folder
            if ds.get("flip_x") or ds.get("flip_y"):
                print("  -  adding x axis flips")
                found *= 2
                print("  -  Found %d images after adding flips" % found)
            print("Bucket sizes for %s:" % folder)
            print("%dx%d: %d files" % (r, r, found))
            print("1 buckets made")
            if cache:
                print("Caching latents for %s" % folder)
                if ds.get("cache_latents_to_disk"):
                    print(" - Saving latents to disk")
                quick_bar(n, "Caching latents to disk" if ds.get("cache_latents_to_disk") else "Caching latents", 0.004)
            total += found
    return total
