using Embedkit.SkipGram;

namespace Embedkit.Tests.SkipGram;

public class TrainingScheduleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(16)]
    public void EveryBlock_IsTrainedOncePerChunk(int workers)
    {
        var schedule = new TrainingSchedule(workers);
        int p = schedule.Partitions;
        var seen = new int[p, p];
        for (int r = 0; r < schedule.RoundCount; r++)
            for (int w = 0; w < workers; w++)
                foreach (var (a, b) in schedule.Blocks(r, w)) seen[a, b]++;
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++) Assert.Equal(1, seen[a, b]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void WorkersOfARound_TouchDisjointPartitions(int workers)
    {
        // No partition may be touched by two workers in one round, on either side of a block: that is what
        // makes training race-free even when output rows live in the input matrix (LINE first order).
        var schedule = new TrainingSchedule(workers);
        for (int r = 0; r < schedule.RoundCount; r++)
        {
            var owner = new int[schedule.Partitions];
            Array.Fill(owner, -1);
            for (int w = 0; w < workers; w++)
                foreach (var (a, b) in schedule.Blocks(r, w))
                    foreach (int part in new[] { a, b })
                    {
                        Assert.True(owner[part] == -1 || owner[part] == w, $"round {r}: partition {part} used by workers {owner[part]} and {w}");
                        owner[part] = w;
                    }
        }
    }

    [Fact]
    public void AssignPartitions_DealsRowsByFallingFrequency()
    {
        // Four partitions (two workers): ranks 0..7 by falling frequency go to partitions 0,1,2,3,0,1,2,3.
        var schedule = new TrainingSchedule(2);
        double[] frequencies = [5, 80, 1, 40, 20, 10, 3, 2];
        // Order by frequency: rows 1, 3, 4, 5, 0, 6, 7, 2.
        int[] expected = new int[8];
        int[] byRank = [1, 3, 4, 5, 0, 6, 7, 2];
        for (int rank = 0; rank < 8; rank++) expected[byRank[rank]] = rank % 4;
        Assert.Equal(expected, schedule.AssignPartitions(frequencies));
    }
}
