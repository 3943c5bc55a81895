#!/usr/bin/python3
"""The PyTorch side of the workbench's performance comparison (run by compare-pytorch.sh).

Two modes:

  pytorch_bench.py run --data-dir DIR [--settings-from WORKBENCH.json] [--model-npz MODEL.npz] [--out FILE]
      Measures the same workloads as `dqa-workbench bench` in plain PyTorch, the way a PyTorch user
      would write them, and prints one JSON object (the same shape as the workbench's):
        train  images/s of a standard training loop (Adam 1e-3, CE, loss.item() and the correct count
               read every batch, as a progress bar would), fresh network each repeat, warm-up excluded;
        infer  images/s: uint8 batch -> float -> logits -> correct count, under torch.no_grad();
        fgsm   ms per step: input gradient with frozen parameters, sign, update, clip;
        pgd    ms per step: random start, then steps of gradient, sign, update, projection;
        sweep  seconds for L-inf PGD at every eps of the list on the first N test images, the usual
               way: every image attacked again at every eps (no reuse across eps); robust accuracy
               per eps. The model is the workbench's own sweep model, exported with
               `dqa-workbench export --npz`, so both attack the same weights.
      Networks: lenet (conv5x5-20, pool, conv5x5-50, pool, fc-500, fc-10), lenet-wide
      (conv5x5-32/64, fc-1024), cnn (conv3x3-16/32 padded, fc-64), each starting with the model's
      own (x - mean) / std, with relu, fixed:k or dqa:k activations built as in
      dqa/nn/QuantizedActivation.java (value: the staircase; gradient: straight-through inside
      [-1, 1] for the input; DQA thresholds learn through a sigmoid-smoothed staircase, sharpness 4).
      Adversarial images are rounded to 8-bit pixels before they are classified, as the workbench
      does, so robust accuracies are comparable.

  pytorch_bench.py compare WORKBENCH.json PYTORCH.json
      Prints the table of ratios (workbench / PyTorch) with the direction that is better and the
      issue's targets.

Runs on Debian's PyTorch: apt-get install python3-torch libopenblas0-openmp; use /usr/bin/python3.
Reads MNIST from the IDX files (gzipped or not) in DIR/mnist or DIR itself; downloads nothing.
"""

import argparse
import gzip
import json
import math
import os
import platform
import struct
import sys
import time
import zipfile

FORMAT = "dqa-bench-pytorch/1"


# --------------------------------------------------------------------------------------------------
# memory and small statistics (the same definitions as dqa.run.ProcessMemory and Bench.Stats)


def memory_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                name, _, rest = line.partition(":")
                if name.strip() == field:
                    parts = rest.split()
                    return int(parts[0])
    except OSError:
        pass
    return None


def mb(kb):
    return None if kb is None else round(kb / 1024.0, 1)


def stats(samples, digits):
    s = sorted(samples)
    n = len(s)
    median = s[n // 2] if n % 2 == 1 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {
        "median": round(median, digits),
        "min": round(s[0], digits),
        "max": round(s[-1], digits),
        "samples": [round(v, digits) for v in samples],
    }


# --------------------------------------------------------------------------------------------------
# data


IDX = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def read_idx(path):
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    if magic >> 8 != 0x08 or dims not in (1, 3):
        raise SystemExit("error: %s: not an IDX file of unsigned bytes (magic %#x)" % (path, magic))
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    body = data[4 + 4 * dims :]
    count = 1
    for d in shape:
        count *= d
    if len(body) != count:
        raise SystemExit("error: %s: %d bytes of data, the header says %d" % (path, len(body), count))
    return np.frombuffer(body, dtype=np.uint8).reshape(shape)


def find_mnist(data_dir):
    for folder in (os.path.join(data_dir, "mnist"), data_dir):
        found = {}
        for key, name in IDX.items():
            for candidate in (name, name + ".gz"):
                p = os.path.join(folder, candidate)
                if os.path.isfile(p):
                    found[key] = p
                    break
        if len(found) == 4:
            return folder, found
    raise SystemExit("error: no MNIST IDX files (%s, raw or .gz) in %s or %s/mnist"
                     % (", ".join(IDX.values()), data_dir, data_dir))


