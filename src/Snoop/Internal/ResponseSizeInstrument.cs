using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Snoop.Internal;

/// <summary>
/// The <c>http.server.response.body.size</c> histogram of one <see cref="IMeterFactory"/>, and how a measured
/// request is recorded on it. One per meter, however many pipelines use it, so that a listener sees one instrument.
/// </summary>
internal sealed class ResponseSizeInstrument
{
    private const string Description = "Size of HTTP server response bodies.";

    private static readonly ConditionalWeakTable<Meter, ResponseSizeInstrument> s_instruments = new();

    private readonly Histogram<long> _histogram;

    private ResponseSizeInstrument(Meter meter)
    {
#if NET9_0_OR_GREATER
        _histogram = meter.CreateHistogram<long>(
            ResponseSizeMetric.InstrumentName,
            unit: "By",
            description: Description,
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = ResponseSizeMetric.BucketBoundaries });
#else
        _histogram = meter.CreateHistogram<long>(ResponseSizeMetric.InstrumentName, unit: "By", description: Description);
#endif
    }

    /// <summary>Records a measured request; the signature fits <c>ResponseCapture.CaptureMetricsAsync</c>'s reporter.</summary>
    public static Action<HttpContext, ResponseMetrics, Exception?, ResponseSizeInstrument> Report { get; } =
        static (context, metrics, exception, instrument) => instrument.Record(context, metrics, exception);

    /// <summary>Whether anything listens: when nothing does, requests need not be measured at all.</summary>
    public bool Enabled => _histogram.Enabled;

    /// <exception cref="InvalidOperationException">The services have no <see cref="IMeterFactory"/>.</exception>
    public static ResponseSizeInstrument For(IServiceProvider services)
    {
        var factory = services.GetService<IMeterFactory>()
            ?? throw new InvalidOperationException(
                "UseResponseSizeMetrics needs an IMeterFactory from the application's services; add one with services.AddMetrics() (hosts built by WebApplication or Host do).");
        var meter = factory.Create(new MeterOptions(ResponseSizeMetric.MeterName));
        return s_instruments.GetValue(meter, static m => new ResponseSizeInstrument(m));
    }

    public void Record(HttpContext context, ResponseMetrics metrics, Exception? exception)
    {
        if (!_histogram.Enabled)
        {
            return; // the listener left during the request: build no tags for nobody
        }

#if NET9_0_OR_GREATER
        // Endpoints excluded from HTTP metrics (DisableHttpMetrics(), as for a scraping endpoint) are excluded here too.
        if (context.Features.Get<IHttpMetricsTagsFeature>()?.MetricsDisabled == true
            || context.GetEndpoint()?.Metadata.GetMetadata<IDisableHttpMetricsMetadata>() is not null)
        {
            return;
        }
#endif

        var request = context.Request;
        var tags = new TagList
        {
            { HttpMetricTags.Method, HttpMetricTags.NormalizeMethod(request.Method) },
            { HttpMetricTags.Scheme, request.Scheme },
            { HttpMetricTags.StatusCode, HttpMetricTags.BoxStatusCode(metrics.StatusCode) },
        };
        if (HttpMetricTags.GetProtocolVersion(request.Protocol) is { } version)
        {
            tags.Add(HttpMetricTags.ProtocolVersion, version);
        }

        if (HttpMetricTags.GetRoute(context) is { } route)
        {
            tags.Add(HttpMetricTags.Route, route);
        }

        if (HttpMetricTags.GetErrorType(context, metrics.StatusCode, exception) is { } errorType)
        {
            tags.Add(HttpMetricTags.ErrorType, errorType);
        }

        _histogram.Record(metrics.BytesWritten, tags);
    }
}
