using System.Diagnostics;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.EndToEnd;

/// <summary>How long the ratio run is: rounds, seconds per measurement, client concurrency.</summary>
public sealed record RatioSettings(int Rounds, TimeSpan Duration, int Concurrency)
{
    public static RatioSettings Full { get; } = new(Rounds: 25, Duration: TimeSpan.FromSeconds(1), Concurrency: 32);

    public static RatioSettings Quick { get; } = new(Rounds: 3, Duration: TimeSpan.FromMilliseconds(400), Concurrency: 32);
}

/// <summary>
/// The end-to-end targets of issue 14 (1 MiB responses, requests per second against no capture): every round
/// measures each variant once, in an order rotated from round to round, with no capture measured before and after
/// every variant; each variant's ratio is taken against the mean of the two no-capture measurements next to it.
/// Reported per variant: the median ratio over the
/// rounds, its 95% confidence interval (bootstrap of the median, fixed seed), the interquartile range and the
/// extremes, and the verdict against the target: met when the whole interval is at or above it, not met when
/// the median is below it, not shown otherwise.
/// </summary>
public static class RatioRunner
{
    private static readonly (Variant Variant, WritePath Path, double? Target)[] Cases =
    [
        (Variant.None, WritePath.Stream, null),
        (Variant.SnoopMetrics, WritePath.Stream, 0.98),
        (Variant.SnoopBody, WritePath.Stream, 0.95),
        (Variant.CountingStream, WritePath.Stream, null),
        (Variant.HttpLogging, WritePath.Stream, null),
        (Variant.FloorMetrics, WritePath.Stream, null),
        (Variant.None, WritePath.Writer, null),
        (Variant.SnoopMetrics, WritePath.Writer, 0.98),
        (Variant.SnoopBody, WritePath.Writer, 0.95),
    ];

    public static async Task<IReadOnlyDictionary<(Variant Variant, WritePath Path), List<double>>> RunAsync(RatioSettings settings, TextWriter output, WritePath[]? paths = null)
    {
        paths ??= [WritePath.Stream, WritePath.Writer];
        var total = Stopwatch.StartNew();
        const int size = EndToEndRunner.Large;
        await using var server = await LoopbackServer.StartAsync(Cases.Select(c => (c.Variant, c.Path)), [size], settings.Concurrency);
        output.WriteLine();
        output.WriteLine(
            $"## End to end, median ratios: Kestrel HTTP/1.1 on loopback, 1 MiB responses, concurrency {settings.Concurrency}, " +
            $"{settings.Rounds} rounds of {settings.Duration.TotalSeconds:0.#} s per variant, order rotated every round, no capture before and after each variant");

        foreach (var (variant, path, _) in Cases)
        {
            await EndToEndRunner.MeasureAsync(server.Client, EndToEndRunner.Route(variant, path, size), size, 60, TimeSpan.FromSeconds(5), settings.Concurrency);
        }

        var ratios = Cases.ToDictionary(c => (c.Variant, c.Path), _ => new List<double>());
        var rates = Cases.ToDictionary(c => (c.Variant, c.Path), _ => new List<double>());
        foreach (var path in paths)
        {
            var variants = Cases.Where(c => c.Path == path && c.Variant != Variant.None).Select(c => c.Variant).ToArray();
            for (var round = 0; round < settings.Rounds; round++)
            {
                // No capture before and after every variant: each ratio is against the two measurements next to it.
                var before = await RateAsync(server, Variant.None, path, settings);
                rates[(Variant.None, path)].Add(before);
                for (var i = 0; i < variants.Length; i++)
                {
                    var variant = variants[(i + round) % variants.Length];
                    var rate = await RateAsync(server, variant, path, settings);
                    var after = await RateAsync(server, Variant.None, path, settings);
                    rates[(Variant.None, path)].Add(after);
                    rates[(variant, path)].Add(rate);
                    ratios[(variant, path)].Add(rate / ((before + after) / 2));
                    before = after;
                }

                ratios[(Variant.None, path)].Add(1);
            }
        }

        foreach (var path in paths)
        {
            output.WriteLine();
            output.WriteLine($"### 1 MiB responses, handler writes through {(path == WritePath.Stream ? "Response.Body" : "Response.BodyWriter")}");
            output.WriteLine();
            output.WriteLine("| variant | median req/s | median ratio to no capture | 95% CI of the median | interquartile range | min – max | target | verdict |");
            output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var (variant, casePath, target) in Cases)
            {
                if (casePath != path)
                {
                    continue;
                }

                var r = ratios[(variant, path)];
                var (low, high) = MedianInterval(r);
                var verdict = target is { } t ? Verdict(r, t) : "";
                output.WriteLine(
                    $"| {EndToEndRunner.Describe(variant)} | {Median(rates[(variant, path)]):N0} | {Median(r):F3} | {low:F3} – {high:F3} " +
                    $"| {Quantile(r, 0.25):F3} – {Quantile(r, 0.75):F3} | {r.Min():F3} – {r.Max():F3} | {(target is { } v ? $"≥ {v:F2}" : "")} | {verdict} |");
            }
        }

        output.WriteLine($"(ratio run took {total.Elapsed.TotalSeconds:F0} s)");
        return ratios;
    }

    /// <summary>The target of a case (null for the references) and its verdict from the per-round ratios.</summary>
    internal static double? Target(Variant variant, WritePath path)
        => Cases.FirstOrDefault(c => c.Variant == variant && c.Path == path).Target;

    private static async Task<double> RateAsync(LoopbackServer server, Variant variant, WritePath path, RatioSettings settings)
    {
        const int size = EndToEndRunner.Large;
        var m = await EndToEndRunner.MeasureAsync(server.Client, EndToEndRunner.Route(variant, path, size), size, int.MaxValue, settings.Duration, settings.Concurrency);
        return m.Requests / m.Elapsed.TotalSeconds;
    }

    internal static string Verdict(IReadOnlyList<double> ratios, double target)
        => MedianInterval(ratios).Low >= target ? "**met**" : Median(ratios) < target ? "**not met**" : "not shown (interval spans the target)";

    internal static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    internal static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    /// <summary>95% percentile-bootstrap interval of the median (5,000 resamples, fixed seed: the same data give the same interval).</summary>
    internal static (double Low, double High) MedianInterval(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return (values[0], values[0]);
        }

        var random = new Random(14);
        var medians = new double[5000];
        var sample = new double[values.Count];
        for (var b = 0; b < medians.Length; b++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = values[random.Next(values.Count)];
            }

            medians[b] = Median(sample);
        }

        return (Quantile(medians, 0.025), Quantile(medians, 0.975));
    }
}
