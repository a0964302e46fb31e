namespace Embedkit.Cli.Reporting;

/// <summary>Draws queries per second against recall@k as a PNG (ScottPlot), the ann-benchmarks plot.</summary>
internal static class RecallQpsChart
{
    /// <summary>Writes the chart to <paramref name="path"/> atomically; QPS on a log scale.</summary>
    public static void Save(string path, string title, int k, IReadOnlyList<(string Label, double Recall, double Qps)> runs)
    {
        var plot = new ScottPlot.Plot();
        double[] recall = runs.Select(r => r.Recall).ToArray();
        double[] logQps = runs.Select(r => Math.Log10(Math.Max(r.Qps, 1e-9))).ToArray();
        var line = plot.Add.Scatter(recall, logQps);
        line.MarkerSize = 7;
        for (int i = 0; i < runs.Count; i++) plot.Add.Text(runs[i].Label, recall[i], logQps[i]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Title(title);
        plot.XLabel($"recall@{k}");
        plot.YLabel("queries per second (log scale)");
        byte[] png = plot.GetImage(900, 560).GetImageBytes(ScottPlot.ImageFormat.Png);
        Embedkit.IO.AtomicFile.Write(path, stream => stream.Write(png));
    }
}
