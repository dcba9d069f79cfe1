# SPDX-License-Identifier: GPL-2.0-only
# iopgfuzz in a container: the toolchain (Debian bookworm's clang 14, cmake,
# ninja), Debian's 6.1 and 6.12 kernel sources, and the project built (the
# CLI, the seed corpora, the libFuzzer + ASan + UBSan fuzz targets, the
# kernel ones included). The default command runs a fuzz campaign whose
# corpora, findings, logs and summary land in the mounted /out:
#
#   docker build -t iopgfuzz .
#   docker run --rm --network=none -v "$PWD/out:/out" -e FUZZ_SECONDS=600 iopgfuzz
#
# Where no registry is reachable, build from a locally made Debian base
# (tools/docker-check does this: debootstrap + docker import):
#
#   docker build --network=host --build-arg BASE=local/debian:bookworm -t iopgfuzz .
#
# The OSS-Fuzz/ClusterFuzzLite builds have their own Dockerfiles (oss-fuzz/,
# .clusterfuzzlite/).
ARG BASE=debian:bookworm
FROM ${BASE}

ARG DEBIAN_FRONTEND=noninteractive
# Debian's kernel sources are the kernel engine's trees: linux-source-6.12
# comes from bookworm-security, which a debootstrapped base does not list.
RUN . /etc/os-release \
 && if ! grep -rqs -- "$VERSION_CODENAME-security" /etc/apt/sources.list /etc/apt/sources.list.d; then \
        echo "deb http://deb.debian.org/debian-security $VERSION_CODENAME-security main" \
            >/etc/apt/sources.list.d/security.list; \
    fi \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
        ca-certificates clang libclang-rt-dev llvm cmake ninja-build make gcc libc6-dev \
        python3 xz-utils linux-source-6.1 linux-source-6.12 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src/iopgfuzz
COPY . .
# The presets the campaign uses: gcc (the CLI and the seed corpora) and fuzz
# (libFuzzer + ASan + UBSan, with the fuzz_kernel_* targets of both trees).
# Anything copied from a host build is dropped.
RUN rm -rf build out \
 && tools/kernel-tree prepare build/kernel \
 && for p in gcc fuzz; do cmake --preset "$p" >/dev/null && cmake --build --preset "$p" || exit 1; done

ENV FUZZ_SECONDS=300 \
    FUZZ_OUT=/out
VOLUME ["/out"]
CMD ["/src/iopgfuzz/docker/entrypoint.sh"]