def load_mnist(data_dir):
    import torch

    folder, files = find_mnist(data_dir)
    arrays = {k: read_idx(p) for k, p in files.items()}
    out = {}
    for split in ("train", "test"):
        images = torch.from_numpy(arrays[split + "_images"].copy()).unsqueeze(1)  # N x 1 x 28 x 28 uint8
        labels = torch.from_numpy(arrays[split + "_labels"].astype("int64"))
        out[split] = (images, labels)
    return folder, out


# --------------------------------------------------------------------------------------------------
# networks (as dqa/nn/Architecture.java and QuantizedActivation.java build them)

MNIST_MEAN = 0.1307
MNIST_STD = 0.3081


def build(arch, activation, mean=MNIST_MEAN, std=MNIST_STD):
    import torch
    from torch import nn

    class Normalize(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("mean", torch.tensor([mean]).view(1, 1, 1, 1))
            self.register_buffer("std", torch.tensor([std]).view(1, 1, 1, 1))

        def forward(self, x):
            return (x - self.mean) / self.std

    class Quantized(nn.Module):
        """fixed:k / dqa:k: value = staircase, x-gradient = straight-through inside [-1, 1]."""

        def __init__(self, kind, bits):
            super().__init__()
            self.levels = 2 ** bits
            self.delta = 2.0 / (self.levels - 1)
            self.kind = kind
            if kind == "dqa":
                self.first = nn.Parameter(torch.full((1, 1), -1.0 + self.delta / 2))
                raw_gap = math.log(math.expm1(self.delta))
                self.gaps = nn.Parameter(torch.full((1, self.levels - 2), raw_gap)) if self.levels > 2 else None
            else:
                mids = [-1.0 + self.delta * (j + 0.5) for j in range(self.levels - 1)]
                self.register_buffer("mids", torch.tensor(mids).view(1, -1))

        def thresholds(self):
            t0 = self.first
            if self.gaps is None:
                return t0
            rest = torch.nn.functional.softplus(self.gaps).cumsum(1) + t0
            return torch.cat([t0, rest], 1)

        def forward(self, x):
            clip = x.clamp(-1.0, 1.0)
            if self.kind == "fixed":
                index = torch.floor((clip.detach() + 1.0) / self.delta + 0.5).clamp(0, self.levels - 1)
                exact = index * self.delta - 1.0
                return exact + (clip - clip.detach())
            t = self.thresholds()  # C x (L-1)
            shape = [1] * (x.dim() + 1)
            shape[1] = t.shape[0]
            shape[-1] = t.shape[1]
            t = t.view(shape)
            xs = x.detach()
            exact = None
            smooth = None
            scale = 4.0 / self.delta  # GradientMode.DEFAULT_SHARPNESS in units of one bin
            for j in range(t.shape[-1]):
                tj = t[..., j]
                above = (xs >= tj.detach()).to(x.dtype)
                s = torch.sigmoid((xs - tj) * scale)
                exact = above if exact is None else exact + above
                smooth = s if smooth is None else smooth + s
            exact = exact * self.delta - 1.0
            smooth = smooth * self.delta - 1.0
            out = exact + (clip - clip.detach())
            return out + (smooth - smooth.detach())

    def act():
        if activation == "relu":
            return nn.ReLU()
        kind, _, bits = activation.partition(":")
        if kind not in ("fixed", "dqa") or not bits.isdigit() or "/" in activation:
            raise SystemExit("error: activation %r is not relu, fixed:k or dqa:k" % activation)
        return Quantized(kind, int(bits))

    if arch in ("lenet", "lenet-wide"):
        c1, c2, hidden = (20, 50, 500) if arch == "lenet" else (32, 64, 1024)
        layers = [
            ("normalize", Normalize()),
            ("conv1", nn.Conv2d(1, c1, 5)), ("act1", act()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(c1, c2, 5)), ("act2", act()), ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(c2 * 4 * 4, hidden)), ("act3", act()),
            ("fc2", nn.Linear(hidden, 10)),
        ]
    elif arch == "cnn":
        layers = [
            ("normalize", Normalize()),
            ("conv1", nn.Conv2d(1, 16, 3, padding=1)), ("act1", act()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(16, 32, 3, padding=1)), ("act2", act()), ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(32 * 7 * 7, 64)), ("act3", act()),
            ("fc2", nn.Linear(64, 10)),
        ]
    else:
        raise SystemExit("error: architecture %r is not lenet, lenet-wide or cnn" % arch)
    from collections import OrderedDict

    return nn.Sequential(OrderedDict(layers))


