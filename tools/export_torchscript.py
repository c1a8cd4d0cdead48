#!/usr/bin/python3
"""Export a feed-forward geometry model (VGGT, pi3, G2VLM's geometry expert) to a TorchScript
file that SceneLens's "feedforward" backend runs with LibTorch (contract:
docs/feedforward-models.md).

You need: the model's own Python package and its weights on disk (nothing is downloaded
here), and a PyTorch whose TorchScript the app's LibTorch can load (Debian 12 ships 1.13: export
with PyTorch 1.13, or with a newer one while avoiding operators 1.13 lacks, see
--explicit-attention).

Examples
  # VGGT (github.com/facebookresearch/vggt), weights from model.pt of facebook/VGGT-1B
  export_torchscript.py vggt --weights VGGT-1B/model.pt --frames 8 --height 392 -o vggt8.pt
  # pi3 (github.com/yyfz/Pi3)
  export_torchscript.py pi3 --weights pi3/model.safetensors --frames 8 --height 392 -o pi3.pt
  # G2VLM geometry expert: any module whose forward(images[1,S,3,H,W]) returns a dict with
  # points, local_points, camera_poses (give its import path and constructor)
  export_torchscript.py g2vlm --module g2vlm.geometry:GeometryExpert --weights g.pt -o g2vlm.pt
  # What can be checked without weights (used by the tests):
  export_torchscript.py --selftest -o OUTDIR

How the export works
  * A wrapper module takes images [S,3,H,W] in 0..1 and returns Dict[str, Tensor] in the
    model's convention (VGGT: extrinsic/intrinsic decoded from its pose encoding, depth,
    depth_conf, world_points, world_points_conf; pi3/G2VLM: points, local_points,
    camera_poses, and pi3's conf).
  * The wrapper is traced (torch.jit.trace) with a fixed number of frames S and image size:
    attention over frames has data-dependent shapes that scripting cannot follow, so the app
    runs the file with exactly S frames per pass (metadata max_frames = S) and chunks longer
    sequences with overlapping passes aligned by a similarity transform.
  * --explicit-attention replaces torch.nn.functional.scaled_dot_product_attention (and hence
    flash / memory-efficient kernels, absent from LibTorch 1.13) by softmax(QK^T/sqrt(d))V
    before tracing. xformers is disabled by setting XFORMERS_DISABLED=1.
  * The metadata (convention, input size rule, normalisation, max_frames) is stored inside the
    file as the extra file "scenelens.json" and also written beside it as OUT.json.
"""
import argparse
import importlib
import json
import math
import os
import sys
from typing import Dict

import torch

os.environ.setdefault("XFORMERS_DISABLED", "1")


def explicit_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    s = scale if scale is not None else 1.0 / math.sqrt(q.shape[-1])
    w = torch.matmul(q, k.transpose(-2, -1)) * s
    if attn_mask is not None:
        w = w.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else w + attn_mask
    return torch.matmul(torch.softmax(w, dim=-1), v)


def use_explicit_attention():
    torch.nn.functional.scaled_dot_product_attention = explicit_attention


class VggtWrapper(torch.nn.Module):
    """VGGT: frame 0 is the world frame; extrinsic is camera-from-world 3x4 (OpenCV)."""

    def __init__(self, model, decode_pose):
        super().__init__()
        self.model = model
        self.decode_pose = decode_pose

    def forward(self, images: torch.Tensor) -> Dict[str, torch.Tensor]:
        p = self.model(images.unsqueeze(0))
        extrinsic, intrinsic = self.decode_pose(p["pose_enc"], images.shape[-2:])
        return {"extrinsic": extrinsic[0], "intrinsic": intrinsic[0], "depth": p["depth"][0],
                "depth_conf": p["depth_conf"][0], "world_points": p["world_points"][0],
                "world_points_conf": p["world_points_conf"][0]}


class PointMapWrapper(torch.nn.Module):
    """pi3 and G2VLM: world points, camera-frame points, camera-to-world poses (+ pi3's conf)."""

    def __init__(self, model, with_conf: bool):
        super().__init__()
        self.model = model
        self.with_conf = with_conf

    def forward(self, images: torch.Tensor) -> Dict[str, torch.Tensor]:
        p = self.model(images.unsqueeze(0))
        out = {"points": p["points"][0], "local_points": p["local_points"][0],
               "camera_poses": p["camera_poses"][0]}
        if self.with_conf:
            out["conf"] = p["conf"][0]
        return out


def load_weights(model, path):
    if path.endswith(".safetensors"):
        from safetensors.torch import load_file
        state = load_file(path)
    else:
        state = torch.load(path, map_location="cpu")
    model.load_state_dict(state.get("model", state) if isinstance(state, dict) else state)
    return model


def build(kind, args):
    if kind == "vggt":
        from vggt.models.vggt import VGGT
        from vggt.utils.pose_enc import pose_encoding_to_extri_intri
        model = load_weights(VGGT(), args.weights)
        return VggtWrapper(model, pose_encoding_to_extri_intri), {
            "convention": "vggt", "confidence": "exp_plus_one", "resize_mode": "crop"}
    if kind == "pi3":
        from pi3.models.pi3 import Pi3
        model = load_weights(Pi3(), args.weights)
        return PointMapWrapper(model, True), {"convention": "pi3", "confidence": "logit",
                                              "resize_mode": "resize"}
    module_name, cls = args.module.split(":")
    model = load_weights(getattr(importlib.import_module(module_name), cls)(), args.weights)
    return PointMapWrapper(model, False), {"convention": "g2vlm", "resize_mode": "resize"}


