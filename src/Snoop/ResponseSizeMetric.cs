using System.Collections.Generic;

namespace Snoop;

/// <summary>
/// The names and histogram buckets of the metric that <c>UseResponseSizeMetrics</c> records: OpenTelemetry's
/// <c>http.server.response.body.size</c>, a histogram of response body bytes (unit <c>By</c>), from a meter named
/// <c>Snoop</c>.
/// </summary>
/// <example>
/// On net8.0 the SDK cannot read the buckets from the instrument (instrument advice needs .NET 9); give them as a view:
/// <code>
/// metrics.AddView(ResponseSizeMetric.InstrumentName, new ExplicitBucketHistogramConfiguration
/// {
///     Boundaries = ResponseSizeMetric.BucketBoundaries.Select(b => (double)b).ToArray(),
/// });
/// </code>
/// </example>
public static class ResponseSizeMetric
{
    /// <summary>The meter's name, <c>Snoop</c>: what to pass to <c>AddMeter</c> or <c>dotnet-counters --counters</c>.</summary>
    public const string MeterName = "Snoop";

    /// <summary>The histogram's name, <c>http.server.response.body.size</c>, as OpenTelemetry's HTTP semantic conventions define it.</summary>
    public const string InstrumentName = "http.server.response.body.size";

    /// <summary>
    /// The histogram's explicit bucket boundaries in bytes: 0 (empty bodies alone), then powers of 4 from 256 B to
    /// 1 GiB. Given to the instrument as advice on .NET 9 and later; on .NET 8 configure them as a view.
    /// </summary>
    public static IReadOnlyList<long> BucketBoundaries { get; } =
    [
        0,
        256,
        1024,
        4 * 1024,
        16 * 1024,
        64 * 1024,
        256 * 1024,
        1024 * 1024,
        4 * 1024 * 1024,
        16 * 1024 * 1024,
        64 * 1024 * 1024,
        256 * 1024 * 1024,
        1024 * 1024 * 1024,
    ];
}
