namespace Embedkit.Search;

/// <summary>
/// Re-ranking wrapper (FAISS's <c>IndexRefineFlat</c> / <c>IndexRefine</c>; factory suffix <c>,Refine(Flat)</c>):
/// each vector is added both to a fast <see cref="Coarse"/> index (compressed codes, a graph) and to a
/// <see cref="Refine"/> index that keeps it exactly (a <see cref="FlatIndex"/>). A search asks the coarse index for
/// <see cref="RefineSearchParameters.Oversample"/> × k candidates per query, scores each again from the refine
/// index's stored vector, and returns the best k.
/// </summary>
/// <remarks>
/// <para><b>Scores</b> are the refine index's: with <c>Refine(Flat)</c> the exact scores, computed in double
/// precision from the stored vectors as <see cref="FlatIndex"/> does (under cosine both sides are unit vectors),
/// ties by the lower id. So recall is that of the coarse index at Oversample × k, and every returned score is
/// exact. With a codec as refine index (<c>Refine(SQ8)</c>) the scores are those of its decoded vectors.</para>
/// <para><b>Memory</b> is the sum of both indexes': the refine index's floats usually dominate, but can live
/// where memory is cheaper, since only Oversample × k of them are read per query.</para>
/// <para><b>Training.</b> When the coarse index needs training (<see cref="ITrainableIndex"/>), <see cref="Train"/>
/// trains it, or its first <see cref="Add"/> does.</para>
/// </remarks>
public sealed class RefineIndex : IVectorIndex, ITrainableIndex
{
    private readonly IVectorLookup _lookup;

    /// <summary>Wraps an empty coarse index; the full vectors are kept in a new <see cref="FlatIndex"/> of its dimension and metric.</summary>
    /// <exception cref="InvalidInputException">When <paramref name="coarse"/> is not empty.</exception>
    public RefineIndex(IVectorIndex coarse)
        : this(coarse, new FlatIndex(RequireNotNull(coarse).Dimension, coarse.Metric))
    {
    }

    /// <summary>Wraps an empty coarse index and an empty refine index that keeps vectors (<see cref="IVectorLookup"/>).</summary>
    /// <exception cref="InvalidInputException">
    /// When either index is not empty, their dimensions or metrics differ, or the refine index does not keep vectors.
    /// </exception>
    public RefineIndex(IVectorIndex coarse, IVectorIndex refine) : this(coarse, refine, loading: false)
    {
    }

