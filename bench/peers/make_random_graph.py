#!/usr/bin/env python3
"""Writes a seeded random undirected graph as 'u<TAB>v' lines (no self-loops; duplicates are rare and
are merged by the reader), for the FastRP scale benchmark.

Usage: /usr/bin/python3 bench/peers/make_random_graph.py --nodes 1000000 --edges 10000000 --seed 1 OUT.tsv
"""
import argparse

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--nodes", type=int, default=1_000_000)
ap.add_argument("--edges", type=int, default=10_000_000)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()
rng = np.random.default_rng(args.seed)
u = rng.integers(0, args.nodes, args.edges)
v = rng.integers(0, args.nodes, args.edges)
v = np.where(u == v, (v + 1) % args.nodes, v)
# make sure every node appears at least once, so the graph has exactly --nodes nodes
u[: args.nodes] = np.arange(args.nodes)
np.savetxt(args.out, np.stack([u, v], axis=1), fmt="%d", delimiter="\t")
