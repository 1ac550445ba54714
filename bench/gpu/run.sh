#!/usr/bin/env bash
# Runs on a lent GPU machine (the device tool), after bench/gpu/pack.sh packed .device/ here:
#   run: bench/gpu/run.sh    carry: [".device"]
# Unpacks Node, onnxruntime-node and sharp, installs the Vulkan loader that onnxruntime's WebGPU
# provider (Dawn) opens, and runs bench/gpu.ts with the commit pack.sh recorded. Writes gpu.json,
# gpu.log and gpu.txt (the GPU, its driver and the Vulkan driver files found) to $OUT, or to
# bench-results/ elsewhere. The device tool brings $OUT's files back here; copying gpu.json to
# docs/benchmarks-gpu.json is the step that puts the run in docs/benchmarks.md (bench/intro.md, GPU).
set -uo pipefail
cd "$(dirname "$0")/../.."
d=.device
out=${OUT:-bench-results}
mkdir -p "$out"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  for f in "$d"/*.deb; do dpkg -x "$f" /; done
  ldconfig
  ldconfig -p | grep libvulkan
  ls /usr/local/nvidia/share/vulkan/icd.d /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>&1
  cat /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json 2>&1
  glx=$(ldconfig -p | awk '/libGLX_nvidia.so.0/ {print $NF; exit}')
  [[ -n $glx ]] && ldd "$glx" | grep -i 'not found'
} > "$out/gpu.txt" 2>&1
# The driver's Vulkan manifest lives outside the loader's search path on these machines.
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[[ -f $icd ]] && export VK_DRIVER_FILES=$icd

node=$(command -v node || true)
if [[ -z $node ]] || ! "$node" -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  xz -dc "$d/node.xz" > /tmp/node && chmod +x /tmp/node && node=/tmp/node
fi
mkdir -p "$d/node_modules" && tar -xJf "$d/node_modules.tar.xz" -C "$d/node_modules"

gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)
PALETTE_STUDIO_MODELS_DIR=$PWD/resources/models "$node" "$d/gpu-bench.cjs" "$d/images" --frames "$d/frames" \
  --gpu "${gpu:-unknown}" --commit "$(cat "$d/commit" 2>/dev/null || echo unknown)" --runs "${RUNS:-9}" --out "$out/gpu.json" > /dev/null 2> "$out/gpu.log"
status=$?
cat "$out/gpu.txt"; grep -v '^ ' "$out/gpu.log" | tail -n 40
exit $status
