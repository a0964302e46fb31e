using Embedkit.Evaluation;

namespace Embedkit.Cli.Reporting;

/// <summary>Draws Micro- and Macro-F1 against the train ratio as a PNG (ScottPlot).</summary>
internal static class F1Chart
{
    /// <summary>
    /// Writes the chart to <paramref name="path"/> (written to a temporary file, then renamed).
    /// <paramref name="reference"/> adds published (ratio, Micro-F1, Macro-F1) points, in fractions, as hollow markers.
    /// </summary>
    public static void Save(NodeClassificationReport report, string path, string title,
        IReadOnlyList<(double Ratio, double Micro, double Macro)>? reference = null, string referenceLabel = "reference")
    {
        double[] ratios = report.Ratios.Select(r => r.TrainRatio * 100).ToArray();
        var plot = new ScottPlot.Plot();
        AddSeries(plot, ratios, report.Ratios.Select(r => r.MicroF1 * 100).ToArray(), report.Ratios.Select(r => r.MicroF1Std * 100).ToArray(), "Micro-F1");
        AddSeries(plot, ratios, report.Ratios.Select(r => r.MacroF1 * 100).ToArray(), report.Ratios.Select(r => r.MacroF1Std * 100).ToArray(), "Macro-F1");
        if (reference is { Count: > 0 })
        {
            double[] rx = reference.Select(r => r.Ratio * 100).ToArray();
            foreach (var (values, name) in new[] { (reference.Select(r => r.Micro * 100).ToArray(), "Micro"), (reference.Select(r => r.Macro * 100).ToArray(), "Macro") })
            {
                var points = plot.Add.Markers(rx, values);
                points.MarkerShape = name == "Micro" ? ScottPlot.MarkerShape.OpenDiamond : ScottPlot.MarkerShape.OpenSquare;
                points.MarkerSize = 12;
                points.Color = ScottPlot.Colors.Black;
                points.LegendText = $"{referenceLabel} {name}-F1";
            }
        }
        plot.Title(title);
        plot.XLabel("labelled nodes used for training (%)");
        plot.YLabel("F1 (%)");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        byte[] png = plot.GetImage(900, 560).GetImageBytes(ScottPlot.ImageFormat.Png);
        Embedkit.IO.AtomicFile.Write(path, stream => stream.Write(png));
    }

    private static void AddSeries(ScottPlot.Plot plot, double[] xs, double[] ys, double[] errors, string label)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.MarkerSize = 7;
        var bars = plot.Add.ErrorBar(xs, ys, errors);
        bars.Color = line.Color;
    }
}
