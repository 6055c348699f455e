"""PyTorch peer of `./jnas bench proxies --with-peer`: synflow on NAS-Bench-201's own network.

Reads one NAS-Bench-201 arch string per line on stdin and answers `arch<TAB>synflow<TAB>ms` per line, flushing
each, so the Java side can interleave its own measurement of the same architecture. The network is NAS-Bench-201's
TinyNetwork (C=16, N=5 cells per stage, 32x32x3 input, 10 classes: stem conv+BN, cells, ResNet reduction blocks,
BN+ReLU, global pooling, linear); synflow follows Abdelfattah et al. 2021 (mohsaied/zero-cost-nas, synflow.py,
bn=False: BatchNorm removed): |parameters|, float64, one all-ones input, sum of the output back-propagated, score =
sum over Conv2d/Linear weights of |w * dR/dw|. Milliseconds cover building, initializing and scoring, as on the
jnas side. PyTorch's default initialization (jnas uses its own seeded one), so scores differ in value, not in kind.

Run: OMP_NUM_THREADS=2 /usr/bin/python3 bench/synflow_reference.py < archs.txt
"""
import sys
import time

import torch
import torch.nn as nn


class ReLUConvBN(nn.Sequential):
    def __init__(self, c_in, c_out, k, stride, pad):
        super().__init__(nn.ReLU(inplace=False), nn.Conv2d(c_in, c_out, k, stride, pad, bias=False),
                         nn.Identity())  # BatchNorm removed for synflow (bn=False in the reference)


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


def op(name, c):
    if name == "none":
        return Zero()
    if name == "skip_connect":
        return nn.Identity()
    if name == "nor_conv_1x1":
        return ReLUConvBN(c, c, 1, 1, 0)
    if name == "nor_conv_3x3":
        return ReLUConvBN(c, c, 3, 1, 1)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    raise ValueError("unknown op " + name)


class Cell(nn.Module):
    def __init__(self, arch, c):
        super().__init__()
        self.nodes = []  # per node j: list of (input i, op index)
        self.ops = nn.ModuleList()
        for group in arch.strip("|").split("|+|"):
            inputs = []
            for edge in group.split("|"):
                name, src = edge.split("~")
                self.ops.append(op(name, c))
                inputs.append((int(src), len(self.ops) - 1))
            self.nodes.append(inputs)

    def forward(self, x):
        states = [x]
        for inputs in self.nodes:
            states.append(sum(self.ops[k](states[i]) for i, k in inputs))
        return states[-1]


class ResNetBlock(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.a = ReLUConvBN(c_in, c_out, 3, 2, 1)
        self.b = ReLUConvBN(c_out, c_out, 3, 1, 1)
        self.down = nn.Sequential(nn.AvgPool2d(2, 2, 0), nn.Conv2d(c_in, c_out, 1, bias=False))

    def forward(self, x):
        return self.b(self.a(x)) + self.down(x)


def tiny_network(arch, c=16, n=5, classes=10):
    layers = [nn.Conv2d(3, c, 3, padding=1, bias=False), nn.Identity()]
    for stage in range(3):
        if stage > 0:
            layers.append(ResNetBlock(c, 2 * c))
            c *= 2
        layers += [Cell(arch, c) for _ in range(n)]
    layers += [nn.Identity(), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


def synflow(arch):
    net = tiny_network(arch).double()
    with torch.no_grad():
        for p in net.state_dict().values():
            p.abs_()
    net.zero_grad()
    out = net(torch.ones(1, 3, 32, 32, dtype=torch.float64))
    torch.sum(out).backward()
    score = 0.0
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)) and m.weight.grad is not None:
            score += (m.weight * m.weight.grad).abs().sum().item()
    return score


def main():
    torch.set_num_threads(2)
    torch.manual_seed(0)
    for line in sys.stdin:
        arch = line.strip()
        if not arch:
            continue
        t0 = time.perf_counter()
        s = synflow(arch)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{arch}\t{s!r}\t{ms:.1f}", flush=True)


if __name__ == "__main__":
    main()
