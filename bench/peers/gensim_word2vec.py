#!/usr/bin/env python3
"""Train gensim Word2Vec (skip-gram, negative sampling) on a walk or text file, the peer of
`embedkit embed words`. Prints one JSON line with the training time and throughput and writes the
vectors in word2vec text format.

    /usr/bin/python3 bench/peers/gensim_word2vec.py WALKS OUT.txt --dim 128 --window 10 --threads 2
"""
import argparse
import json
import logging
import resource
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--window", type=int, default=10)
    p.add_argument("--negatives", type=int, default=5)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--min-count", type=int, default=1)
    p.add_argument("--sample", type=float, default=0.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    logging.basicConfig(level=logging.WARNING)

    t0 = time.perf_counter()
    sentences = list(LineSentence(a.corpus))
    t_read = time.perf_counter() - t0
    tokens = sum(len(s) for s in sentences)

    model = Word2Vec(vector_size=a.dim, window=a.window, min_count=a.min_count, sg=1, hs=0,
                     negative=a.negatives, sample=a.sample, workers=a.threads, seed=a.seed, epochs=a.epochs)
    t1 = time.perf_counter()
    model.build_vocab(sentences)
    t_vocab = time.perf_counter() - t1
    t2 = time.perf_counter()
    model.train(sentences, total_examples=len(sentences), epochs=a.epochs)
    t_train = time.perf_counter() - t2
    model.wv.save_word2vec_format(a.out)
    print(json.dumps({
        "peer": "gensim", "version": __import__("gensim").__version__, "threads": a.threads,
        "walks": len(sentences) * a.epochs, "tokens": tokens * a.epochs,
        "read_seconds": round(t_read, 3), "vocab_seconds": round(t_vocab, 3), "train_seconds": round(t_train, 3),
        "tokens_per_second": round(tokens * a.epochs / t_train),
        "walks_per_second": round(len(sentences) * a.epochs / t_train),
        "total_seconds": round(time.perf_counter() - t0, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
