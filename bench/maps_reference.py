#!/usr/bin/python3
"""The scikit-learn reference for bench_maps: Barnes-Hut t-SNE on the same vectors.

    maps_reference.py VECTORS.npy OUT.npy [--perplexity 30] [--seed 1] [--threads 2]

Runs sklearn.manifold.TSNE with the settings bench_maps uses (init='pca', learning_rate='auto',
1000 iterations, early exaggeration 12, theta 0.5), writes the embedding as float32 .npy and
prints one JSON line: {"seconds": ..., "sklearn": "version", "kl_divergence": ...}.
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("vectors")
parser.add_argument("out")
parser.add_argument("--perplexity", type=float, default=30.0)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
# The gradient's OpenMP threads: the same core count as ours.
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402

x = np.load(args.vectors).astype(np.float32)
tsne = TSNE(n_components=2, perplexity=args.perplexity, init="pca", learning_rate="auto",
            early_exaggeration=12.0, angle=0.5, method="barnes_hut", random_state=args.seed,
            n_jobs=args.threads)
# sklearn >= 1.5 calls it max_iter; Debian 12's 1.2 calls it n_iter (default 1000 in both).
start = time.perf_counter()
y = tsne.fit_transform(x)
seconds = time.perf_counter() - start
np.save(args.out, y.astype(np.float32))
print(json.dumps({"seconds": seconds, "sklearn": sklearn.__version__,
                  "kl_divergence": float(tsne.kl_divergence_), "iterations": int(tsne.n_iter_)}))
