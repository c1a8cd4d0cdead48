#!/usr/bin/python3
"""A stand-in geometry transformer for bench/feedforward (no real weights are available here):
patch embedding, alternating frame-wise and global attention (as VGGT / pi3 do), and heads
returning points, local_points and camera_poses in the pi3 convention. Random weights: only the
cost matters.

  bench_model.py make OUT.pt FRAMES HEIGHT WIDTH   trace and save (metadata embedded)
  bench_model.py time OUT.pt FRAMES HEIGHT WIDTH REPEATS THREADS
                                                   print median forward seconds in PyTorch
"""
import json
import sys
import time
from typing import Dict

import torch


class Block(torch.nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = torch.nn.LayerNorm(dim)
        self.attn = torch.nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm2 = torch.nn.LayerNorm(dim)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(dim, 4 * dim), torch.nn.GELU(), torch.nn.Linear(4 * dim, dim))

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class GeometryNet(torch.nn.Module):
    def __init__(self, dim=192, heads=3, depth=4, patch=14):
        super().__init__()
        self.patch = patch
        self.embed = torch.nn.Conv2d(3, dim, patch, patch)
        self.frame_blocks = torch.nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.global_blocks = torch.nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.point_head = torch.nn.Linear(dim, 4 * patch * patch)
        self.pose_head = torch.nn.Linear(dim, 7)

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        s, _, h, w = x.shape
        t = self.embed(x)  # [S,D,h/p,w/p]
        hp, wp = t.shape[2], t.shape[3]
        t = t.flatten(2).transpose(1, 2)  # [S,N,D]
        n = t.shape[1]
        for fb, gb in zip(self.frame_blocks, self.global_blocks):
            t = fb(t)
            t = gb(t.reshape(1, s * n, -1)).reshape(s, n, -1)
        p = self.point_head(t).reshape(s, hp, wp, self.patch, self.patch, 4)
        p = p.permute(0, 1, 3, 2, 4, 5).reshape(s, h, w, 4)
        local = torch.cat([p[..., :2] * 0.1, 1.0 + torch.sigmoid(p[..., 2:3])], -1)
        q = self.pose_head(t.mean(1))
        poses = torch.eye(4).repeat(s, 1, 1)
        poses[:, :3, 3] = q[:, :3] * 0.01
        pts = local + poses[:, :3, 3].view(s, 1, 1, 3)
        return {"points": pts, "local_points": local, "camera_poses": poses, "conf": p[..., 3]}


def main():
    cmd, path, frames, height, width = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if cmd == "make":
        torch.manual_seed(0)
        net = GeometryNet().eval()
        with torch.no_grad():
            traced = torch.jit.trace(net, torch.rand(frames, 3, height, width), check_trace=False, strict=False)
        meta = {"convention": "pi3", "name": "bench-geometry-net", "input_width": width, "size_multiple": 14,
                "max_frames": frames, "chunk_overlap": max(1, frames // 4), "fixed_frames": True}
        traced.save(path, _extra_files={"scenelens.json": json.dumps(meta)})
        return
    repeats, threads = int(sys.argv[6]), int(sys.argv[7])
    torch.set_num_threads(threads)
    m = torch.jit.load(path).eval()
    x = torch.rand(frames, 3, height, width)
    times = []
    with torch.no_grad():
        for i in range(repeats + 2):
            t0 = time.perf_counter()
            m(x)
            if i >= 2:  # warm-up runs are not counted
                times.append(time.perf_counter() - t0)
    times.sort()
    print(times[len(times) // 2])


if __name__ == "__main__":
    main()
