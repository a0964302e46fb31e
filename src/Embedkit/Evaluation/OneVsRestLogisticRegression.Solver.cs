using System.Numerics;
using System.Numerics.Tensors;

namespace Embedkit.Evaluation;

public sealed partial class OneVsRestLogisticRegression
{
    private const int Memory = 10;            // L-BFGS pairs kept (scipy's default maxcor)
    private const double Armijo = 1e-4;
    private const int MaxLineSearchSteps = 30;

    /// <summary>
    /// Fits all labels of <paramref name="targets"/> (design rows × labelCount) in lockstep: each round
    /// evaluates every unfinished label at its trial point with one batched pass over the rows.
    /// Each label's trajectory depends only on its own data, so the result does not depend on which other
    /// labels are being fitted, nor on <paramref name="threads"/>.
    /// </summary>
    internal static OneVsRestLogisticRegression FitCore(DesignMatrix design, ReadOnlySpan<bool> targets, int labelCount,
        LogisticRegressionOptions options, int threads, CancellationToken ct)
    {
        int n = design.Rows, d = design.Dimension, dp = design.PaddedFeatures;
        var model = new OneVsRestLogisticRegression(d, labelCount);
        var positives = new int[labelCount];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < labelCount; l++)
                if (targets[i * labelCount + l]) positives[l]++;

        var states = new List<LabelState>();
        for (int l = 0; l < labelCount; l++)
        {
            if (positives[l] == 0 || positives[l] == n)
            {
                model._constant[l] = (sbyte)(positives[l] == 0 ? -1 : 1);
                model._intercepts[l] = positives[l] == 0 ? double.NegativeInfinity : double.PositiveInfinity;
                model._converged[l] = true;
            }
            else states.Add(new LabelState(l, dp));
        }

        if (states.Count > 0)
        {
            var batch = new LogisticBatch(design, targets, labelCount, threads);
            double invN = 1.0 / n, penalty = 1.0 / (options.C * n);
            var pending = new List<LabelState>(states);
            List<LabelState>? lastSet = null;
            bool first = true;
            while (pending.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                if (lastSet is null || lastSet.Count != pending.Count) { batch.SetLabels(pending); lastSet = [.. pending]; }
                batch.Evaluate(pending, invN, penalty, options.PenalizeIntercept ? d + 1 : d);
                foreach (LabelState s in pending)
                {
                    if (first) s.Start(options.Tolerance);
                    else s.Step(options);
                }
                first = false;
                pending.RemoveAll(s => s.Done);
            }
        }

