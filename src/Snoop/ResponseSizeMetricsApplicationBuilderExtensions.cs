using System;
using Microsoft.AspNetCore.Http;
using Snoop;
using Snoop.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the standard response size metric to an ASP.NET Core pipeline.</summary>
public static class ResponseSizeMetricsApplicationBuilderExtensions
{
    /// <summary>
    /// Records OpenTelemetry's <c>http.server.response.body.size</c> (histogram, unit <c>By</c>) for every request
    /// that passes this point, from a meter named <c>Snoop</c> created with the application's <c>IMeterFactory</c>.
    /// The value is the body bytes sent through this point (<c>Response.Body</c>, <c>BodyWriter</c> and send-file
    /// ranges, each once), also for failed and aborted requests; the attributes are those of ASP.NET Core's
    /// <c>http.server.request.duration</c>: <c>http.request.method</c> (unknown methods as <c>_OTHER</c>),
    /// <c>url.scheme</c>, <c>http.response.status_code</c>, <c>http.route</c>, <c>error.type</c> and
    /// <c>network.protocol.version</c>. The response streams through untouched.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Place it before <c>UseResponseCompression</c> to record the compressed size (the bytes sent, as the
    /// conventions define the metric), after it to record the size the application wrote.
    /// </para>
    /// <para>
    /// <c>error.type</c> is, in hosting's order: what a middleware gave ASP.NET Core's own request metric (the
    /// exception handler gives the type of the exception it handled), the full type name of an exception that
    /// escaped, or the status code of a 5xx response. A request the client aborted without an exception reaching
    /// this point has none, as in hosting's metric; its value is the bytes sent until then.
    /// </para>
    /// <para>
    /// While nothing listens to the instrument, requests pass straight through: no capture, no cost but a check.
    /// A request that began while nothing listened is not recorded.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The application's services have no <c>IMeterFactory</c>.</exception>
    public static IApplicationBuilder UseResponseSizeMetrics(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var instrument = ResponseSizeInstrument.For(app.ApplicationServices);
        return app.Use(next => context => instrument.Enabled
            ? ResponseCapture.CaptureMetricsAsync(context, next, ResponseSizeInstrument.Report, instrument)
            : next(context));
    }
}
