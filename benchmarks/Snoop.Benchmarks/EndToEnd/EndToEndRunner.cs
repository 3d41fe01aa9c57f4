using System.Diagnostics;
using System.Net;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.EndToEnd;

/// <summary>How long the end-to-end run is: requests per variant and round, rounds, client concurrency.</summary>
/// <remarks>A measurement stops at its request count or its duration, whichever comes first.</remarks>
public sealed record EndToEndSettings(int Concurrency, int Rounds, int SmallRequests, int LargeRequests, TimeSpan Duration)
{
    public static EndToEndSettings Full { get; } = new(Concurrency: 32, Rounds: 4, SmallRequests: 100_000, LargeRequests: 10_000, Duration: TimeSpan.FromSeconds(2));

    public static EndToEndSettings Quick { get; } = new(Concurrency: 32, Rounds: 1, SmallRequests: 20_000, LargeRequests: 2_000, Duration: TimeSpan.FromMilliseconds(400));
}

/// <summary>
/// Kestrel on 127.0.0.1 (HTTP/1.1, port chosen by the OS) with every variant behind its own path, driven in the
/// same process by an HttpClient at fixed concurrency. Variants are measured in interleaved rounds (every variant
/// once per round) so that noise from other work on the machine spreads over all of them. Only loopback traffic;
/// every loop is bounded by a request count and a time limit.
/// </summary>
public static class EndToEndRunner
{
    internal const int Small = 1024;
    internal const int Large = 1024 * 1024;

    private static readonly (Variant Variant, WritePath Path)[] Cases =
    [
        (Variant.None, WritePath.Stream),
        (Variant.SnoopMetrics, WritePath.Stream),
        (Variant.SnoopBody, WritePath.Stream),
        (Variant.HttpLogging, WritePath.Stream),
        (Variant.CountingStream, WritePath.Stream),
        (Variant.MemoryStreamTemplate, WritePath.Stream),
        (Variant.None, WritePath.Writer),
        (Variant.SnoopMetrics, WritePath.Writer),
        (Variant.SnoopBody, WritePath.Writer),
        (Variant.CountingStream, WritePath.Writer),
    ];

