using System.Globalization;

namespace Embedkit.SkipGram;

/// <summary>The provenance parameters every skip-gram encoder records, in one stable order.</summary>
internal static class SkipGramProvenance
{
    /// <summary>
    /// The encoder's own <paramref name="specific"/> parameters after the dimension, then the training
    /// options and the thread count, which together with the seed reproduce the run.
    /// </summary>
    public static List<KeyValuePair<string, string>> Parameters(SkipGramOptions options, int threads,
        params (string Name, object Value)[] specific)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("dimension", Text(options.Dimension)) };
        foreach (var (name, value) in specific) parameters.Add(new(name, Text(value)));
        parameters.Add(new("negatives", Text(options.Negatives)));
        parameters.Add(new("epochs", Text(options.Epochs)));
        parameters.Add(new("learning_rate", Text(options.LearningRate)));
        parameters.Add(new("min_learning_rate", Text(options.MinLearningRate)));
        parameters.Add(new("threads", Text(threads)));
        return parameters;
    }

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