def load_npz(path):
    """A network exported by `dqa-workbench export --npz`, with the same weights."""
    import numpy as np
    import torch

    with zipfile.ZipFile(path) as z:
        description = json.loads(z.read("model.json").decode("utf-8"))
    spec = description["network"]
    acts = spec["activations"]
    if len(set(acts)) != 1:
        raise SystemExit("error: %s: only one activation for every layer is supported here, got %s" % (path, acts))
    if spec["channels"] != 1 or spec["classes"] != 10:
        raise SystemExit("error: %s: only MNIST-shaped networks are supported here" % path)
    net = build(spec["architecture"], acts[0], spec["mean"][0], spec["std"][0])
    arrays = np.load(path)
    state = net.state_dict()
    for name in list(state.keys()):
        if name.endswith(".mean") or name.endswith(".std") or name.endswith(".mids"):
            continue
        if name not in arrays.files:
            raise SystemExit("error: %s has no array %s" % (path, name))
        value = torch.from_numpy(arrays[name].astype("float32"))
        if tuple(value.shape) != tuple(state[name].shape):
            raise SystemExit("error: %s: %s has shape %s, expected %s"
                             % (path, name, tuple(value.shape), tuple(state[name].shape)))
        state[name] = value
    net.load_state_dict(state)
    return net, spec["architecture"] + "/" + acts[0]


# --------------------------------------------------------------------------------------------------
# the workloads


def as_float(images_uint8):
    return images_uint8.float().div_(255.0)


def train_figure(s, w, data, log):
    import torch

    arch, act = w.split("/", 1)
    images, labels = data["train"]
    batch = min(s["batch"], images.shape[0])
    available = images.shape[0] // batch
    warmup = s["warmup_batches"]
    if available <= warmup:
        raise SystemExit("error: too few training images for %d warm-up batches" % warmup)
    timed = available - warmup if s["train_batches"] == 0 else min(s["train_batches"], available - warmup)
    samples = []
    rss = [None, None]
    for r in range(s["repeats"]):
        torch.manual_seed(s["seed"] + r)
        net = build(arch, act)
        net.train()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        order = torch.randperm(images.shape[0])
        start = None
        for b in range(warmup + timed):
            idx = order[b * batch : (b + 1) * batch]
            x = as_float(images[idx])
            y = labels[idx]
            logits = net(x)
            loss = torch.nn.functional.cross_entropy(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_value = loss.item()
            correct = (logits.argmax(1) == y).sum().item()
            if b + 1 == warmup:
                start = time.perf_counter()
                if r == 0:
                    rss[0] = mb(memory_kb("VmRSS"))
        seconds = time.perf_counter() - start
        if r == s["repeats"] - 1:
            rss[1] = mb(memory_kb("VmRSS"))
        samples.append(timed * batch / seconds)
        log("train %s repeat %d/%d: %.0f img/s (last loss %.3f, %d/%d correct)"
            % (w, r + 1, s["repeats"], samples[-1], loss_value, correct, batch))
    f = figure("train", w, "images_per_second", "img/s", "higher", stats(samples, 1),
               "%d timed batches of %d after %d warm-up batches, Adam 1e-3, fresh network each repeat"
               % (timed, batch, warmup))
    f["rss_start_mb"], f["rss_end_mb"] = rss
    return f


def infer_figure(s, w, data, log):
    import torch

    arch, act = w.split("/", 1)
    images, labels = data["test"]
    batch = min(s["batch"], images.shape[0])
    n = min(s["infer_images"], images.shape[0])
    torch.manual_seed(s["seed"])
    net = build(arch, act).eval()
    samples = []
    with torch.no_grad():
        for b in range(s["warmup_batches"]):
            lo = (b * batch) % max(1, images.shape[0] - batch + 1)
            (net(as_float(images[lo : lo + batch])).argmax(1) == labels[lo : lo + batch]).sum().item()
        for r in range(s["repeats"]):
            t0 = time.perf_counter()
            for lo in range(0, n, batch):
                hi = min(n, lo + batch)
                (net(as_float(images[lo:hi])).argmax(1) == labels[lo:hi]).sum().item()
            samples.append(n / (time.perf_counter() - t0))
    log("infer %s: %s img/s" % (w, stats(samples, 1)["median"]))
    return figure("infer", w, "images_per_second", "img/s", "higher", stats(samples, 1),
                  "%d test images in batches of %d (uint8 to float, logits, correct count)" % (n, batch))


def input_gradient(net, x, y):
    import torch

    x = x.clone().requires_grad_(True)
    # The loss in float64: its gradient at the logits, softmax - one-hot, keeps the true class's entry on
    # confident examples, where float32's p_y - 1 rounds to a few digits or to 0 (the workbench gets the
    # same accuracy another way, dqa.nn.Losses.crossEntropyPerExampleAccurately).
    loss = torch.nn.functional.cross_entropy(net(x).double(), y, reduction="sum")
    grad, = torch.autograd.grad(loss, x)
    return grad


def fgsm(net, x, y, eps):
    return (x + eps * input_gradient(net, x, y).sign()).clamp(0.0, 1.0)


def pgd(net, x, y, eps, step, steps):
    import torch

    adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0.0, 1.0)
    for _ in range(steps):
        g = input_gradient(net, adv, y)
        adv = adv + step * g.sign()
        adv = torch.max(torch.min(adv, x + eps), x - eps).clamp(0.0, 1.0)
    return adv


