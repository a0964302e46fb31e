"""Writes N short real documents, one per line, for the text-encoder benchmarks: the STS-B sentences
(train, dev and test) and SciFact titles, repeated and shuffled with a fixed seed. Nothing is invented;
the file is made by the bench scripts and never committed.
Usage: python3 bench/peers/make_text_corpus.py N OUT [DATA_DIR]"""
import json, os, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
data = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
sentences = []
for name in ("sts-train.csv", "sts-dev.csv", "sts-test.csv"):
    with open(os.path.join(data, "stsbenchmark", name), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 7:
                sentences += [parts[5], parts[6]]
with open(os.path.join(data, "scifact", "corpus.jsonl"), encoding="utf-8") as f:
    for line in f:
        sentences.append(json.loads(line)["title"])
sentences = [s.replace("\r", " ").strip() for s in sentences if s.strip()]
rng = random.Random(42)
with open(out, "w", encoding="utf-8") as f:
    written = 0
    while written < n:
        rng.shuffle(sentences)
        for s in sentences[: n - written]:
            f.write(s + "\n")
        written = min(n, written + len(sentences))
