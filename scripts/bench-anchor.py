"""The native anchor of `npm run bench`: the course CNN of scripts/bench-conv.mjs, trained by PyTorch.

Same workload as bench-conv.mjs: Conv2D(8, 3x3, relu) -> MaxPool(2) -> Conv2D(16, 3x3, relu) ->
MaxPool(2) -> Flatten -> Dense(10, softmax), Adam(1e-3), categorical cross-entropy, batch 64,
random 28x28x1 inputs; throughput = samples / wall seconds of one epoch over --samples samples
after a one-batch warm-up, median of --runs epochs. Prints one line `ANCHOR_JSON {...}`.

Run it with Debian's python3-torch (/usr/bin/python3) and, for the 1-thread figure,
OPENBLAS_NUM_THREADS=1 with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (bench.mjs does so for
this command alone: they exist for old OpenBLAS builds and slow a current one about 3x).
"""

import json
import sys
import time

import torch
import torch.nn as nn


def main(argv):
    opts = {"samples": 2048, "runs": 3, "batch": 64, "threads": 1}
    for arg in argv:
        key, _, value = arg.lstrip("-").partition("=")
        if key not in opts:
            raise SystemExit(f"unknown argument {arg}")
        opts[key] = int(value)
    torch.set_num_threads(opts["threads"])
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 10),
    )  # fmt: skip
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy, fused
    n, b = opts["samples"], opts["batch"]
    x = torch.rand(n, 1, 28, 28)
    y = torch.randint(0, 10, (n,))

    def step(i):
        opt.zero_grad()
        loss = loss_fn(model(x[i : i + b]), y[i : i + b])
        loss.backward()
        opt.step()

    step(0)  # warm-up batch
    runs = []
    for _ in range(opts["runs"]):
        cpu0, t0 = time.process_time(), time.perf_counter()
        for i in range(0, n, b):
            step(i)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        runs.append({"wallS": wall, "cpuS": cpu, "samplesPerS": n / wall, "samplesPerCpuS": n / cpu})
    per_s = sorted(r["samplesPerS"] for r in runs)
    result = {
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "samples": n,
        "runs": runs,
        "samplesPerS": per_s[len(per_s) // 2],
    }
    print("ANCHOR_JSON " + json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
