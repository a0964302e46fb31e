using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Embedkit.Evaluation;
using Embedkit.Lexical;
using Embedkit.Retrieval;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Embedkit.Benchmarks;

/// <summary>
/// BM25 on a BEIR dataset (bench/peers/bm25_vs_reference.sh): builds <see cref="Bm25Index"/>, times the build and R
/// searches of every judged query (top <c>--k</c>), evaluates them, and prints one JSON line. <c>--lucene</c> does the
/// same with Lucene.Net 4.8's own index and <c>BM25Similarity</c> (same analyzer; Lucene 4.8 stores 1/√length in one
/// byte, not Lucene 8+'s length byte) and reports how many top-10 lists agree. <c>--dump-tokens DIR</c> writes the
/// analyzed documents and queries (docs.jsonl, queries.jsonl) for bench/peers/bm25_reference.py.
/// </summary>
internal static class Bm25Harness
{
    public static int Run(string[] args)
    {
        string dir = args[0];
        string split = "test";
        int k = 100, threads = 0, repeats = 3;
        var options = new Bm25Options();
        bool lucene = false;
        string? dump = null;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--split": split = args[++i]; break;
                case "--k": k = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--k1": options = options with { K1 = double.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--b": options = options with { B = double.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--length-norm": options = options with { LengthNorm = Enum.Parse<Bm25LengthNorm>(args[++i], ignoreCase: true) }; break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--lucene": lucene = true; break;
                case "--dump-tokens": dump = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        options = options with { Threads = threads };
        var clock = Stopwatch.StartNew();
        var data = BeirDataset.Load(dir, split);
        double load = clock.Elapsed.TotalSeconds;
        string[] ids = data.Corpus.Select(d => d.Id).ToArray();
        string[] texts = data.Corpus.Select(d => d.Contents).ToArray();
        string[] queries = data.Queries.Select(q => q.Text).ToArray();
        if (dump is not null) DumpTokens(dump, data);

        clock.Restart();
        var index = Bm25Index.Build(ids, texts, options);
        double build = clock.Elapsed.TotalSeconds;
        ScoredId[][] hits = index.Search(queries, k); // warm-up
        double searchOne = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            for (int q = 0; q < queries.Length; q++) index.Search(queries[q], k);
            searchOne = Math.Min(searchOne, clock.Elapsed.TotalSeconds);
        }
        double search = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            hits = index.Search(queries, k);
            search = Math.Min(search, clock.Elapsed.TotalSeconds);
        }
        var report = Evaluate(data, hits);
        var result = new Dictionary<string, object>
        {
            ["impl"] = "embedkit", ["dataset"] = data.Name, ["docs"] = ids.Length, ["queries"] = report.Queries,
            ["k1"] = options.K1, ["b"] = options.B, ["length_norm"] = options.LengthNorm.ToString().ToLowerInvariant(),
            ["load_s"] = load, ["build_s"] = build, ["search_s"] = search, ["qps"] = queries.Length / search,
            ["qps_1_thread"] = queries.Length / searchOne, ["threads"] = threads > 0 ? threads : Environment.ProcessorCount,
            ["ndcg@10"] = report.NdcgAt10, ["recall@100"] = report.RecallAt100, ["mrr@10"] = report.MrrAt10, ["map@100"] = report.MapAt100,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        if (lucene)
        {
            RunLucene("lucene.net-4.8", new BM25Similarity((float)options.K1, (float)options.B), data, ids, texts, queries, k, repeats, hits);
            RunLucene("lucene.net-4.8+length-byte-norm", new LengthByteBm25((float)options.K1, (float)options.B), data, ids, texts, queries, k, repeats, hits);
        }
        return 0;
    }

    private static RetrievalReport Evaluate(BeirDataset data, ScoredId[][] hits)
    {
        var run = new Dictionary<string, IReadOnlyList<ScoredId>>();
        for (int q = 0; q < data.Queries.Count; q++) run[data.Queries[q].Id] = hits[q];
        return RetrievalEvaluator.Evaluate(data.Qrels, run);
    }

