#!/usr/bin/python3
"""The PyTorch side of the cross-check (run by crosscheck.sh): one exported model, the same attacks.

  crosscheck.py --data-dir DIR --model-npz MODEL.npz [--limit 1000] [--eps 0.1,0.2,0.3]
                [--pgd-eps 0.3 --pgd-step 0.01 --pgd-steps 40 --seed 1]

Prints one JSON object: clean accuracy, FGSM robust accuracy at every eps (8-bit rounded, as the
workbench classifies them) and PGD robust accuracy (measured as the workbench does: broken at the first
misclassified 8-bit iterate; random start, so only comparable within sampling noise) on the first LIMIT
MNIST test images. Robust accuracy is the workbench's: the share of images classified correctly both
clean and attacked (a misclassified image that an attack happens to turn right does not count).
Computed with the network rebuilt in plain PyTorch from the exported
weights (pytorch_bench.py's rebuild: the same staircase values, straight-through input gradients).
Runs on Debian's PyTorch: apt-get install python3-torch; use /usr/bin/python3. Downloads nothing.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_bench as pb  # noqa: E402


def correct(net, x, y, batch=250):
    """Per image: classified correctly (bool tensor)."""
    import torch

    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(net(x[i:i + batch]).argmax(1) == y[i:i + batch])
    return torch.cat(out)


def attacked(net, x, y, craft, eps, batch=250):
    out = []
    for i in range(0, len(x), batch):
        xb, yb = x[i:i + batch], y[i:i + batch]
        out.append(pb.round_to_8bit(craft(xb, yb).detach(), xb, eps))
    import torch

    return torch.cat(out)


def pgd_accuracy(net, x, y, eps, step, steps, batch=250):
    """PGD as the workbench measures it (dqa/attack/Pgd.java, stoppingAtSuccess): every step takes the
    gradient at the 8-bit image the attack would return, and an image counts as broken as soon as one
    of those 8-bit images (or the final one) is misclassified."""
    import torch

    robust = 0
    for i in range(0, len(x), batch):
        xb, yb = x[i:i + batch], y[i:i + batch]
        adv = (xb + torch.empty_like(xb).uniform_(-eps, eps)).clamp(0.0, 1.0)
        broken = torch.zeros(len(xb), dtype=torch.bool)
        for _ in range(steps):
            probe = pb.round_to_8bit(adv, xb, eps)
            with torch.no_grad():
                broken |= net(probe).argmax(1) != yb
            g = pb.input_gradient(net, probe, yb)
            adv = adv + step * g.sign()
            adv = torch.max(torch.min(adv, xb + eps), xb - eps).clamp(0.0, 1.0)
        with torch.no_grad():
            broken |= net(pb.round_to_8bit(adv, xb, eps)).argmax(1) != yb
        with torch.no_grad():
            clean = net(xb).argmax(1) == yb
        robust += (clean & ~broken).sum().item()
    return robust / len(x)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", required=True)
    p.add_argument("--model-npz", required=True)
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--eps", default="0.1,0.2,0.3")
    p.add_argument("--pgd-eps", type=float, default=0.3)
    p.add_argument("--pgd-step", type=float, default=0.01)
    p.add_argument("--pgd-steps", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    import torch

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    _, data = pb.load_mnist(a.data_dir)
    images, labels = data["test"]
    x = pb.as_float(images[: a.limit])
    y = labels[: a.limit]
    net, label = pb.load_npz(a.model_npz)
    net.eval()
    for param in net.parameters():
        param.requires_grad_(False)
    clean = correct(net, x, y)
    result = {"network": label, "n": len(x), "torch": torch.__version__, "clean_accuracy": clean.float().mean().item(),
              "fgsm": {}, "pgd": None}
    for eps in [float(e) for e in a.eps.split(",") if e]:
        adv = attacked(net, x, y, lambda xb, yb: pb.fgsm(net, xb, yb, eps), eps)
        result["fgsm"]["%g" % eps] = (clean & correct(net, adv, y)).float().mean().item()
    if a.pgd_steps > 0:
        result["pgd"] = {"eps": a.pgd_eps, "step": a.pgd_step, "steps": a.pgd_steps,
                         "accuracy": pgd_accuracy(net, x, y, a.pgd_eps, a.pgd_step, a.pgd_steps)}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