    public static async Task RunAsync(EndToEndSettings settings, TextWriter output)
    {
        var total = Stopwatch.StartNew();
        await using var server = await LoopbackServer.StartAsync(Cases, [Small, Large], settings.Concurrency);
        var client = server.Client;
        var address = client.BaseAddress!;

        output.WriteLine();
        output.WriteLine($"## End to end: Kestrel HTTP/1.1 on {address.Authority}, HttpClient, concurrency {settings.Concurrency}, {settings.Rounds} interleaved round(s)");

        // Warm up every route (JIT, connections, pools) before anything is counted.
        foreach (var size in new[] { Small, Large })
        {
            foreach (var (variant, path) in Cases)
            {
                await MeasureAsync(client, Route(variant, path, size), size, Math.Max(settings.Concurrency, size == Small ? 200 : 40), TimeSpan.FromSeconds(5), settings.Concurrency);
            }
        }

        var results = new Dictionary<(int Size, Variant Variant, WritePath Path), Accumulated>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var size in new[] { Small, Large })
            {
                foreach (var (variant, path) in Cases)
                {
                    var requests = size == Small ? settings.SmallRequests : settings.LargeRequests;
                    var measurement = await MeasureAsync(client, Route(variant, path, size), size, requests, settings.Duration, settings.Concurrency);
                    var key = (size, variant, path);
                    results[key] = results.TryGetValue(key, out var sum) ? sum.Add(measurement) : Accumulated.From(measurement);
                }
            }
        }

        Report(results, output);
        output.WriteLine($"(end to end took {total.Elapsed.TotalSeconds:F0} s)");
    }

    internal static string Route(Variant variant, WritePath path, int size) => $"/{variant}/{path}/{size}";

    internal static async Task<Measurement> MeasureAsync(HttpClient client, string route, int size, int requests, TimeSpan duration, int concurrency)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampling = new CancellationTokenSource();
        var peak = new PeakSampler();
        var sampler = peak.RunAsync(sampling.Token);

        // Requests in flight when the duration ends still complete (and count); a hard limit bounds a stuck run.
        using var limit = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = 0;
        var completed = 0;
        var failures = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = new Task[concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref started) <= requests)
                {
                    try
                    {
                        using var response = await client.GetAsync(route, HttpCompletionOption.ResponseHeadersRead, limit.Token);
                        await using var stream = await response.Content.ReadAsStreamAsync(limit.Token);
                        long received = 0;
                        int read;
                        while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
                        {
                            received += read;
                        }

                        if (response.StatusCode != HttpStatusCode.OK || received != size)
                        {
                            Interlocked.Increment(ref failures);
                        }
                        else
                        {
                            Interlocked.Increment(ref completed);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        sampling.Cancel();
        await sampler;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{route}: {failures} request(s) failed or returned a wrong body.");
        }

        return new Measurement(completed, elapsed, allocated, peak.MaxHeap - heapBefore, peak.MaxWorkingSet);
    }

    private static void Report(Dictionary<(int Size, Variant Variant, WritePath Path), Accumulated> results, TextWriter output)
    {
        foreach (var size in new[] { Small, Large })
        {
            foreach (var path in new[] { WritePath.Stream, WritePath.Writer })
            {
                if (!results.TryGetValue((size, Variant.None, path), out var baseline))
                {
                    continue;
                }

                output.WriteLine();
                output.WriteLine($"### {(size == Small ? "1 KiB" : "1 MiB")} responses, handler writes through {(path == WritePath.Stream ? "Response.Body" : "Response.BodyWriter")}");
                output.WriteLine();
                output.WriteLine("| variant | requests | req/s | throughput vs none | allocated / request (process) | extra vs none | peak GC heap growth | peak working set |");
                output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var (variant, casePath) in Cases)
                {
                    if (casePath != path || !results.TryGetValue((size, variant, path), out var result))
                    {
                        continue;
                    }

                    output.WriteLine(
                        $"| {Describe(variant)} | {result.Requests:N0} | {result.RequestsPerSecond:N0} | {result.RequestsPerSecond / baseline.RequestsPerSecond:P1} " +
                        $"| {Bytes(result.AllocatedPerRequest)} | {SignedBytes(result.AllocatedPerRequest - baseline.AllocatedPerRequest)} " +
                        $"| {Bytes(result.PeakHeapGrowth)} | {result.PeakWorkingSet / 1048576.0:N0} MiB |");
                }
            }
        }
    }

    public static string Describe(Variant variant) => variant switch
    {
        Variant.None => "no capture",
        Variant.SnoopMetrics => "Snoop metrics",
        Variant.SnoopBody => "Snoop body 32 KiB",
        Variant.SnoopBodyText => "Snoop body 32 KiB + text",
        Variant.MemoryStreamTemplate => "MemoryStream template",
        Variant.HttpLogging => "HTTP logging 32 KiB",
        Variant.CountingStream => "counting Stream",
        Variant.FloorMetrics => "floor (least code, same guarantees as metrics)",
        _ => variant.ToString(),
    };

    private static string Bytes(double bytes) => Math.Abs(bytes) switch
    {
        >= 1048576 => $"{bytes / 1048576:N1} MiB",
        >= 10240 => $"{bytes / 1024:N1} KiB",
        _ => $"{bytes:N0} B",
    };

    private static string SignedBytes(double bytes) => (bytes >= 0 ? "+" : "-") + Bytes(Math.Abs(bytes));

    internal readonly record struct Measurement(int Requests, TimeSpan Elapsed, long Allocated, long PeakHeapGrowth, long PeakWorkingSet);

    private readonly record struct Accumulated(long Requests, TimeSpan Elapsed, long Allocated, long PeakHeapGrowth, long PeakWorkingSet)
    {
        public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

        public double AllocatedPerRequest => (double)Allocated / Requests;

        public static Accumulated From(Measurement m) => new(m.Requests, m.Elapsed, m.Allocated, m.PeakHeapGrowth, m.PeakWorkingSet);

        public Accumulated Add(Measurement m) => new(
            Requests + m.Requests,
            Elapsed + m.Elapsed,
            Allocated + m.Allocated,
            Math.Max(PeakHeapGrowth, m.PeakHeapGrowth),
            Math.Max(PeakWorkingSet, m.PeakWorkingSet));
    }

    /// <summary>Samples the managed heap and the working set every few milliseconds and keeps the maxima.</summary>
    private sealed class PeakSampler
    {
        public long MaxHeap { get; private set; }

        public long MaxWorkingSet { get; private set; }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            do
            {
                MaxHeap = Math.Max(MaxHeap, GC.GetTotalMemory(forceFullCollection: false));
                MaxWorkingSet = Math.Max(MaxWorkingSet, Environment.WorkingSet);
            }
            while (await WaitAsync(timer, cancellationToken));
        }

        private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
        {
            try
            {
                return await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
