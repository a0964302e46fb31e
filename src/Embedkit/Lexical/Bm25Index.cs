using System.Collections.Concurrent;
using Embedkit.Retrieval;

namespace Embedkit.Lexical;

/// <summary>
/// An in-memory inverted index scored by BM25 as Lucene 8+'s <c>BM25Similarity</c> scores (the formula of Anserini's
/// BEIR runs): for each query term t with document frequency df among the N non-empty documents,
/// <c>idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))</c>, and document d scores
/// <c>Σₜ q(t) · idf(t) · f(t,d) / (f(t,d) + k1 · (1 − b + b · |d| / avgdl))</c>, q(t) being the count of t in the
/// query (Anserini's bag-of-words query boosts a repeated term by its count) and avgdl the exact mean token count of
/// the non-empty documents. |d| is Lucene's one-byte norm or the exact count (<see cref="Bm25LengthNorm"/>); scores
/// are summed in double precision (Lucene sums floats). Documents that share no term with the query are not returned;
/// an empty document matches nothing. Search is thread-safe.
/// </summary>
public sealed class Bm25Index
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _terms;
    private readonly int[] _postingStart; // term t's postings are [_postingStart[t], _postingStart[t + 1])
    private readonly int[] _postingDocs;
    private readonly int[] _postingFreqs;
    private readonly double[] _lengthTerm; // k1 · (1 − b + b · |d| / avgdl) per document
    private readonly EnglishAnalyzer _analyzer;
    private readonly int _nonEmpty;
    private readonly ConcurrentBag<Scratch> _scratch = []; // per-search accumulators, reused: nothing of size N is allocated per query

    private Bm25Index(string[] ids, Dictionary<string, int> terms, int[] postingStart, int[] postingDocs, int[] postingFreqs,
        double[] lengthTerm, int nonEmpty, double averageLength, Bm25Options options, EnglishAnalyzer analyzer)
    {
        _ids = ids;
        _terms = terms;
        _postingStart = postingStart;
        _postingDocs = postingDocs;
        _postingFreqs = postingFreqs;
        _lengthTerm = lengthTerm;
        _nonEmpty = nonEmpty;
        AverageLength = averageLength;
        Options = options;
        _analyzer = analyzer;
    }

    /// <summary>Number of documents indexed (empty ones included).</summary>
    public int Count => _ids.Length;

    /// <summary>Number of distinct terms.</summary>
    public int TermCount => _terms.Count;

    /// <summary>Mean token count of the non-empty documents (0 when every document is empty).</summary>
    public double AverageLength { get; }

    /// <summary>The parameters the index scores with.</summary>
    public Bm25Options Options { get; }

    /// <summary>The id of document <paramref name="document"/> (in the order given to <see cref="Build"/>).</summary>
    public string IdOf(int document) => _ids[document];

    /// <summary>
    /// Analyzes and indexes <paramref name="texts"/> under <paramref name="ids"/> (BEIR indexes <c>title + " " + text</c>).
    /// </summary>
    /// <exception cref="InvalidInputException">When there are no documents, an id repeats or is empty, or an option is out of range.</exception>
    public static Bm25Index Build(IReadOnlyList<string> ids, IReadOnlyList<string> texts, Bm25Options? options = null,
        EnglishAnalyzer? analyzer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new Bm25Options();
        options.Validate();
        if (ids.Count != texts.Count) throw new ArgumentException($"ids ({ids.Count}) and texts ({texts.Count}) differ in length", nameof(texts));
        CorpusIds.Require(ids);
        analyzer ??= new EnglishAnalyzer();

        int n = ids.Count;
        var tokens = new List<string>[n];
        Parallel.For(0, n, Parallelism(options, cancellationToken), i => tokens[i] = analyzer.Analyze(texts[i] ?? ""));

        // Term ids in order of first appearance, so the index does not depend on the thread count.
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var docTerms = new int[n][];
        var df = new List<int>();
        long totalTokens = 0;
        int nonEmpty = 0;
        for (int d = 0; d < n; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var list = tokens[d];
            var termIds = new int[list.Count];
            for (int j = 0; j < list.Count; j++)
            {
                if (!terms.TryGetValue(list[j], out int t)) { t = terms.Count; terms.Add(list[j], t); df.Add(0); }
                termIds[j] = t;
            }
            Array.Sort(termIds);
            for (int j = 0; j < termIds.Length; j++) if (j == 0 || termIds[j] != termIds[j - 1]) df[termIds[j]]++;
            docTerms[d] = termIds;
            totalTokens += termIds.Length;
            if (termIds.Length > 0) nonEmpty++;
            tokens[d] = null!;
        }

        var postingStart = new int[terms.Count + 1];
        for (int t = 0; t < terms.Count; t++) postingStart[t + 1] = checked(postingStart[t] + df[t]);
        int postings = postingStart[terms.Count];
        var postingDocs = new int[postings];
        var postingFreqs = new int[postings];
        var fill = postingStart[..^1];
        for (int d = 0; d < n; d++)
        {
            int[] termIds = docTerms[d];
            for (int j = 0; j < termIds.Length;)
            {
                int k = j;
                while (k < termIds.Length && termIds[k] == termIds[j]) k++;
                int slot = fill[termIds[j]]++;
                postingDocs[slot] = d;
                postingFreqs[slot] = k - j;
                j = k;
            }
        }

        double averageLength = nonEmpty == 0 ? 0 : (double)totalTokens / nonEmpty;
        var lengthTerm = new double[n];
        for (int d = 0; d < n; d++)
        {
            int length = docTerms[d].Length;
            double stored = options.LengthNorm == Bm25LengthNorm.Lucene ? LuceneNorm.Round(length) : length;
            lengthTerm[d] = averageLength == 0 ? options.K1 : options.K1 * (1 - options.B + options.B * stored / averageLength);
        }
        return new Bm25Index(ids.ToArray(), terms, postingStart, postingDocs, postingFreqs, lengthTerm, nonEmpty, averageLength, options, analyzer);
    }

    /// <summary>The <c>idf</c> of an analyzed term (0 for a term not in the index).</summary>
    public double Idf(string term)
    {
        if (!_terms.TryGetValue(term, out int t)) return 0;
        int df = _postingStart[t + 1] - _postingStart[t];
        return Math.Log(1 + (_nonEmpty - df + 0.5) / (df + 0.5));
    }

    /// <summary>
    /// The <paramref name="k"/> best documents for <paramref name="query"/>, in trec_eval's order (score descending,
    /// ties by id descending). Fewer when fewer documents share a term with the query; none for an empty query.
    /// </summary>
    public ScoredId[] Search(string query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var scratch = _scratch.TryTake(out var s) ? s : new Scratch(Count);
        try
        {
            return Search(query, k, scratch);
        }
        finally
        {
            _scratch.Add(scratch);
        }
    }

    /// <summary>The <paramref name="k"/> best documents for each of <paramref name="queries"/>, in parallel.</summary>
    public ScoredId[][] Search(IReadOnlyList<string> queries, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var results = new ScoredId[queries.Count][];
        Parallel.For(0, queries.Count, Parallelism(Options, cancellationToken), () => _scratch.TryTake(out var s) ? s : new Scratch(Count),
            (q, _, scratch) => { results[q] = Search(queries[q], k, scratch); return scratch; }, _scratch.Add);
        return results;
    }

    private ScoredId[] Search(string query, int k, Scratch scratch)
    {
        var tokens = _analyzer.Analyze(query);
        tokens.Sort(StringComparer.Ordinal);
        double[] acc = scratch.Accumulator;
        var touched = scratch.Touched;
        touched.Clear();
        for (int i = 0; i < tokens.Count;)
        {
            int j = i;
            while (j < tokens.Count && tokens[j] == tokens[i]) j++;
            if (_terms.TryGetValue(tokens[i], out int t))
            {
                int start = _postingStart[t], end = _postingStart[t + 1];
                double weight = (j - i) * Math.Log(1 + (_nonEmpty - (end - start) + 0.5) / (end - start + 0.5));
                for (int p = start; p < end; p++)
                {
                    int d = _postingDocs[p];
                    double f = _postingFreqs[p];
                    if (acc[d] == 0) touched.Add(d);
                    acc[d] += weight * f / (f + _lengthTerm[d]);
                }
            }
            i = j;
        }
        // The k-th best score bounds the candidates; only they are sorted (ties at the bound all enter, then the id decides).
        int count = touched.Count;
        double bound = double.NegativeInfinity;
        if (count > k)
        {
            var scores = scratch.Scores;
            for (int i = 0; i < count; i++) scores[i] = acc[touched[i]];
            bound = KthLargest(scores.AsSpan(0, count), k);
        }
        var hits = new List<ScoredId>(Math.Min(count, k));
        for (int i = 0; i < count; i++)
        {
            int d = touched[i];
            if (acc[d] >= bound) hits.Add(new ScoredId(_ids[d], acc[d]));
            acc[d] = 0;
        }
        hits.Sort(ScoredId.CompareTrec);
        if (hits.Count > k) hits.RemoveRange(k, hits.Count - k);
        return hits.ToArray();
    }

    /// <summary>The <paramref name="k"/>-th largest value (1-based) by quickselect; reorders <paramref name="values"/>.</summary>
    internal static double KthLargest(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1, target = k - 1;
        while (lo < hi)
        {
            double pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] > pivot) i++;
                while (values[j] < pivot) j--;
                if (i <= j) { (values[i], values[j]) = (values[j], values[i]); i++; j--; }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return values[target];
        }
        return values[target];
    }

    private static ParallelOptions Parallelism(Bm25Options options, CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
        CancellationToken = cancellationToken,
    };

    private sealed class Scratch(int count)
    {
        public readonly double[] Accumulator = new double[count];
        public readonly double[] Scores = new double[count];
        public readonly List<int> Touched = [];
    }
}