def round_to_8bit(adv, x, eps):
    """As Norm.roundTo8Bit (L-inf): whole pixel steps, at most floor(255 eps) of them."""
    limit = math.floor(eps * 255 + 1e-6)
    steps = ((adv - x) * 255.0).round().clamp(-limit, limit)
    return (x + steps / 255.0).clamp(0.0, 1.0)


def attack_figure(part, s, w, data, log):
    import torch

    arch, act = w.split("/", 1)
    images, labels = data["test"]
    batch = min(s["batch"], images.shape[0])
    torch.manual_seed(s["seed"])
    net = build(arch, act).eval()
    for p in net.parameters():
        p.requires_grad_(False)
    steps = 1 if part == "fgsm" else s["pgd_steps"]
    eps = s["attack_eps"]

    def one(index):
        lo = (index * batch) % max(1, images.shape[0] - batch + 1)
        x = as_float(images[lo : lo + batch])
        y = labels[lo : lo + batch]
        t0 = time.perf_counter()
        if part == "fgsm":
            fgsm(net, x, y, eps)
        else:
            pgd(net, x, y, eps, s["pgd_step"], steps)
        return time.perf_counter() - t0

    for b in range(s["warmup_batches"]):
        one(b)
    samples = []
    for r in range(s["repeats"]):
        total = sum(one(b) for b in range(s["attack_batches"]))
        samples.append(total * 1000.0 / (s["attack_batches"] * steps))
    log("%s %s: %s ms/step" % (part, w, stats(samples, 2)["median"]))
    if part == "fgsm":
        work = "%d batches of %d, eps %g, parameters frozen, straight-through gradients" % (
            s["attack_batches"], batch, eps)
    else:
        work = "%d batches of %d, %d steps each (random start included), eps %g, step %g, parameters frozen" % (
            s["attack_batches"], batch, steps, eps, s["pgd_step"])
    return figure(part, w, "ms_per_step", "ms", "lower", stats(samples, 2), work)


