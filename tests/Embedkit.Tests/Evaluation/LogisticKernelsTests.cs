using System.Numerics;
using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class LogisticKernelsTests
{
    private static double[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var a = new double[count];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() * 2 - 1;
        return a;
    }

    public static TheoryData<int, int, int> Shapes()
    {
        int v = Vector<double>.Count;
        var data = new TheoryData<int, int, int>();
        foreach (int m in new[] { 4, 8, 100, 256 })
            foreach (int dp in new[] { 4, 8, 20, 132 })
                foreach (int lanes in new[] { 1, 2, 3, 5, 10 })
                    data.Add(m, dp, lanes * v);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardAndBackward_Equal_ScalarReference(int m, int dp, int lp)
    {
        double[] x = Random(m * dp, 1), w = Random(dp * lp, 2), r = Random(m * lp, 3);
        double[] z = new double[m * lp], zRef = new double[m * lp];
        LogisticKernels.Forward(x, m, dp, w, lp, z);
        LogisticKernels.ForwardScalar(x, m, dp, w, lp, zRef);
        Assert.Equal(zRef, z); // same FMA order per element: bitwise equal

        double[] xt = new double[m * dp];
        for (int i = 0; i < m; i++) for (int k = 0; k < dp; k++) xt[k * m + i] = x[i * dp + k];
        double[] g = new double[dp * lp], gRef = new double[dp * lp];
        LogisticKernels.Backward(xt, m, dp, r, lp, g);
        LogisticKernels.BackwardScalar(xt, m, dp, r, lp, gRef);
        Assert.Equal(gRef, g);
    }

    [Fact]
    public void Residual_Matches_ScalarLogLossAndSigmoid()
    {
        int v = Vector<double>.Count, m = 8, real = 6, lp = 2 * v;
        double[] z = Random(m * lp, 4);
        for (int t = 0; t < z.Length; t++) z[t] *= 40; // include saturated values
        double[] y = new double[m * lp];
        for (int t = 0; t < y.Length; t += 3) y[t] = 1;
        double[] original = (double[])z.Clone(), loss = new double[lp], scratch = new double[m * lp];
        LogisticKernels.Residual(z, y, m, real, lp, loss, scratch);
        for (int j = 0; j < lp; j++)
        {
            double expected = 0;
            for (int i = 0; i < real; i++)
            {
                double zi = original[i * lp + j], yi = y[i * lp + j];
                expected += Math.Max(zi, 0) + Math.Log(1 + Math.Exp(-Math.Abs(zi))) - yi * zi;
                double sigma = 1 / (1 + Math.Exp(-zi));
                Assert.Equal(sigma - yi, z[i * lp + j], 12);
            }
            Assert.Equal(expected, loss[j], 9);
            for (int i = real; i < m; i++) Assert.Equal(0, z[i * lp + j]);
        }
    }
}
