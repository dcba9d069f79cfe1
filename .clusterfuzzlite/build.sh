#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
# ClusterFuzzLite builds exactly what OSS-Fuzz builds: see oss-fuzz/build.sh.
exec bash -eu "$SRC/iopgfuzz/oss-fuzz/build.sh" "$@"
