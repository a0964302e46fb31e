using System.Globalization;
using Embedkit.Graphs;

namespace Embedkit.Tests.Evaluation;

/// <summary>Loads the scikit-learn reference fixtures of TestData/eval (see make_sklearn_reference.py there).</summary>
internal static class EvaluationFixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData", "eval");

    public static EmbeddingSet Features(string name)
    {
        var ids = new List<string>();
        var data = new List<float>();
        int dim = -1;
        foreach (string line in File.ReadLines(Path.Combine(Dir, name + "_features.tsv")))
        {
            if (line.Length == 0) continue;
            string[] parts = line.Split('\t');
            ids.Add(parts[0]);
            dim = parts.Length - 1;
            for (int k = 1; k < parts.Length; k++) data.Add(float.Parse(parts[k], CultureInfo.InvariantCulture));
        }
        return new EmbeddingSet(ids, dim, [.. data], Provenance.Imported(null));
    }

    /// <summary>Labels aligned to <paramref name="set"/>; label names sorted ordinally (as sklearn's MultiLabelBinarizer).</summary>
    public static NodeLabels Labels(string name, EmbeddingSet set)
    {
        var row = new Dictionary<string, int>();
        for (int i = 0; i < set.Count; i++) row[set.Ids[i]] = i;
        var pairs = File.ReadLines(Path.Combine(Dir, name + "_labels.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        string[] names = [.. pairs.Select(p => p[1]).Distinct().Order(StringComparer.Ordinal)];
        var index = names.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i);
        var perRow = new SortedSet<int>[set.Count];
        for (int i = 0; i < set.Count; i++) perRow[i] = [];
        foreach (string[] p in pairs) perRow[row[p[0]]].Add(index[p[1]]);
        return FromSets(names, perRow);
    }

    public static NodeLabels FromSets(IReadOnlyList<string> names, IReadOnlyList<IEnumerable<int>> perRow)
    {
        var offsets = new int[perRow.Count + 1];
        var indices = new List<int>();
        for (int i = 0; i < perRow.Count; i++)
        {
            indices.AddRange(perRow[i].Order());
            offsets[i + 1] = indices.Count;
        }
        return new NodeLabels(names, offsets, [.. indices]);
    }

    public static (int[] Train, int[] Test) Split(string name, EmbeddingSet set, NodeLabels labels)
    {
        var train = File.ReadLines(Path.Combine(Dir, name + "_train.txt")).Where(l => l.Length > 0).ToHashSet();
        var tr = new List<int>();
        var te = new List<int>();
        for (int i = 0; i < set.Count; i++)
        {
            if (labels.Of(i).Length == 0) continue;
            (train.Contains(set.Ids[i]) ? tr : te).Add(i);
        }
        return ([.. tr], [.. te]);
    }
}