def sweep_figure(s, data, model_npz, log):
    import torch

    net, network = load_npz(model_npz)
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    images, labels = data["test"]
    n = min(s["sweep_images"], images.shape[0])
    batch = min(s["batch"], n)
    eps_list = s["sweep_eps"]
    samples = []
    robust = None
    clean = None
    for r in range(s["repeats"]):
        torch.manual_seed(s["seed"] + r)
        t0 = time.perf_counter()
        robust = []
        for k, eps in enumerate(eps_list):
            correct = 0
            clean_correct = 0
            for lo in range(0, n, batch):
                hi = min(n, lo + batch)
                x = as_float(images[lo:hi])
                y = labels[lo:hi]
                with torch.no_grad():
                    ok = net(x).argmax(1) == y
                clean_correct += int(ok.sum().item())
                if eps > 0:
                    adv = round_to_8bit(pgd(net, x, y, eps, s["pgd_step"], s["sweep_steps"]), x, eps)
                    with torch.no_grad():
                        ok = ok & (net(adv).argmax(1) == y)
                correct += int(ok.sum().item())
            robust.append(correct / n)
            clean = clean_correct / n
        samples.append(time.perf_counter() - t0)
        log("sweep repeat %d/%d: %.2f s, robust accuracy %s" % (r + 1, s["repeats"], samples[-1],
                                                               " ".join("%.3f" % a for a in robust)))
    return {
        "model": model_npz,
        "network": network,
        "attack": "pgd[step=%g,steps=%d,restarts=1,random-start=true,loss=ce,gradient=ste]"
                  % (s["pgd_step"], s["sweep_steps"]),
        "images": n,
        "eps": eps_list,
        "clean_accuracy": clean,
        "seconds": stats(samples, 3),
        "robust_accuracy": robust,
    }


def figure(part, network, metric, unit, better, st, work):
    return {"part": part, "network": network, "metric": metric, "unit": unit, "better": better, "stats": st,
            "work": work}


# --------------------------------------------------------------------------------------------------
# run


DEFAULTS = {
    "parts": ["train", "infer", "fgsm", "pgd", "sweep"],
    "repeats": 3,
    "batch": 128,
    "warmup_batches": 5,
    "train_batches": 0,
    "infer_images": 10000,
    "attack_batches": 5,
    "attack_eps": 0.3,
    "pgd_steps": 40,
    "pgd_step": 0.01,
    "networks": ["lenet/relu", "lenet/dqa:2", "lenet-wide/relu"],
    "sweep_images": 1000,
    "sweep_eps": [round(i * 0.3 / 9, 6) for i in range(10)],
    "sweep_steps": 40,
    "seed": 1,
}


