using System.Runtime.CompilerServices;

namespace Embedkit.Search;

public sealed unsafe partial class HnswIndex
{
    /// <summary>Held while the first add trains the codec, so that two first adds do not both train it.</summary>
    private readonly Lock _trainLock = new();

    /// <summary>The codec whose codes the index stores (<c>HNSW32,SQ8</c>), or null when it stores full vectors (<c>HNSW32</c>).</summary>
    public IVectorCodec? Codec => _codec;

    /// <summary>The index's factory string: <c>HNSW&lt;M&gt;</c>, followed by the codec's (<c>HNSW32,SQ8</c>) when it stores codes.</summary>
    public IndexSpec Spec => new()
    {
        Structure = IndexStructure.Hnsw,
        StructureParameter = _options.M,
        Codec = _codec is null ? null : IndexSpec.Parse(_codec.ToString()).Codec,
    };

    /// <inheritdoc/>
    /// <remarks>True for full vectors (nothing to learn); with a codec, whether the codec is trained.</remarks>
    public bool IsTrained => _codec?.IsTrained ?? true;

    /// <inheritdoc/>
    /// <remarks>Trains the codec on the vectors as they are encoded (unit length under cosine); they are not added.</remarks>
    public void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null)
    {
        if (_codec is null)
        {
            ThrowHelper.InvalidInput($"the {Spec} index stores full vectors and needs no training", field: "codec");
            return;
        }
        if (vectors.Length % Dimension != 0)
            ThrowHelper.InvalidInput($"dimension mismatch: the index has dimension {Dimension}, but the training vectors hold {vectors.Length} values, not a whole number of {Dimension}-dimensional vectors", field: "vectors");
        VectorChecks.CheckRows(vectors, Dimension, Metric, "vectors");
        lock (_trainLock)
        {
            if (_codec.IsTrained && Count > 0)
                ThrowHelper.InvalidInput($"the {Spec} index already holds {Count} codes of its trained codec; training again would invalidate them", field: "codec");
            _codec.Train(Prepared(vectors), options ?? _training);
        }
    }

    /// <summary>The code of <paramref name="slot"/> (coded indexes only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* Code(int slot) => (byte*)_vectors + (nint)slot * _codeSize;

    /// <summary>
    /// The codes of a checked batch, trained first on the batch when the codec is untrained; encoded before the
    /// batch takes any slot, so that a value the codec refuses (F16's range) adds nothing.
    /// </summary>
    private byte[] EncodeBatch(ReadOnlySpan<float> vectors, int count)
    {
        VectorCodec codec = _codec!;
        ReadOnlySpan<float> prepared = Prepared(vectors);
        if (!codec.IsTrained)
        {
            lock (_trainLock)
            {
                if (!codec.IsTrained) codec.Train(prepared, _training);
            }
        }
        var codes = new byte[(long)count * _codeSize];
        codec.EncodeUnchecked(prepared, count, codes);
        return codes;
    }

    /// <summary>The vectors as they are encoded: normalised to unit length under cosine, otherwise as given.</summary>
    private ReadOnlySpan<float> Prepared(ReadOnlySpan<float> vectors) =>
        Metric == Metric.Cosine ? UnitVectors.Rows(vectors, Dimension) : vectors;

    /// <summary>The symmetric code score of two stored nodes as a distance (lower is better): the metric between their decoded vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float CodeDistance(byte* a, byte* b)
    {
        float score = _codec!.SymmetricScoreCore(new ReadOnlySpan<byte>(a, _codeSize), new ReadOnlySpan<byte>(b, _codeSize), Metric);
        return _similarity ? -score : score;
    }

    /// <summary>
    /// Coded distances from the scratch's query to the nodes <c>slots[0..n)</c>: symmetric code scores from
    /// <see cref="HnswScratch.QueryCode"/> when it is set (building), otherwise the scorer's asymmetric scores of
    /// the codes gathered end to end (searching); as distances, lower is better.
    /// </summary>
    private void CodeDistances(HnswScratch scratch, int* slots, int n, float* distances)
    {
        if (n == 0) return;
        byte* query = scratch.QueryCode;
        if (query != null)
        {
            for (int j = 0; j < n; j++) distances[j] = CodeDistance(query, Code(slots[j]));
            return;
        }
        int size = _codeSize;
        byte[] gathered = scratch.GatheredFor(n * size);
        fixed (byte* g = gathered)
        {
            for (int j = 0; j < n; j++) Buffer.MemoryCopy(Code(slots[j]), g + (nint)j * size, size, size);
        }
        var result = new Span<float>(distances, n);
        scratch.Scorer!.Score(gathered.AsSpan(0, n * size), result);
        if (_similarity)
        {
            for (int j = 0; j < n; j++) result[j] = -result[j];
        }
    }

    /// <summary>The coded distance from the scratch's query to node <paramref name="slot"/> (see <see cref="CodeDistances"/>).</summary>
    private float CodeDistance(HnswScratch scratch, int slot)
    {
        float distance;
        CodeDistances(scratch, &slot, 1, &distance);
        return distance;
    }

    /// <summary>Prepares the scratch to measure coded distances from a search query (asymmetric scores).</summary>
    private void SetCodedQuery(HnswScratch scratch, ReadOnlySpan<float> query)
    {
        scratch.QueryCode = null;
        scratch.Scorer ??= _codec!.CreateScorer(Metric);
        scratch.Scorer.SetQuery(query);
    }

    private static VectorCodec RequireCodec(IVectorCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return codec as VectorCodec ?? throw new ArgumentException($"expected one of Embedkit's codecs, found {codec.GetType().Name}", nameof(codec));
    }
}
