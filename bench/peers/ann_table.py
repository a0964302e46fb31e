"""Markdown table of bench/peers/ann_peers.sh's rows (OUT/rows.jsonl): one line per index and search setting,
grouped by index family, with build seconds, bytes per vector, recall@10 and QPS, each beside the same
family's peers. With --write FILE the table replaces the block between the "ann-peers" markers of FILE
(docs/benchmarks.md), or is appended to it under a heading when the markers are missing.

Usage: ann_table.py ROWS.jsonl COMMAND [--write FILE]
"""
import json
import sys

START, END = "<!-- ann-peers:start -->", "<!-- ann-peers:end -->"


def family(peer, index):
    i = index.lower()
    if peer == "embedkit":
        if i.startswith("hnsw"):
            return "HNSW"
        if i.startswith("ivf"):
            return "IVF,PQ" if "pq" in i else "IVF,Flat"
        if i.startswith("pq"):
            return "PQ"
        if i.startswith("bin"):
            return "binary"
        return "exact"
    if peer in ("hnswlib", "usearch") or "hnsw" in i:
        return "HNSW"
    if "ivfpq" in i:
        return "IVF,PQ"
    if "ivfflat" in i:
        return "IVF,Flat"
    if "binary" in i:
        return "binary"
    if "pq" in i:
        return "PQ"
    return "exact"


def main():
    rows_path, command = sys.argv[1], sys.argv[2]
    write = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--write" else None
    header, lines = {}, []
    for row in map(json.loads, open(rows_path)):
        if row.get("peer") == "embedkit" and "runs" in row:
            for run in row["runs"]:
                lines.append(("embedkit", row["spec"], run.get("params", ""), row["build_seconds"], row["bytes_per_vector"], run["recall"], run["qps"]))
        elif "recall" in row:
            lines.append((row["peer"], row["index"], row["params"], row["build_seconds"], row["bytes_per_vector"], row["recall"], row["qps"]))
        else:
            header.update(row)
    order = ["exact", "HNSW", "IVF,Flat", "IVF,PQ", "PQ", "binary"]
    lines.sort(key=lambda l: (order.index(family(l[0], l[1])), l[0] != "embedkit", l[0], l[1]))
    out = [START, "", f"Command: `{command}`", "",
           f"Machine: {header.get('machine', '?')}, {header.get('cores', '?')} cores; threads: {header.get('threads', '?')}; "
           f".NET {header.get('dotnet', '?')}; load average before {header.get('load_average_before', '?')}, after {header.get('load_average_after', '?')}.",
           f"Data: Fashion-MNIST, {header.get('base', '?')} base, {header.get('queries', '?')} queries, {header.get('dim', '?')}-d, L2, k = {header.get('k', 10)}; "
           "recall@10 by the ann-benchmarks definition against the same exact ground truth for every side; "
           "bytes per vector = the serialized index (codebooks, centroids and graph links included) / base count.", "",
           "| family | peer | index | search | build s | bytes/vector | recall@10 | QPS |", "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for peer, index, params, build, nbytes, recall, qps in lines:
        out.append(f"| {family(peer, index)} | {peer} | {index} | {params} | {build:.2f} | {nbytes:,.1f} | {recall:.4f} | {qps:,.0f} |")
    out += ["", END]
    block = "\n".join(out)
    if write is None:
        print(block)
        return
    text = open(write).read()
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## ANN peers in one run (FAISS, hnswlib, USearch, Embedkit)\n\n" + block + "\n"
    open(write, "w").write(text)


if __name__ == "__main__":
    main()
