#!/usr/bin/env bash
# Packs what bench/gpu/run.sh needs on a bare GPU machine that can reach nothing, into .device/
# (ignored): the GPU bench bundled into one file, the Linux x64 parts of onnxruntime-node and
# sharp, a Node binary, the Vulkan loader and GL vendor libraries that onnxruntime's WebGPU
# provider (Dawn, on Vulkan) needs to reach the NVIDIA driver, and a few images from the bench
# corpus (`npm run bench` builds it). Compressed: the device tool carries at most 64 MiB with the
# working tree. The slow parts (Node, node_modules) are kept if already packed. The device tool
# sends no .git, so the commit being measured is recorded here, in .device/commit, for run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.device
rm -rf "$out/images" "$out/frames" "$out"/*.deb && mkdir -p "$out/images" "$out/frames"

npx esbuild bench/gpu.ts --bundle --platform=node --format=cjs --target=node20 \
  --external:onnxruntime-node --external:sharp --minify --outfile="$out/gpu-bench.cjs" --log-level=warning

if [[ ! -f $out/node_modules.tar.xz ]]; then
  # Only this platform's binaries: the onnxruntime-node package carries every platform's.
  tar -C node_modules --exclude='onnxruntime-node/bin/napi-v6/darwin' --exclude='onnxruntime-node/bin/napi-v6/win32' \
    --exclude='onnxruntime-node/bin/napi-v6/linux/arm64' \
    -cf - onnxruntime-node onnxruntime-common sharp @img/colour @img/sharp-linux-x64 @img/sharp-libvips-linux-x64 detect-libc semver \
    | xz -T2 -9e > "$out/node_modules.tar.xz"
fi
if [[ ! -f $out/node.xz ]]; then
  # Stripped of its debug symbols (the N-API ones the addons link against stay): 22 MB, not 24.
  strip --strip-all -o "$out/node" "$(readlink -f "$(command -v node)")"
  xz -T2 -9e "$out/node"
fi

# The NVIDIA Vulkan driver is reached through libGLX_nvidia, which needs glvnd: without these the
# loader finds the driver's manifest but "Found no drivers!" (seen on the H100 machine).
mkdir -p /tmp/amd64/partial
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
apt-get $o update -qq
(cd "$out" && apt-get $o download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)

# As bench/script.ts currentCommit: "-dirty" when src/ or bench/ have uncommitted changes.
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
[[ $commit != unknown && -n $(git status --porcelain --untracked-files=no -- src bench) ]] && commit+=-dirty
echo "$commit" > "$out/commit"

corpus=bench/.work/full
[[ -f $corpus/12mp.jpg ]] || { echo "no bench corpus in $corpus: run npm run bench once" >&2; exit 1; }
cp "$corpus/12mp.jpg" "$corpus/frame-1080p.jpg" "$out/images/"
ls "$corpus/frames" | head -n "${FRAMES:-6}" | while read -r f; do cp "$corpus/frames/$f" "$out/frames/"; done
du -sh "$out"/* | sort -h
