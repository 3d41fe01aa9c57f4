using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// What reading the clock costs on this machine: a duration needs two reads per request, so on a machine where
/// the clock is slow (virtualized, no vDSO clock source) it dominates a metrics capture's time.
/// </summary>
public class ClockBenchmarks
{
    [Benchmark(Description = "Stopwatch.GetTimestamp")]
    public long Timestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "Interlocked.Add (uncontended)")]
    public long InterlockedAdd() => Interlocked.Add(ref _counter, 256);

    private long _counter;
}
