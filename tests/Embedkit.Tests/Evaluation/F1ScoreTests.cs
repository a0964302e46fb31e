using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class F1ScoreTests
{
    // Hand-worked 3 rows × 3 labels:
    //   truth      predicted
    //   r0 {0,1}   {0,1}
    //   r1 {1}     {2}
    //   r2 {1,2}   {1,2}
    // label 0: tp 1, fp 0, fn 0 → P 1, R 1, F1 1
    // label 1: tp 2 (r0, r2), fp 0, fn 1 (r1) → P 1, R 2/3, F1 = 2·(2/3)/(5/3) = 0.8
    // label 2: tp 1 (r2), fp 1 (r1), fn 0 → P 1/2, R 1, F1 = 1/(3/2) = 2/3
    // micro: tp 4, fp 1, fn 1 → P 0.8, R 0.8, F1 0.8;  macro: (1 + 0.8 + 2/3) / 3 = 0.82222…
    // (sklearn 1.2.1 f1_score gives 0.8000000000000002 and 0.8222222222222223.)
    private static readonly bool[] Truth = [true, true, false, false, true, false, false, true, true];
    private static readonly bool[] Predicted = [true, true, false, false, false, true, false, true, true];

    private static (long[] Tp, long[] Fp, long[] Fn) Counts(bool[] truth, bool[] predicted, int labels)
    {
        long[] tp = new long[labels], fp = new long[labels], fn = new long[labels];
        F1Score.Count(truth, predicted, labels, tp, fp, fn);
        return (tp, fp, fn);
    }

    [Fact]
    public void Count_Matches_HandCount()
    {
        var (tp, fp, fn) = Counts(Truth, Predicted, 3);
        Assert.Equal([1L, 2, 1], tp);
        Assert.Equal([0L, 0, 1], fp);
        Assert.Equal([0L, 1, 0], fn);
    }

    [Fact]
    public void MicroAndMacro_Match_HandComputation()
    {
        var (tp, fp, fn) = Counts(Truth, Predicted, 3);
        Assert.Equal(0.8, F1Score.Micro(tp, fp, fn), 12);
        Assert.Equal((1 + 0.8 + 2.0 / 3) / 3, F1Score.Macro(tp, fp, fn), 12);
    }

    [Fact]
    public void Macro_CountsLabelWithNoTrueAndNoPredictedRow_AsZero()
    {
        // The same example plus a 4th label never true and never predicted: sklearn 1.2.1 averages over
        // all 4 columns with F1 = 0 for it → 0.8222…·3/4 = 0.61666…; micro is unchanged.
        long[] tp = [1, 2, 1, 0], fp = [0, 0, 1, 0], fn = [0, 1, 0, 0];
        Assert.Equal(0.6166666666666667, F1Score.Macro(tp, fp, fn), 12);
        Assert.Equal(0.8, F1Score.Micro(tp, fp, fn), 12);
    }

    [Fact]
    public void FromCounts_IsZero_WhenUndefined()
    {
        Assert.Equal(0, F1Score.FromCounts(0, 0, 0));
        Assert.Equal(0, F1Score.FromCounts(0, 3, 0));
        Assert.Equal(0, F1Score.FromCounts(0, 0, 3));
        Assert.Equal(1, F1Score.FromCounts(5, 0, 0));
    }

    [Fact]
    public void Count_Rejects_MismatchedShapes()
    {
        long[] c = new long[3];
        Assert.Throws<ArgumentException>(() => F1Score.Count(new bool[9], new bool[6], 3, c, c, c));
        Assert.Throws<ArgumentException>(() => F1Score.Micro(new long[3], new long[2], new long[3]));
    }
}
