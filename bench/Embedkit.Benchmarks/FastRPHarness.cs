using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Embedkit.Graphs;

namespace Embedkit.Benchmarks;

/// <summary>
/// Times <see cref="FastRP.Embed"/> alone (the graph is loaded once, outside the timing, as the scipy peer
/// does), best of R runs after one warm-up, and reports the process's peak working set.
/// </summary>
internal static class FastRPHarness
{
    public static int Run(string[] args)
    {
        string edges = args[0];
        int dim = 512, threads = 1, repeats = 3;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--dim": dim = value; break;
                case "--threads": threads = value; break;
                case "--repeats": repeats = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var clock = Stopwatch.StartNew();
        var graph = EdgeListReader.Read(edges, new EdgeListOptions()).Graph;
        double load = clock.Elapsed.TotalSeconds;
        var options = new FastRPOptions { Dimension = dim, Threads = threads };
        FastRP.Embed(graph, options); // warm-up: JIT and tiering
        var seconds = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            FastRP.Embed(graph, options);
            seconds.Add(Math.Round(clock.Elapsed.TotalSeconds, 3));
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            peer = "embedkit-fastrp",
            nodes = graph.NodeCount,
            dim,
            threads,
            load_seconds = Math.Round(load, 3),
            seconds,
            best_seconds = seconds.Min(),
            peak_rss_mb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
        }));
        return 0;
    }
}
