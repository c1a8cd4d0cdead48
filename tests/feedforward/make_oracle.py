#!/usr/bin/python3
"""Builds TorchScript "oracle" geometry models for SceneLens's feed-forward backend tests.

An oracle holds the exact geometry of a synthetic scene (written by the C++ test as raw
float32 arrays) and, for each input frame, finds which stored photo it is (nearest image) and
returns that photo's geometry in the output convention of a real model:
  vggt  : extrinsic/intrinsic/depth/depth_conf/world_points, world = first input frame's camera,
          scale normalised so that the mean depth is 1 (as VGGT does)
  g2vlm : points/local_points/camera_poses, same normalisation
  pi3   : like g2vlm plus conf (logits)
Malformed variants make the errors the app must explain.

usage: make_oracle.py GT_DIR CONVENTION OUT.pt [--malformed KIND] [--embed-metadata]
       [--max-frames N] [--overlap K]
"""
import argparse
import json
import os
from typing import Dict

import numpy as np
import torch


def load(gt_dir, name):
    meta = json.load(open(os.path.join(gt_dir, "gt.json")))
    shape = meta[name]
    return torch.from_numpy(np.fromfile(os.path.join(gt_dir, name + ".f32"), dtype=np.float32).reshape(shape))


class Oracle(torch.nn.Module):
    def __init__(self, gt_dir: str, convention: str, malformed: str):
        super().__init__()
        self.convention = convention
        self.malformed = malformed
        self.register_buffer("images", load(gt_dir, "images"))  # [N,3,H,W] in 0..1
        self.register_buffer("cam_from_world", load(gt_dir, "cam_from_world"))  # [N,4,4]
        self.register_buffer("K", load(gt_dir, "intrinsics"))  # [N,3,3]
        self.register_buffer("depth", load(gt_dir, "depth"))  # [N,H,W]

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        if x.dim() == 5:
            x = x[0]
        s = x.shape[0]
        h = x.shape[2]
        w = x.shape[3]
        # Which stored photo is each input frame?
        d = ((x.unsqueeze(1) - self.images.unsqueeze(0)) ** 2).flatten(2).mean(2)  # [S,N]
        idx = d.argmin(1)
        cfw = self.cam_from_world[idx]  # [S,4,4]
        k = self.K[idx]
        depth = self.depth[idx]
        # World frame = first input frame's camera; scale so that mean valid depth is 1.
        valid = depth > 0
        scale = torch.reciprocal(depth[valid].mean())
        c0_from_world = cfw[0]
        cam_from_c0 = torch.matmul(cfw, torch.inverse(c0_from_world))  # [S,4,4]
        cam_from_c0[:, :3, 3] = cam_from_c0[:, :3, 3] * scale
        depth_n = depth * scale
        ys = torch.arange(h, dtype=torch.float32).view(1, h, 1).expand(s, h, w)
        xs = torch.arange(w, dtype=torch.float32).view(1, 1, w).expand(s, h, w)
        fx = k[:, 0, 0].view(s, 1, 1)
        fy = k[:, 1, 1].view(s, 1, 1)
        cx = k[:, 0, 2].view(s, 1, 1)
        cy = k[:, 1, 2].view(s, 1, 1)
        local = torch.stack([(xs - cx) / fx * depth_n, (ys - cy) / fy * depth_n, depth_n], -1)
        c0_from_cam = torch.inverse(cam_from_c0)  # world_from_cam in the output frame
        world = torch.einsum("sij,shwj->shwi", c0_from_cam[:, :3, :3], local) + c0_from_cam[:, :3, 3].view(s, 1, 1, 3)
        out: Dict[str, torch.Tensor] = {}
        if self.convention == "vggt":
            out["extrinsic"] = cam_from_c0[:, :3, :]
            out["intrinsic"] = k
            out["depth"] = depth_n.unsqueeze(-1)
            out["depth_conf"] = torch.where(valid, torch.full_like(depth, 50.0), torch.ones_like(depth))
            out["world_points"] = world
            out["world_points_conf"] = out["depth_conf"]
        else:
            out["points"] = world
            out["local_points"] = local
            out["camera_poses"] = c0_from_cam
            if self.convention == "pi3":
                out["conf"] = torch.where(valid, torch.full_like(depth, 8.0), torch.full_like(depth, -8.0)).unsqueeze(-1)
        if self.malformed == "missing_key":
            first = "depth" if self.convention == "vggt" else "local_points"
            out.pop(first)
        if self.malformed == "wrong_shape":
            key = "depth" if self.convention == "vggt" else "points"
            out[key] = out[key][:, : h // 2]
        if self.malformed == "nan":
            key = "depth" if self.convention == "vggt" else "points"
            out[key] = out[key] * float("nan")
        return out


class TupleModel(torch.nn.Module):
    def forward(self, x: torch.Tensor):
        return x, x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gt_dir")
    ap.add_argument("convention", choices=["vggt", "g2vlm", "pi3"])
    ap.add_argument("out")
    ap.add_argument("--malformed", default="", choices=["", "missing_key", "wrong_shape", "nan", "tuple", "no_metadata"])
    ap.add_argument("--embed-metadata", action="store_true")
    ap.add_argument("--max-frames", type=int, default=32)
    ap.add_argument("--overlap", type=int, default=4)
    a = ap.parse_args()
    model = TupleModel() if a.malformed == "tuple" else Oracle(a.gt_dir, a.convention, a.malformed)
    scripted = torch.jit.script(model)
    meta = {"convention": a.convention, "name": "oracle-" + a.convention, "input_width": 518,
            "size_multiple": 14, "resize_mode": "resize", "max_frames": a.max_frames,
            "chunk_overlap": a.overlap}
    if a.embed_metadata:
        scripted.save(a.out, _extra_files={"scenelens.json": json.dumps(meta)})
    else:
        scripted.save(a.out)
        if a.malformed != "no_metadata":
            with open(a.out + ".json", "w") as f:
                json.dump(meta, f)


if __name__ == "__main__":
    main()