    private static void RunLucene(string name, BM25Similarity similarity, BeirDataset data, string[] ids, string[] texts, string[] queries, int k, int repeats, ScoredId[][] ours)
    {
        var clock = Stopwatch.StartNew();
        using var analyzer = new Lucene.Net.Analysis.En.EnglishAnalyzer(LuceneVersion.LUCENE_48);
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { Similarity = similarity }))
        {
            for (int i = 0; i < ids.Length; i++)
            {
                writer.AddDocument(new Document { new StringField("id", ids[i], Field.Store.YES), new TextField("contents", texts[i], Field.Store.NO) });
            }
            writer.ForceMerge(1);
        }
        double build = clock.Elapsed.TotalSeconds;
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = similarity };
        var ourAnalyzer = new Embedkit.Lexical.EnglishAnalyzer();
        ScoredId[][] hits = [];
        double search = double.MaxValue;
        for (int r = 0; r <= repeats; r++)
        {
            clock.Restart();
            hits = new ScoredId[queries.Length][];
            for (int q = 0; q < queries.Length; q++)
            {
                var query = new BooleanQuery();
                var terms = ourAnalyzer.Analyze(queries[q]).GroupBy(t => t, StringComparer.Ordinal); // timed, as our Search analyzes too
                foreach (var group in terms) query.Add(new TermQuery(new Term("contents", group.Key)) { Boost = group.Count() }, Occur.SHOULD);
                TopDocs top = searcher.Search(query, k);
                hits[q] = top.ScoreDocs.Select(s => new ScoredId(searcher.Doc(s.Doc).Get("id"), s.Score)).ToArray();
            }
            if (r > 0) search = Math.Min(search, clock.Elapsed.TotalSeconds); // r = 0 is the warm-up
        }
        var report = Evaluate(data, hits);
        int sameTop10 = 0;
        for (int q = 0; q < queries.Length; q++)
        {
            if (ours[q].Take(10).Select(h => h.Id).ToHashSet().SetEquals(hits[q].Take(10).Select(h => h.Id))) sameTop10++;
        }
        var result = new Dictionary<string, object>
        {
            ["impl"] = name, ["dataset"] = data.Name, ["docs"] = ids.Length, ["queries"] = report.Queries,
            ["build_s"] = build, ["search_s"] = search, ["qps_1_thread"] = queries.Length / search,
            ["ndcg@10"] = report.NdcgAt10, ["recall@100"] = report.RecallAt100, ["mrr@10"] = report.MrrAt10, ["map@100"] = report.MapAt100,
            ["same_top10_sets"] = sameTop10,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
    }

    /// <summary>Lucene.Net 4.8's BM25 with Lucene 8+'s norm: the token count in one byte (SmallFloat.intToByte4), as <see cref="LuceneNorm"/>.</summary>
    private sealed class LengthByteBm25(float k1, float b) : BM25Similarity(k1, b)
    {
        protected override byte EncodeNormValue(float boost, int fieldLength) => LuceneNorm.Encode(fieldLength);

        protected override float DecodeNormValue(byte b) => LuceneNorm.Decode(b);
    }

    private static void DumpTokens(string dir, BeirDataset data)
    {
        System.IO.Directory.CreateDirectory(dir);
        var analyzer = new Embedkit.Lexical.EnglishAnalyzer();
        using (var docs = new StreamWriter(Path.Combine(dir, "docs.jsonl")))
            foreach (var d in data.Corpus) docs.WriteLine(JsonSerializer.Serialize(new { id = d.Id, tokens = analyzer.Analyze(d.Contents) }));
        using var queries = new StreamWriter(Path.Combine(dir, "queries.jsonl"));
        foreach (var q in data.Queries) queries.WriteLine(JsonSerializer.Serialize(new { id = q.Id, tokens = analyzer.Analyze(q.Text) }));
    }
}
