using Spectre.Console;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// Runs long work with progress on stderr: Spectre progress bars on an interactive terminal, and
/// otherwise one plain line per stage and per tenth of the work.
/// </summary>
internal static class ProgressRunner
{
    /// <summary>Runs <paramref name="work"/>, showing the <see cref="ProgressReport"/>s it sends.</summary>
    public static T Run<T>(string title, Func<IProgress<ProgressReport>, T> work)
    {
        if (Console.IsErrorRedirected || !Ui.Err.Profile.Capabilities.Interactive)
            return work(new PlainProgress(title));

        T result = default!;
        Ui.Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => result = work(new BarProgress(context, title)));
        return result;
    }

    private sealed class BarProgress(ProgressContext context, string title) : IProgress<ProgressReport>
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(ProgressReport value)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                {
                    foreach (var open in _tasks.Values) open.Value = open.MaxValue;
                    task = context.AddTask(Markup.Escape($"{title}: {value.Stage}"), maxValue: Math.Max(1, value.Total));
                    _tasks[value.Stage] = task;
                }
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = Math.Max(task.Value, value.Completed);
            }
        }
    }

    /// <summary>
    /// Plain lines for logs, at most one every two seconds (so work that takes under two seconds prints
    /// nothing), plus one when a stage that has been reported completes.
    /// </summary>
    private sealed class PlainProgress(string title) : IProgress<ProgressReport>
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
        private readonly Lock _gate = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private string? _stage;
        private TimeSpan _last = TimeSpan.Zero;
        private bool _stageShown;
        private bool _finished;

        public void Report(ProgressReport value)
        {
            lock (_gate)
            {
                bool complete = value.Completed >= value.Total;
                if (value.Stage != _stage)
                {
                    _stage = value.Stage;
                    _finished = false;
                    _stageShown = false;
                }
                bool due = _clock.Elapsed - _last >= Interval;
                if (_finished || !(due || (complete && _stageShown))) return;
                _finished = complete;
                _stageShown = true;
                _last = _clock.Elapsed;
                int percent = value.Total > 0 ? (int)(100 * value.Completed / value.Total) : 100;
                Console.Error.WriteLine($"{title}: {value.Stage} {percent}% ({_clock.Elapsed.TotalSeconds:F1} s)");
            }
        }
    }
}
