using BenchmarkDotNet.Reports;
using Snoop.Benchmarks.EndToEnd;
using Snoop.Benchmarks.InProcess;

namespace Snoop.Benchmarks.Infrastructure;

/// <summary>
/// The head-to-head table of issue 14, printed from one run's results: each target with Snoop's number, the
/// references measured beside it (counting stream, HTTP logging, MemoryStream template, the floor) and met / not met.
/// Times are BenchmarkDotNet medians; allocations are exact.
/// </summary>
public static class HeadToHead
{
    private const int Small = 1024;
    private const int Medium = 64 * 1024;

    public static void Print(IEnumerable<Summary> summaries, IReadOnlyDictionary<(Variant Variant, WritePath Path), List<double>>? ratios, TextWriter output)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();

        BenchmarkReport? Find(Type type, string method, int? size = null) => reports.FirstOrDefault(r =>
            r.BenchmarkCase.Descriptor.Type == type
            && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (size is null || (r.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "BodySize")?.Value is int s && s == size)));

        double? Time(Type type, string method, int? size = null) => Find(type, method, size)?.ResultStatistics?.Median;

        long? Bytes(Type type, string method, int? size = null)
            => Find(type, method, size) is { } r ? r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) : null;

        output.WriteLine();
        output.WriteLine("## Head to head (issue 14 targets), from this run");
        output.WriteLine();
        output.WriteLine("| target | Snoop | references in the same run | met? |");
        output.WriteLine("|---|---|---|---|");

        // Row 1: per request, 1 KiB, time and allocation.
        var cost = typeof(MetricsCostBenchmarks);
        var none = Time(cost, nameof(MetricsCostBenchmarks.None));
        var metrics = Time(cost, nameof(MetricsCostBenchmarks.Metrics));
        var scope = Time(cost, nameof(MetricsCostBenchmarks.Scope));
        var floor = Time(cost, nameof(MetricsCostBenchmarks.Floor));
        var floorScope = Time(cost, nameof(MetricsCostBenchmarks.FloorScope));
        var counting = Time(cost, nameof(MetricsCostBenchmarks.Counting));
        if (none is { } n && metrics is { } m && scope is { } sc && floor is { } f && floorScope is { } fs && counting is { } c)
        {
            var within = m <= 1.10 * f && sc <= 1.10 * fs;
            output.WriteLine(
                $"| metrics per request (1 KiB): ≤ +100 ns, or within 10% of the floor when the floor is above that | " +
                $"`UseResponseMetrics` {m:N0} ns (+{m - n:N0}), `BeginMetrics` {sc:N0} ns (+{sc - n:N0}) | " +
                $"no capture {n:N0} ns; floor (least code, same guarantees) {f:N0} ns (+{f - n:N0}), floor of the scope {fs:N0} ns (+{fs - n:N0}); counting stream {c:N0} ns (+{c - n:N0}) | " +
                $"{(m - n <= 100 && sc - n <= 100 ? "**met**" : f - n > 100 ? $"floor above +100 ns; Snoop at {m / f:P0} / {sc / fs:P0} of its floor: {(within ? "**met**" : "**not met**")}" : "**not met**")} |");
        }

        var metricsBytes = Bytes(cost, nameof(MetricsCostBenchmarks.Metrics));
        var scopeBytes = Bytes(cost, nameof(MetricsCostBenchmarks.Scope));
        if (metricsBytes is { } mb && scopeBytes is { } sb)
        {
            output.WriteLine(
                $"| metrics per request: ≤ 96 B, everything included | `UseResponseMetrics` {mb} B, `BeginMetrics` {sb} B | " +
                $"counting stream {Bytes(cost, nameof(MetricsCostBenchmarks.Counting))} B, floor {Bytes(cost, nameof(MetricsCostBenchmarks.Floor))} B, floor of the scope {Bytes(cost, nameof(MetricsCostBenchmarks.FloorScope))} B | " +
                $"{(mb <= 96 && sb <= 96 ? "**met**" : "**not met**")} |");
        }

        // Row 2: per write.
        var write = typeof(WriteBenchmarks);
        if (Time(write, nameof(WriteBenchmarks.StreamSnoopMetrics)) is { } ws && Time(write, nameof(WriteBenchmarks.StreamCounting)) is { } wc
            && Time(write, nameof(WriteBenchmarks.StreamServer)) is { } wserver && Time(write, nameof(WriteBenchmarks.StreamFloor)) is { } wf)
        {
            output.WriteLine(
                $"| metrics per write (`Stream.WriteAsync`, 256 B): ≤ 2 ns over the counting stream | {ws:F1} ns ({ws - wc:+0.0;-0.0} ns vs counting) | " +
                $"server's stream {wserver:F1} ns, counting stream {wc:F1} ns, floor {wf:F1} ns | {(ws - wc <= 2 ? "**met**" : "**not met**")} |");
        }

        if (Time(write, nameof(WriteBenchmarks.WriterSnoopMetrics)) is { } ww && Time(write, nameof(WriteBenchmarks.WriterServer)) is { } wws
            && Time(write, nameof(WriteBenchmarks.WriterFloor)) is { } wwf)
        {
            output.WriteLine(
                $"| metrics per write (`BodyWriter` `GetSpan`+`Advance`): the counting stream has no writer; within 2 ns of the floor's writer | {ww:F1} ns | " +
                $"server's writer {wws:F1} ns, floor's writer {wwf:F1} ns | {(ww - wwf <= 2 ? "**met**" : "**not met**")} |");
        }

        // Row 3: body text.
        var request = typeof(RequestBenchmarks);
        var stringBytes = StringSize(Pipelines.CaptureLimit);
        if (Bytes(request, nameof(RequestBenchmarks.SnoopBodyText), Medium) is { } text && Bytes(request, nameof(RequestBenchmarks.SnoopBody), Medium) is { } bodyOnly)
        {
            output.WriteLine(
                $"| 32 KiB body capture + `GetBodyText()` at 64 KiB: ≤ 1.05 × the string ({stringBytes:N0} B) | {text:N0} B ({(double)text / stringBytes:F3} ×); capture alone {bodyOnly:N0} B | " +
                $"HTTP logging {Bytes(request, nameof(RequestBenchmarks.HttpLogging), Medium):N0} B, MemoryStream template {Bytes(request, nameof(RequestBenchmarks.MemoryStreamTemplate), Medium):N0} B, counting stream {Bytes(request, nameof(RequestBenchmarks.CountingStream), Medium):N0} B | " +
                $"{(text <= 1.05 * stringBytes ? "**met**" : "**not met**")} |");
        }

        var logging = typeof(BodyTextLoggingBenchmarks);
        if (Bytes(logging, nameof(BodyTextLoggingBenchmarks.Capture)) is { } unlogged
            && Bytes(logging, nameof(BodyTextLoggingBenchmarks.LazyOff)) is { } lazyOff && Bytes(logging, nameof(BodyTextLoggingBenchmarks.LazyOn)) is { } lazyOn
            && Bytes(logging, nameof(BodyTextLoggingBenchmarks.StringOff)) is { } stringOff)
        {
            output.WriteLine(
                $"| logging the kept body: nothing decoded when no logger formats it | `BodyText` logged: off +{lazyOff - unlogged:N0} B, on +{lazyOn - unlogged:N0} B | " +
                $"`GetBodyText()` logged with logging off +{stringOff - unlogged:N0} B; HTTP logging {Bytes(logging, nameof(BodyTextLoggingBenchmarks.HttpLogging)):N0} B | " +
                $"{(lazyOff - unlogged < 1024 ? "**met**" : "**not met**")} |");
        }

        // Row 4: end to end.
        if (ratios is not null)
        {
            foreach (var ((variant, path), values) in ratios)
            {
                if (RatioRunner.Target(variant, path) is not { } target || values.Count == 0)
                {
                    continue;
                }

                var (low, high) = RatioRunner.MedianInterval(values);
                var references = string.Join(", ", ratios
                    .Where(r => r.Key.Path == path && r.Key.Variant is not Variant.None && RatioRunner.Target(r.Key.Variant, path) is null)
                    .Select(r => $"{EndToEndRunner.Describe(r.Key.Variant)} ×{RatioRunner.Median(r.Value):F3}"));
                output.WriteLine(
                    $"| end to end, 1 MiB, {(path == WritePath.Stream ? "`Response.Body`" : "`BodyWriter`")}, {EndToEndRunner.Describe(variant)}: ≥ ×{target:F2} (median over {values.Count} rounds) | " +
                    $"×{RatioRunner.Median(values):F3} (95% CI {low:F3}–{high:F3}) | {(references.Length == 0 ? "–" : references)} | {RatioRunner.Verdict(values, target)} |");
            }
        }
    }

    /// <summary>Bytes of a .NET string of <paramref name="length"/> characters on x64 (header, length, characters, terminator; 8-byte aligned).</summary>
    private static long StringSize(int length) => (20 + (2L * length) + 2 + 7) / 8 * 8;
}