        foreach (LabelState s in states)
        {
            s.X.AsSpan(0, d).CopyTo(model._coefficients.AsSpan(s.Label * d, d));
            model._intercepts[s.Label] = s.X[d];
            model._iterations[s.Label] = s.Iterations;
            model._converged[s.Label] = s.Converged;
        }
        return model;
    }

    /// <summary>L-BFGS with backtracking (Armijo, safeguarded quadratic interpolation) for one label.</summary>
    internal sealed class LabelState
    {
        public LabelState(int label, int dp)
        {
            Label = label;
            X = new double[dp]; G = new double[dp]; P = new double[dp];
            XTrial = new double[dp]; GTrial = new double[dp]; Work = new double[dp];
            S = new double[Memory][]; Y = new double[Memory][];
            for (int i = 0; i < Memory; i++) { S[i] = new double[dp]; Y[i] = new double[dp]; }
            Rho = new double[Memory]; Alphas = new double[Memory];
        }

        public int Label { get; }
        public double[] X, G, P, XTrial, GTrial, Work;
        public double F, FTrial, Step0, Gtp;
        public readonly double[][] S, Y;
        public readonly double[] Rho, Alphas;
        public int Stored, Newest = -1, Iterations, LineSearchSteps;
        public bool Done, Converged;

        /// <summary>First evaluation was at x = 0: set up the steepest-descent step.</summary>
        public void Start(double tol)
        {
            (X, XTrial) = (XTrial, X);
            (G, GTrial) = (GTrial, G);
            F = FTrial;
            if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(G)) <= tol) { Done = Converged = true; return; }
            SteepestDescent();
        }

        public void Step(LogisticRegressionOptions o)
        {
            if (FTrial <= F + Armijo * Step0 * Gtp)
            {
                TensorPrimitives.Subtract(XTrial, X, Work);          // s
                TensorPrimitives.Subtract(GTrial, G, XTrial);        // y (XTrial is free now)
                double sy = TensorPrimitives.Dot<double>(Work, XTrial), yy = TensorPrimitives.Dot<double>(XTrial, XTrial);
                if (sy > 1e-12 * yy && sy > 0)
                {
                    Newest = (Newest + 1) % Memory;
                    (S[Newest], Work) = (Work, S[Newest]);
                    (Y[Newest], XTrial) = (XTrial, Y[Newest]);
                    Rho[Newest] = 1 / sy;
                    if (Stored < Memory) Stored++;
                }
                // accept: X += s (recompute as X + α·P so X is exact for what was evaluated)
                TensorPrimitives.MultiplyAdd(P, Step0, X, X);
                (G, GTrial) = (GTrial, G);
                double fOld = F;
                F = FTrial;
                Iterations++;
                LineSearchSteps = 0;
                if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(G)) <= o.Tolerance) { Done = Converged = true; return; }
                if (fOld - F <= 1e-15 * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(F)), 1)) { Done = true; return; }
                if (Iterations >= o.MaxIterations) { Done = true; return; }
                Direction();
                return;
            }
            if (++LineSearchSteps > MaxLineSearchSteps) { Done = true; return; }
            double a = Step0, denom = 2 * (FTrial - F - a * Gtp);
            double next = denom > 0 ? -Gtp * a * a / denom : 0.5 * a;
            Step0 = Math.Clamp(next, 0.1 * a, 0.5 * a);
            Trial();
        }

        private void SteepestDescent()
        {
            Stored = 0; Newest = -1;
            TensorPrimitives.Negate(G, P);
            double norm2 = TensorPrimitives.Dot<double>(G, G);
            Gtp = -norm2;
            Step0 = Math.Min(1.0, 1.0 / Math.Sqrt(norm2));
            Trial();
        }

        private void Direction()
        {
            if (Stored == 0) { SteepestDescent(); return; }
            double[] q = P;
            G.CopyTo(q, 0);
            for (int t = 0, i = Newest; t < Stored; t++, i = (i - 1 + Memory) % Memory)
            {
                Alphas[i] = Rho[i] * TensorPrimitives.Dot<double>(S[i], q);
                TensorPrimitives.MultiplyAdd(Y[i], -Alphas[i], q, q);
            }
            double gamma = 1 / (Rho[Newest] * TensorPrimitives.Dot<double>(Y[Newest], Y[Newest]));
            TensorPrimitives.Multiply(q, gamma, q);
            int oldest = (Newest - Stored + 1 + Memory) % Memory;
            for (int t = 0, i = oldest; t < Stored; t++, i = (i + 1) % Memory)
            {
                double b = Rho[i] * TensorPrimitives.Dot<double>(Y[i], q);
                TensorPrimitives.MultiplyAdd(S[i], Alphas[i] - b, q, q);
            }
            TensorPrimitives.Negate(q, P);
            Gtp = TensorPrimitives.Dot<double>(G, P);
            if (!(Gtp < 0)) { SteepestDescent(); return; }
            Step0 = 1.0;
            Trial();
        }

        private void Trial() => TensorPrimitives.MultiplyAdd(P, Step0, X, XTrial);
    }

    /// <summary>Loss and gradient of many labels at their trial points, one blocked pass over the row chunks.</summary>
    private sealed class LogisticBatch
    {
        private readonly DesignMatrix _design;
        private readonly bool[] _targets;
        private readonly int _labelCount, _threads;
        private double[] _w = [], _y = [];
        private int _lp;
        private double[][] _partialG = [], _partialLoss = [];
        private double[] _g = [], _loss = [];

        public LogisticBatch(DesignMatrix design, ReadOnlySpan<bool> targets, int labelCount, int threads)
        {
            _design = design;
            _targets = targets.ToArray();
            _labelCount = labelCount;
            _threads = Math.Max(1, Math.Min(threads, design.ChunkCount));
        }

        public void SetLabels(List<LabelState> labels)
        {
            int v = Vector<double>.Count;
            _lp = (labels.Count + v - 1) / v * v;
            int dp = _design.PaddedFeatures, nPad = _design.PaddedRows, n = _design.Rows;
            _w = new double[dp * _lp];
            _y = new double[nPad * _lp];
            for (int j = 0; j < labels.Count; j++)
            {
                int l = labels[j].Label;
                for (int i = 0; i < n; i++)
                    if (_targets[i * _labelCount + l]) _y[i * _lp + j] = 1.0;
            }
            int chunks = _design.ChunkCount;
            if (_partialG.Length != chunks) { _partialG = new double[chunks][]; _partialLoss = new double[chunks][]; }
            for (int c = 0; c < chunks; c++) { _partialG[c] = new double[dp * _lp]; _partialLoss[c] = new double[_lp]; }
            _g = new double[dp * _lp];
            _loss = new double[_lp];
        }

        /// <summary>Loss and gradient of every label; the first <paramref name="penalized"/> coordinates carry the L2 penalty.</summary>
        public void Evaluate(List<LabelState> labels, double invN, double penalty, int penalized)
        {
            int dp = _design.PaddedFeatures, lp = _lp;
            for (int j = 0; j < labels.Count; j++)
            {
                double[] x = labels[j].XTrial;
                for (int k = 0; k < dp; k++) _w[k * lp + j] = x[k];
            }
            int chunks = _design.ChunkCount;
            if (_threads == 1)
            {
                var scratch = new Scratch(lp);
                for (int c = 0; c < chunks; c++) Chunk(c, scratch);
            }
            else
            {
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads },
                    () => new Scratch(lp), (c, _, s) => { Chunk(c, s); return s; }, _ => { });
            }
            // Fixed-order reduction over chunks.
            _partialG[0].CopyTo(_g, 0);
            _partialLoss[0].CopyTo(_loss, 0);
            for (int c = 1; c < chunks; c++)
            {
                TensorPrimitives.Add(_g, _partialG[c], _g);
                TensorPrimitives.Add(_loss, _partialLoss[c], _loss);
            }
            for (int j = 0; j < labels.Count; j++)
            {
                LabelState s = labels[j];
                double[] x = s.XTrial, g = s.GTrial;
                double sq = 0;
                for (int k = 0; k < dp; k++)
                {
                    double gk = _g[k * lp + j] * invN;
                    if (k < penalized) { gk += penalty * x[k]; sq += x[k] * x[k]; }
                    g[k] = gk;
                }
                s.FTrial = _loss[j] * invN + 0.5 * penalty * sq;
            }
        }

        private void Chunk(int c, Scratch s)
        {
            int dp = _design.PaddedFeatures, lp = _lp, m = _design.ChunkLength(c), i0 = c * DesignMatrix.ChunkRows;
            int real = Math.Clamp(_design.Rows - i0, 0, m);
            Span<double> z = s.Z.AsSpan(0, m * lp);
            LogisticKernels.Forward(_design.X.AsSpan(i0 * dp, m * dp), m, dp, _w, lp, z);
            LogisticKernels.Residual(z, _y.AsSpan(i0 * lp, m * lp), m, real, lp, _partialLoss[c], s.E);
            LogisticKernels.Backward(_design.XT.AsSpan(i0 * dp, m * dp), m, dp, z, lp, _partialG[c]);
        }

        private sealed class Scratch(int lp)
        {
            public readonly double[] Z = new double[DesignMatrix.ChunkRows * lp];
            public readonly double[] E = new double[DesignMatrix.ChunkRows * lp];
        }
    }
}