    /// <summary>With <paramref name="loading"/>, the two indexes may hold vectors: the same ids (checked).</summary>
    internal RefineIndex(IVectorIndex coarse, IVectorIndex refine, bool loading)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(refine);
        if (coarse.Dimension != refine.Dimension || coarse.Metric != refine.Metric)
            ThrowHelper.InvalidInput($"the coarse and refine indexes differ: dimension {coarse.Dimension} and {refine.Dimension}, metric {coarse.Metric.Name()} and {refine.Metric.Name()}", field: "refine");
        _lookup = refine.GetService<IVectorLookup>()
            ?? ThrowHelper.InvalidInput<IVectorLookup>($"the refine index ({refine.GetType().Name}) does not keep vectors (no IVectorLookup); use a FlatIndex", field: "refine");
        if (!loading && (coarse.Count != 0 || refine.Count != 0))
            ThrowHelper.InvalidInput($"a refine index starts empty, so that both parts hold the same vectors; the coarse index holds {coarse.Count} and the refine index {refine.Count}", field: "coarse");
        if (loading && (coarse.Count != refine.Count || _lookup.Ids.Any(id => coarse.GetService<IVectorLookup>()?.Contains(id) == false)))
            ThrowHelper.InvalidInput("the coarse and refine indexes hold different ids", field: "refine");
        Coarse = coarse;
        Refine = refine;
    }

    /// <summary>The fast index that proposes candidates.</summary>
    public IVectorIndex Coarse { get; }

    /// <summary>The index whose stored vectors re-score the candidates.</summary>
    public IVectorIndex Refine { get; }

    /// <inheritdoc/>
    public int Dimension => Coarse.Dimension;

    /// <inheritdoc/>
    public Metric Metric => Coarse.Metric;

    /// <inheritdoc/>
    public int Count => Refine.Count;

    /// <summary>The factory string: the coarse index's followed by <c>,Refine(…)</c>.</summary>
    public IndexSpec Spec => IndexFactory.SpecOf(Coarse) with { Refine = IndexFactory.SpecOf(Refine) };

    /// <inheritdoc/>
    public bool IsTrained => (Coarse.GetService<ITrainableIndex>()?.IsTrained ?? true) && (Refine.GetService<ITrainableIndex>()?.IsTrained ?? true);

    /// <inheritdoc/>
    /// <remarks>Trains the coarse index (which refuses when it is trained already and holds vectors), and the refine index when it needs training.</remarks>
    public void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null)
    {
        ITrainableIndex? coarse = Coarse.GetService<ITrainableIndex>(), refine = Refine.GetService<ITrainableIndex>();
        if (coarse is null && refine is null)
            ThrowHelper.InvalidInput($"the {Spec} index needs no training", field: "codec");
        coarse?.Train(vectors, options);
        if (refine is { IsTrained: false }) refine.Train(vectors, options);
    }

    /// <inheritdoc/>
    public void Add(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        VectorChecks.CheckBatch(ids, vectors, Dimension, Metric, "vectors");
        for (int i = 0; i < ids.Length; i++)
        {
            if (_lookup.Contains(ids[i]))
                ThrowHelper.InvalidInput($"vector {i}: id {ids[i]} is already in the index; remove it first, or use Upsert to replace its vector", field: "ids");
        }
        Coarse.Add(ids, vectors);
        try
        {
            Refine.Add(ids, vectors);
        }
        catch
        {
            Coarse.Remove(ids);
            throw;
        }
    }

    /// <inheritdoc/>
    public int Remove(ReadOnlySpan<long> ids)
    {
        Coarse.Remove(ids);
        return Refine.Remove(ids);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The coarse search runs with <see cref="RefineSearchParameters.Coarse"/> (or this call's thread count; parameters
    /// of another type, such as <see cref="HnswSearchParameters"/>, go to the coarse index as they are, with the
    /// default oversample), then the candidates of each query are re-scored in parallel over queries.
    /// </remarks>
    public unsafe void Search(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, SearchParameters? parameters = null)
    {
        int n = VectorChecks.CheckSearch(queries, k, ids.Length, scores.Length, Dimension);
        parameters ??= SearchParameters.Default;
        parameters.Validate();
        VectorChecks.CheckRows(queries, Dimension, Metric, "queries");
        if (n == 0) return;
        var refine = parameters as RefineSearchParameters;
        int oversample = refine?.Oversample ?? new RefineSearchParameters().Oversample;
        int count = Count;
        if (count == 0)
        {
            ids.Fill(VectorChecks.NoId);
            scores.Fill(Metric.ScoreKind().WorstScore());
            return;
        }
        int candidates = (int)Math.Min((long)k * oversample, count);
        long cells = (long)n * candidates;
        if (cells > Array.MaxLength)
            ThrowHelper.InvalidInput($"{n} queries × {candidates} candidates is more than one array holds ({Array.MaxLength}); search in smaller batches", field: "k");
        var found = new long[cells];
        var coarseScores = new float[cells];
        // Settings that are not the refine stage's (HnswSearchParameters' ef) are the coarse index's.
        Coarse.Search(queries, candidates, found, coarseScores, refine is null ? parameters : refine.Coarse ?? new SearchParameters { Threads = parameters.Threads });

        int workers = Math.Min(parameters.EffectiveThreads, n);
        int d = Dimension;
        fixed (float* q = queries)
        fixed (long* i = ids)
        fixed (float* s = scores)
        {
            nint qp = (nint)q, ip = (nint)i, sp = (nint)s;
            int next = -1;
            void Work()
            {
                var vector = new float[d];
                var unit = new float[d];
                var ranked = new (double Key, long Id)[candidates];
                int query;
                while ((query = Interlocked.Increment(ref next)) < n)
                {
                    Rerank(new ReadOnlySpan<float>((float*)qp + (long)query * d, d), found.AsSpan(query * candidates, candidates),
                        new Span<long>((long*)ip + (long)query * k, k), new Span<float>((float*)sp + (long)query * k, k), vector, unit, ranked);
                }
            }
            if (workers == 1) Work();
            else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Offers the index itself, <see cref="IVectorLookup"/> (the refine index's stored vectors),
    /// <see cref="ITrainableIndex"/> when a part needs training, the <see cref="IndexSpec"/>, and otherwise
    /// whatever the coarse index offers.
    /// </remarks>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType == typeof(IVectorLookup)) return _lookup;
        if (serviceType == typeof(ITrainableIndex))
            return Coarse.GetService<ITrainableIndex>() is not null || Refine.GetService<ITrainableIndex>() is not null ? this : null;
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType == typeof(IndexSpec)) return Spec;
        return Coarse.GetService(serviceType);
    }

    /// <summary>Scores one query's candidates from the refine index's vectors and writes the best k (then lower id).</summary>
    private void Rerank(ReadOnlySpan<float> query, ReadOnlySpan<long> candidates, Span<long> ids, Span<float> scores,
        float[] vector, float[] unit, (double Key, long Id)[] ranked)
    {
        int d = Dimension;
        ReadOnlySpan<float> q = query;
        if (Metric == Metric.Cosine)
        {
            double norm = Math.Sqrt(VectorChecks.SquaredNorm(query));
            for (int j = 0; j < d; j++) unit[j] = (float)(query[j] / norm);
            q = unit;
        }
        bool l2 = Metric == Metric.L2;
        int found = 0;
        foreach (long id in candidates)
        {
            if (id == VectorChecks.NoId || !_lookup.TryGetVector(id, vector)) continue;
            double key = l2 ? DotKernels.ExactSquaredDistance(q, vector) : -DotKernels.ExactDot(q, vector);
            ranked[found++] = (key, id);
        }
        Span<(double Key, long Id)> span = ranked.AsSpan(0, found);
        span.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Id.CompareTo(b.Id));
        int take = Math.Min(ids.Length, found);
        for (int j = 0; j < take; j++)
        {
            ids[j] = span[j].Id;
            scores[j] = (float)(l2 ? span[j].Key : -span[j].Key);
        }
        ids[take..].Fill(VectorChecks.NoId);
        scores[take..].Fill(Metric.ScoreKind().WorstScore());
    }

    private static IVectorIndex RequireNotNull(IVectorIndex coarse)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        return coarse;
    }
}