def run(args):
    started = time.perf_counter()
    before_engine = memory_kb("VmRSS")
    import numpy
    import torch

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    s = dict(DEFAULTS)
    if args.settings_from:
        with open(args.settings_from) as f:
            theirs = json.load(f)["settings"]
        for key in DEFAULTS:
            if key in theirs:
                s[key] = theirs[key]
    if args.only:
        s["parts"] = [p.strip() for p in args.only.split(",") if p.strip()]
    if args.repeats:
        s["repeats"] = args.repeats
    if "sweep" in s["parts"] and not args.model_npz:
        raise SystemExit("error: the sweep needs --model-npz (dqa-workbench export --model M --npz FILE)")

    def log(message):
        print(message, file=sys.stderr, flush=True)

    folder, data = load_mnist(args.data_dir)
    # untimed warm-up of the engine, as the workbench does
    torch.manual_seed(s["seed"])
    warm = build(*(s["networks"][0] if s["networks"] else "lenet/relu").split("/", 1)).eval()
    input_gradient(warm, as_float(data["test"][0][: s["batch"]]), data["test"][1][: s["batch"]])
    start_kb = memory_kb("VmRSS")
    after_part = {}
    figures = []
    sweep = None
    for part in DEFAULTS["parts"]:
        if part not in s["parts"]:
            continue
        if part == "sweep":
            sweep = sweep_figure(s, data, args.model_npz, log)
        else:
            for w in s["networks"]:
                if part == "train":
                    figures.append(train_figure(s, w, data, log))
                elif part == "infer":
                    figures.append(infer_figure(s, w, data, log))
                else:
                    figures.append(attack_figure(part, s, w, data, log))
        after_part[part] = mb(memory_kb("VmRSS"))
    end_kb = memory_kb("VmRSS")
    result = {
        "format": FORMAT,
        "provenance": {
            "torch": torch.__version__,
            "numpy": numpy.__version__,
            "python": platform.python_version(),
            "executable": sys.executable,
            "os": "%s %s %s" % (platform.system(), platform.release(), platform.machine()),
            "cores": os.cpu_count(),
            "device": "CPU",
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
        "environment": {
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
            "torch_threads": torch.get_num_threads(),
            "torch_interop_threads": torch.get_num_interop_threads(),
        },
        "settings": s,
        "data": {"dataset": "mnist", "location": folder, "train_images": int(data["train"][0].shape[0]),
                 "test_images": int(data["test"][0].shape[0])},
        "figures": figures,
        "sweep": sweep,
        "memory": {
            "before_engine_mb": mb(before_engine),
            "start_mb": mb(start_kb),
            "end_mb": mb(end_kb),
            "peak_mb": mb(memory_kb("VmHWM")),
            "growth_percent": None if not start_kb or end_kb is None else round(100.0 * (end_kb - start_kb) / start_kb, 1),
            "after_part_mb": after_part,
        },
        "seconds": round(time.perf_counter() - started, 3),
    }
    text = json.dumps(result, indent=2)
    if args.out:
        tmp = args.out + ".tmp-%d" % os.getpid()
        with open(tmp, "w") as f:
            f.write(text + "\n")
        os.replace(tmp, args.out)
    print(text)


# --------------------------------------------------------------------------------------------------
# compare

TARGETS = {
    # part: (bound on workbench / PyTorch, "min" or "max", text)
    "train": (1.0, "min", ">= 1.0"),
    "pgd": (1.0, "max", "<= 1.0"),
}


def compare(ours_path, theirs_path, out=sys.stdout):
    with open(ours_path) as f:
        ours = json.load(f)
    with open(theirs_path) as f:
        theirs = json.load(f)
    rows = []
    by_key = {(f["part"], f["network"]): f for f in theirs.get("figures", [])}
    for f in ours.get("figures", []):
        t = by_key.get((f["part"], f["network"]))
        if t is None:
            continue
        ratio = f["stats"]["median"] / t["stats"]["median"]
        target = TARGETS.get(f["part"])
        verdict = ""
        if target:
            bound, kind, text = target
            ok = ratio >= bound if kind == "min" else ratio <= bound
            verdict = "%s (target %s)" % ("meets" if ok else "MISSES", text)
        rows.append((f["part"], f["network"], "%.1f" % f["stats"]["median"], "%.1f" % t["stats"]["median"], f["unit"],
                     "%.3f" % ratio, "higher" if f["better"] == "higher" else "lower", verdict,
                     spread(f["stats"]), spread(t["stats"])))
    sweep_lines = []
    if ours.get("sweep") and theirs.get("sweep"):
        ws, ps = ours["sweep"], theirs["sweep"]
        ratio = ws["reuse_seconds"]["median"] / ps["seconds"]["median"]
        ok = ratio <= 1.0 / 3.0
        rows.append(("sweep", ws["network"] + " reuse", "%.2f" % ws["reuse_seconds"]["median"],
                     "%.2f" % ps["seconds"]["median"], "s", "%.3f" % ratio, "lower",
                     "%s (target <= 0.333, i.e. >= 3x faster)" % ("meets" if ok else "MISSES"),
                     spread(ws["reuse_seconds"]), spread(ps["seconds"])))
        ratio_nr = ws["no_reuse_seconds"]["median"] / ps["seconds"]["median"]
        rows.append(("sweep", ws["network"] + " no-reuse", "%.2f" % ws["no_reuse_seconds"]["median"],
                     "%.2f" % ps["seconds"]["median"], "s", "%.3f" % ratio_nr, "lower", "(same algorithm)",
                     spread(ws["no_reuse_seconds"]), spread(ps["seconds"])))
        if ws["images"] != ps["images"] or len(ws["eps"]) != len(ps["eps"]):
            sweep_lines.append("WARNING: the sweeps differ in images or eps; robust accuracies are not comparable")
        sweep_lines.append("clean accuracy of %s on the %d sweep images: workbench %.2f %%, PyTorch %.2f %%%s"
                           % (ws["network"], ws["images"], 100 * ws["clean_accuracy"], 100 * ps["clean_accuracy"],
                              "" if abs(ws["clean_accuracy"] - ps["clean_accuracy"]) < 1e-9
                              else "  <- differ: the PyTorch rebuild of the model is not faithful"))
        sweep_lines.append("robust accuracy by eps (workbench with reuse / workbench without / PyTorch per-eps loop):")
        all_ok = True
        for i, e in enumerate(ws["eps"]):
            a = ws["robust_accuracy_reuse"][i]
            b = ws["robust_accuracy_no_reuse"][i]
            c = ps["robust_accuracy"][i] if i < len(ps["robust_accuracy"]) else float("nan")
            ok = a <= c + 1e-12
            all_ok = all_ok and ok
            sweep_lines.append("  eps %-8g %6.1f %%  %6.1f %%  %6.1f %%  %s" % (e, 100 * a, 100 * b, 100 * c,
                                                                      "" if ok else "<- workbench higher"))
        sweep_lines.append("same or lower robust accuracy at every eps: %s" % ("yes" if all_ok else "NO"))
    header = ("part", "network", "workbench", "PyTorch", "unit", "wb/PyTorch", "better is", "target",
              "wb min-max", "PyTorch min-max")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print("ratio = workbench / PyTorch (medians). For img/s a ratio above 1 means the workbench is faster;"
          " for ms and s a ratio below 1 means the workbench is faster.", file=out)
    for r in [header] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip(), file=out)
    for line in sweep_lines:
        print(line, file=out)
    mo, mt = ours.get("memory") or {}, theirs.get("memory") or {}
    if mo.get("peak_mb") is not None and mt.get("peak_mb") is not None:
        print("peak RSS: workbench %.0f MB, PyTorch %.0f MB (ratio %.2f; target: workbench <= 1536 MB while"
              " training MNIST); RSS growth after warm-up: workbench %+.1f %%, PyTorch %+.1f %%"
              % (mo["peak_mb"], mt["peak_mb"], mo["peak_mb"] / mt["peak_mb"], mo.get("growth_percent") or 0,
                 mt.get("growth_percent") or 0), file=out)
    eo, et = ours.get("environment") or {}, theirs.get("environment") or {}
    print("threads: workbench engine %s (OMP %s), PyTorch %s (OMP %s); PyTorch %s"
          % (eo.get("engine_threads"), eo.get("omp_num_threads"), et.get("torch_threads"),
             et.get("omp_num_threads"), (theirs.get("provenance") or {}).get("torch")), file=out)


def spread(st):
    return "%g-%g" % (st["min"], st["max"])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("run", help="measure the workloads in PyTorch, print JSON")
    r.add_argument("--data-dir", required=True, help="folder holding mnist/ (or the MNIST IDX files themselves)")
    r.add_argument("--settings-from", help="take every setting from a workbench bench JSON (its 'settings')")
    r.add_argument("--model-npz", help="the sweep model, exported with dqa-workbench export --npz")
    r.add_argument("--only", help="parts to run, comma-separated (train,infer,fgsm,pgd,sweep)")
    r.add_argument("--repeats", type=int, help="timed repetitions of every figure")
    r.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "2")),
                   help="torch.set_num_threads (default: env THREADS or 2)")
    r.add_argument("--out", help="also write the JSON here")
    c = sub.add_parser("compare", help="print the ratio table of two JSON results")
    c.add_argument("workbench")
    c.add_argument("pytorch")
    args = parser.parse_args(argv)
    if args.mode == "run":
        run(args)
    else:
        compare(args.workbench, args.pytorch)


if __name__ == "__main__":
    main(sys.argv[1:])
