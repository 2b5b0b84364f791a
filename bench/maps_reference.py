#!/usr/bin/python3
"""The reference for bench_maps, on the same vectors: scikit-learn's t-SNE or umap-learn's UMAP.

    maps_reference.py VECTORS.npy OUT.npy [--method tsne|umap] [--perplexity 30] [--seed 1]
                      [--threads 2] [--neighbours 15] [--min-dist 0.1] [--epochs 0]

tsne (default): sklearn.manifold.TSNE with the settings bench_maps uses (init='pca',
learning_rate='auto', 1000 iterations, early exaggeration 12, theta 0.5).
umap: umap.UMAP (Debian's umap-learn) with n_neighbors, min_dist, n_epochs (0 = its default:
500 up to 10,000 points, 200 above), init='spectral', Euclidean. With random_state umap-learn
runs its SGD on one thread (that is how it is reproducible); --seed-free drops the seed.
Writes the embedding as float32 .npy and prints one JSON line:
{"seconds": ..., "version": "...", ...}.
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("vectors")
parser.add_argument("out")
parser.add_argument("--method", choices=["tsne", "umap"], default="tsne")
parser.add_argument("--perplexity", type=float, default=30.0)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--neighbours", type=int, default=15)
parser.add_argument("--min-dist", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=0)
parser.add_argument("--seed-free", action="store_true",
                    help="umap: no random_state, so its SGD runs on all threads (not reproducible)")
args = parser.parse_args()
# OpenMP / numba threads: the same core count as ours.
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
os.environ.setdefault("NUMBA_NUM_THREADS", str(args.threads))

import numpy as np  # noqa: E402

x = np.load(args.vectors).astype(np.float32)
if args.method == "tsne":
    import sklearn  # noqa: E402
    from sklearn.manifold import TSNE  # noqa: E402

    tsne = TSNE(n_components=2, perplexity=args.perplexity, init="pca", learning_rate="auto",
                early_exaggeration=12.0, angle=0.5, method="barnes_hut",
                random_state=args.seed, n_jobs=args.threads)
    # sklearn >= 1.5 calls it max_iter; Debian 12's 1.2 calls it n_iter (default 1000 in both).
    start = time.perf_counter()
    y = tsne.fit_transform(x)
    seconds = time.perf_counter() - start
    report = {"seconds": seconds, "version": "scikit-learn " + sklearn.__version__,
              "sklearn": sklearn.__version__, "kl_divergence": float(tsne.kl_divergence_),
              "iterations": int(tsne.n_iter_)}
else:
    start_import = time.perf_counter()
    import umap  # noqa: E402

    imported = time.perf_counter() - start_import
    model = umap.UMAP(n_neighbors=args.neighbours, min_dist=args.min_dist,
                      n_epochs=args.epochs if args.epochs > 0 else None, init="spectral",
                      metric="euclidean",
                      random_state=None if args.seed_free else args.seed,
                      n_jobs=args.threads)
    # The call also JIT-compiles those of umap-learn's numba functions that are not cached
    # (most of pynndescent's are, after a first run): that time counts, as it does for anyone.
    start = time.perf_counter()
    y = model.fit_transform(x)
    seconds = time.perf_counter() - start
    from importlib.metadata import version  # noqa: E402

    report = {"seconds": seconds, "import_seconds": imported,
              "version": "umap-learn " + version("umap-learn"), "a": float(model._a),
              "b": float(model._b)}
np.save(args.out, y.astype(np.float32))
print(json.dumps(report))
