using BenchmarkDotNet.Running;
using Embedkit.Benchmarks;

// `fastrp EDGES [--dim D] [--threads N] [--repeats R]` is the side-by-side harness used by
// bench/peers/fastrp_vs_scipy.sh (one JSON line, same shape as the scipy peer's); anything else goes to
// BenchmarkDotNet.
// `flat BASE QUERIES [--k 10] [--threads N] [--repeats R] [--peer-ids IVECS]` is the exact-search
// harness of bench/peers/flat_vs_faiss.sh; `hnsw BASE QUERIES [...]` the one of bench/peers/hnsw_vs_hnswlib.sh
// (JSON lines: build, then recall and QPS per ef).
if (args.Length > 0 && args[0] == "fastrp") return FastRPHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "flat") return FlatSearchHarness.Run(args[1..]);
if (args.Length > 0 && args[0] == "hnsw") return HnswHarness.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
