using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class OneVsRestLogisticRegressionTests
{
    // 6 points in 1-D with overlapping classes, so the optimum is finite and unique.
    private static readonly float[] ToyX = [-2f, -1f, -0.5f, 0.5f, 1f, 3f];
    private static readonly bool[] ToyY = [false, false, true, false, true, true];

    // From scikit-learn 1.2.1 (numpy 1.24.2, scipy 1.10.1), printed by TestData/eval/make_sklearn_reference.py:
    //   LogisticRegression(C=C, tol=1e-12, max_iter=10000).fit(x, y).coef_, .intercept_   (sklearn)
    //   scipy.optimize.minimize(objective, BFGS, gtol=1e-12).x                            (optimum)
    // sklearn's L-BFGS-B stops on its relative-decrease test about 5e-7 short of the optimum, so the
    // sklearn values are checked to 2e-6 and the optimum to 1e-7.
    [Theory]
    [InlineData(1.0, 0.7327197784, -0.0754100854, 0.7327192354, -0.0754095949)]
    [InlineData(0.1, 0.2182197522, -0.0347808036, 0.2182194307, -0.0347793701)]
    public void Fit_Matches_SklearnCoefficients_OnToy(double c, double skCoef, double skIntercept, double coef, double intercept)
    {
        var model = OneVsRestLogisticRegression.Fit(ToyX, 1, ToyY, 1, new LogisticRegressionOptions { C = c, Tolerance = 1e-8 });
        Assert.True(model.Converged(0));
        double w = model.Coefficients(0)[0], b = model.Intercept(0);
        Assert.InRange(w - skCoef, -2e-6, 2e-6);
        Assert.InRange(b - skIntercept, -2e-6, 2e-6);
        Assert.InRange(w - coef, -1e-7, 1e-7);
        Assert.InRange(b - intercept, -1e-7, 1e-7);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.1)]
    [InlineData(10.0)]
    public void Fit_ReachesZeroGradient_OfSklearnObjective(double c)
    {
        var model = OneVsRestLogisticRegression.Fit(ToyX, 1, ToyY, 1, new LogisticRegressionOptions { C = c, Tolerance = 1e-10 });
        double w = model.Coefficients(0)[0], b = model.Intercept(0);
        // ∇ of C·Σ logloss(yᵢ, w·xᵢ + b) + ½w²:  ∂w = C·Σ(σᵢ − yᵢ)xᵢ + w,  ∂b = C·Σ(σᵢ − yᵢ).
        double gw = w, gb = 0;
        for (int i = 0; i < ToyX.Length; i++)
        {
            double r = 1 / (1 + Math.Exp(-(w * ToyX[i] + b))) - (ToyY[i] ? 1 : 0);
            gw += c * r * ToyX[i];
            gb += c * r;
        }
        Assert.True(Math.Sqrt(gw * gw + gb * gb) < 1e-8, $"‖∇‖ = {Math.Sqrt(gw * gw + gb * gb)}");
    }

    [Fact]
    public void Fit_GivesConstantPredictors_ForLabelsWithoutPositivesOrNegatives()
    {
        // label 0: the toy; label 1: never positive; label 2: always positive.
        bool[] y = new bool[ToyX.Length * 3];
        for (int i = 0; i < ToyX.Length; i++) { y[i * 3] = ToyY[i]; y[i * 3 + 2] = true; }
        var model = OneVsRestLogisticRegression.Fit(ToyX, 1, y, 3);
        Assert.False(model.IsConstant(0));
        Assert.True(model.IsConstant(1));
        Assert.True(model.IsConstant(2));
        double[] p = new double[2 * 3];
        model.PredictProbability([0.3f, -5f], p);
        Assert.Equal(0, p[1]);
        Assert.Equal(1, p[2]);
        Assert.Equal(0, p[4]);
        Assert.Equal(1, p[5]);
        Assert.All(p, v => Assert.False(double.IsNaN(v)));
        Assert.InRange(p[0], 0.0, 1.0);
    }

    [Fact]
    public void Fit_IsIdentical_ForAnyThreadCount_AndLabelSubset()
    {
        var set = EvaluationFixtures.Features("blogcatalog");
        var labels = EvaluationFixtures.Labels("blogcatalog", set);
        int rows = 1200, dim = set.Dimension, lc = labels.LabelCount;
        bool[] y = new bool[rows * lc];
        for (int i = 0; i < rows; i++) foreach (int l in labels.Of(i)) y[i * lc + l] = true;
        ReadOnlySpan<float> x = set.Data[..(rows * dim)];
        var one = OneVsRestLogisticRegression.Fit(x, dim, y, lc, new LogisticRegressionOptions { Threads = 1 });
        var three = OneVsRestLogisticRegression.Fit(x, dim, y, lc, new LogisticRegressionOptions { Threads = 3 });
        // Label 5 fitted alone follows the same trajectory as inside the batch.
        bool[] y5 = new bool[rows];
        for (int i = 0; i < rows; i++) y5[i] = y[i * lc + 5];
        var alone = OneVsRestLogisticRegression.Fit(x, dim, y5, 1, new LogisticRegressionOptions { Threads = 2 });
        for (int l = 0; l < lc; l++)
        {
            Assert.Equal(one.Coefficients(l).ToArray(), three.Coefficients(l).ToArray());
            Assert.Equal(one.Intercept(l), three.Intercept(l));
        }
        Assert.Equal(one.Coefficients(5).ToArray(), alone.Coefficients(0).ToArray());
        Assert.Equal(one.Intercept(5), alone.Intercept(0));
    }

    [Fact]
    public void DecisionFunction_IsLinear()
    {
        var model = OneVsRestLogisticRegression.Fit(ToyX, 1, ToyY, 1);
        double[] s = new double[2];
        model.DecisionFunction([0f, 2f], s);
        Assert.Equal(model.Intercept(0), s[0], 12);
        Assert.Equal(model.Intercept(0) + 2 * model.Coefficients(0)[0], s[1], 12);
    }

    [Fact]
    public void Fit_Rejects_NonFiniteFeatures_AndBadOptions()
    {
        var e = Assert.Throws<InvalidInputException>(() => OneVsRestLogisticRegression.Fit([1f, float.NaN], 1, [true, false], 1));
        Assert.Contains("row 1", e.Message);
        var c = Assert.Throws<InvalidInputException>(() => OneVsRestLogisticRegression.Fit(ToyX, 1, ToyY, 1, new LogisticRegressionOptions { C = 0 }));
        Assert.Equal("C", c.Field);
        Assert.Throws<ArgumentException>(() => OneVsRestLogisticRegression.Fit(ToyX, 1, new bool[5], 1));
    }
}