def export(wrapper, meta, frames, height, width, out):
    wrapper.eval()
    example = torch.rand(frames, 3, height, width)
    with torch.no_grad():
        traced = torch.jit.trace(wrapper, example, strict=False, check_trace=False)
    meta = dict(meta, input_width=width, size_multiple=14, max_frames=frames,
                chunk_overlap=max(1, frames // 4), fixed_frames=True)
    traced.save(out, _extra_files={"scenelens.json": json.dumps(meta)})
    with open(out + ".json", "w") as f:
        json.dump(meta, f, indent=2)
    check(out, frames, height, width)


def check(path, frames, height, width):
    """Reloads the file and checks the output contract (names, shapes, finite values)."""
    m = torch.jit.load(path)
    meta = json.loads(open(path + ".json").read())
    out = m(torch.rand(frames, 3, height, width))
    want = {"vggt": {"extrinsic": (frames, 3, 4), "intrinsic": (frames, 3, 3)},
            "pi3": {"points": (frames, height, width, 3), "camera_poses": (frames, 4, 4)},
            "g2vlm": {"points": (frames, height, width, 3), "local_points": (frames, height, width, 3),
                      "camera_poses": (frames, 4, 4)}}[meta["convention"]]
    for k, shape in want.items():
        if k not in out:
            raise SystemExit(f"{path}: output lacks '{k}' (found {sorted(out)})")
        if tuple(out[k].shape) != shape:
            raise SystemExit(f"{path}: output '{k}' has shape {tuple(out[k].shape)}, expected {shape}")
        if not torch.isfinite(out[k]).all():
            raise SystemExit(f"{path}: output '{k}' has NaN or infinite values")
    print(f"{path}: ok ({meta['convention']}, {frames} frames of {width}x{height})")


class _TinyPointMap(torch.nn.Module):
    """Stand-in with the pi3/G2VLM output signature, for --selftest (no weights needed)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        b, s, _, h, w = x.shape
        f = self.conv(x.flatten(0, 1))
        z = 1.0 + torch.sigmoid(f[:, 0])
        ys, xs = torch.meshgrid(torch.arange(h, dtype=x.dtype), torch.arange(w, dtype=x.dtype), indexing="ij")
        local = torch.stack([(xs - w / 2) / w * z, (ys - h / 2) / w * z, z], -1)
        poses = torch.eye(4).repeat(s, 1, 1)
        poses[:, 0, 3] = torch.arange(s, dtype=x.dtype) * 0.1
        pts = local + poses[:, :3, 3].view(s, 1, 1, 3)
        return {"points": pts.unsqueeze(0), "local_points": local.unsqueeze(0),
                "camera_poses": poses.unsqueeze(0), "conf": f[:, 1:2].permute(0, 2, 3, 1).unsqueeze(0)}


class _TinyVggt(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = _TinyPointMap()

    def forward(self, x):
        p = self.inner(x)
        s = x.shape[1]
        return {"pose_enc": torch.zeros(1, s, 9), "depth": p["local_points"][..., 2:3],
                "depth_conf": 1 + torch.exp(p["conf"][..., 0]), "world_points": p["points"],
                "world_points_conf": 1 + torch.exp(p["conf"][..., 0])}


def _tiny_decode(pose_enc, hw):
    s = pose_enc.shape[1]
    ext = torch.eye(4)[:3].repeat(1, s, 1, 1)
    ext[..., 0, 3] = -torch.arange(s, dtype=torch.float32) * 0.1
    k = torch.tensor([[float(hw[1]), 0.0, hw[1] / 2], [0.0, float(hw[1]), hw[0] / 2], [0.0, 0.0, 1.0]])
    return ext, k.repeat(1, s, 1, 1)


def selftest(outdir):
    os.makedirs(outdir, exist_ok=True)
    use_explicit_attention()
    export(VggtWrapper(_TinyVggt(), _tiny_decode), {"convention": "vggt", "name": "selftest-vggt"}, 3, 42, 56,
           os.path.join(outdir, "selftest_vggt.pt"))
    export(PointMapWrapper(_TinyPointMap(), True), {"convention": "pi3", "name": "selftest-pi3"}, 3, 42, 56,
           os.path.join(outdir, "selftest_pi3.pt"))
    export(PointMapWrapper(_TinyPointMap(), False), {"convention": "g2vlm", "name": "selftest-g2vlm"}, 3, 42,
           56, os.path.join(outdir, "selftest_g2vlm.pt"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", nargs="?", choices=["vggt", "pi3", "g2vlm"])
    ap.add_argument("--weights", help="weights file of the original model")
    ap.add_argument("--module", help="g2vlm: import path and class, e.g. pkg.mod:Class")
    ap.add_argument("--frames", type=int, default=8, help="frames per forward pass (fixed by tracing)")
    ap.add_argument("--width", type=int, default=518)
    ap.add_argument("--height", type=int, default=392, help="a multiple of 14")
    ap.add_argument("--explicit-attention", action="store_true",
                    help="replace scaled_dot_product_attention (flash/xformers) by explicit attention")
    ap.add_argument("--selftest", action="store_true", help="export and check stand-in models")
    ap.add_argument("-o", "--out", required=True, help="output .pt file (a folder for --selftest)")
    a = ap.parse_args()
    if a.selftest:
        selftest(a.out)
        return
    if not a.kind or not a.weights:
        ap.error("give the model kind and --weights (or --selftest)")
    if a.height % 14 or a.width % 14:
        ap.error("--width and --height must be multiples of 14 (the patch size)")
    if a.explicit_attention:
        use_explicit_attention()
    wrapper, meta = build(a.kind, a)
    export(wrapper, meta, a.frames, a.height, a.width, a.out)


if __name__ == "__main__":
    sys.exit(main())
