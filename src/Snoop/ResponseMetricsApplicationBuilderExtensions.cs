using System;
using Microsoft.AspNetCore.Http;
using Snoop;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Snoop's metrics capture to an ASP.NET Core pipeline.</summary>
public static class ResponseMetricsApplicationBuilderExtensions
{
    /// <summary>
    /// Measures every response that passes this point (status, bytes, duration, started, aborted) and calls
    /// <paramref name="onCompleted"/> with the result, also for requests that throw. The response streams
    /// through untouched. See <see cref="ResponseCapture.CaptureMetricsAsync(HttpContext, RequestDelegate, Action{HttpContext, ResponseMetrics})"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IApplicationBuilder UseResponseMetrics(this IApplicationBuilder app, Action<HttpContext, ResponseMetrics> onCompleted)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(onCompleted);
        return app.Use(next => context => ResponseCapture.CaptureMetricsAsync(context, next, onCompleted));
    }
}
