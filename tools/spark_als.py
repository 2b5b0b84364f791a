#!/usr/bin/env python3
"""Train implicit-feedback ALS on Spark from a Tastelab export, for `tastelab-cli import-factors`.

    tastelab-cli export interactions --project P --out EXPORT
    spark-submit tools/spark_als.py --export EXPORT --out FACTORS --rank 64
    tastelab-cli import-factors --project P --export EXPORT \
        --items FACTORS/itemFactors --users FACTORS/userFactors

Reads EXPORT/interactions.csv (user_index,item_index,strength), trains
pyspark.ml.recommendation.ALS with implicitPrefs=True, and writes the model's itemFactors and
userFactors as JSON lines ({"id": 12, "features": [...]} in part files), the form import-factors
reads. Spark's conventions differ from Tastelab's own ALS: confidence is 1 + alpha * r and the
regularisation is scaled by each row's count (ALS-WR), so equal numbers are not equal models.
"""
import argparse
import json
import os
import sys

from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession
from pyspark.sql.types import FloatType, IntegerType, StructField, StructType


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", required=True, help="folder `export interactions` wrote")
    parser.add_argument("--out", required=True, help="folder for itemFactors/ and userFactors/")
    parser.add_argument("--rank", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--reg", type=float, default=0.1, help="regParam (lambda)")
    parser.add_argument("--alpha", type=float, default=1.0, help="confidence 1 + alpha * r")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    with open(os.path.join(args.export, "export.json")) as f:
        manifest = json.load(f)
    spark = SparkSession.builder.appName("tastelab-als").getOrCreate()
    schema = StructType([
        StructField("user_index", IntegerType(), False),
        StructField("item_index", IntegerType(), False),
        StructField("strength", FloatType(), False),
    ])
    triples = spark.read.csv(os.path.join(args.export, "interactions.csv"), header=True,
                             schema=schema)
    als = ALS(rank=args.rank, maxIter=args.iterations, regParam=args.reg, alpha=args.alpha,
              implicitPrefs=True, userCol="user_index", itemCol="item_index",
              ratingCol="strength", seed=args.seed)
    model = als.fit(triples)
    for name, frame, expected in (("itemFactors", model.itemFactors, manifest["items"]),
                                  ("userFactors", model.userFactors, manifest["users"])):
        count = frame.count()
        if count != expected:
            sys.exit(f"{name}: {count} rows, but the export has {expected}")
        frame.write.mode("overwrite").json(os.path.join(args.out, name))
    spark.stop()
    print(f"wrote {args.out}/itemFactors and {args.out}/userFactors (rank {args.rank})")


if __name__ == "__main__":
    main()
