using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Internal;

namespace Snoop;

/// <summary>
/// Entry points of the capturing runtime. Every capture wraps the response body feature so that the
/// response streams to the client untouched and every capability of the wrapped feature (send-file,
/// the server's writer, <c>StartAsync</c>, <c>CompleteAsync</c>, <c>DisableBuffering</c>) keeps working.
/// </summary>
/// <example>
/// <code>
/// await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
/// {
///     await next(context);
///     logger.LogInformation("{Status} {Body}", capture.StatusCode, capture.GetBodyText());
/// }
/// </code>
/// </example>
/// <remarks>
/// A capture may begin after the response started (for example in a component that runs late): it then
/// counts and keeps what is written from that point on, <see cref="ResponseMetricsCapture.HasStarted"/> is
/// already <see langword="true"/>, and an observer's <see cref="ResponseObserver.OnStarting"/> is not called.
/// A capture that is never disposed ends with its request (see <see cref="ResponseFeatureScope"/>).
/// </remarks>
public static class ResponseCapture
{
    /// <summary>The default body limit, 32 KiB, as ASP.NET Core's HTTP logging.</summary>
    public const int DefaultMaxBodyBytes = 32 * 1024;

    /// <summary>A user's callback is not given the exception (it is rethrown to the caller anyway).</summary>
    private static readonly Action<HttpContext, ResponseMetrics, Exception?, Action<HttpContext, ResponseMetrics>> s_reportToCallback =
        static (context, metrics, _, onCompleted) => onCompleted(context, metrics);

    /// <summary>
    /// Starts keeping the first <paramref name="maxBodyBytes"/> bytes of the response body, and counting
    /// what the response does, until the returned capture is disposed.
    /// </summary>
    /// <param name="context">The request whose response to capture.</param>
    /// <param name="maxBodyBytes">
    /// How many body bytes to keep; 0 keeps none (metrics only). The buffer grows with the body, from the
    /// shared array pool, so a large limit (even <see cref="int.MaxValue"/>) costs nothing until bytes arrive.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBodyBytes"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The request has no response body feature.</exception>
    public static ResponseBodyCapture Begin(HttpContext context, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyBytes);
        var previous = CurrentFeature(context);
        return Install(context, new ResponseBodyCapture(context, previous, new BodyPrefixBuffer(maxBodyBytes)));
    }

    /// <summary>Starts counting what the response does, until the returned capture is disposed.</summary>
    /// <param name="context">The request whose response to measure.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The request has no response body feature.</exception>
    public static ResponseMetricsCapture BeginMetrics(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = CurrentFeature(context);
        return Install(context, new ResponseMetricsCapture(context, previous, endWithRequest: true, hooks: false, Stopwatch.GetTimestamp()));
    }

    /// <summary>
    /// Calls <paramref name="observer"/> for every write, flush, send-file, start and completion of the
    /// response body until the returned capture is disposed; counts like <see cref="BeginMetrics"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The request has no response body feature.</exception>
    public static ResponseMetricsCapture Observe(HttpContext context, ResponseObserver observer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(observer);
        var capture = Install(context, new ObservingCapture(context, CurrentFeature(context), observer));
        if (!context.Response.HasStarted)
        {
            context.Response.OnStarting(
                static state =>
                {
                    var scope = (ObservingCapture)state;
                    if (!scope.IsDisposed)
                    {
                        scope.Observer.OnStarting();
                    }

                    return Task.CompletedTask;
                },
                capture);
        }

        return capture;
    }

    /// <summary>
    /// Installs the feature that <paramref name="decorate"/> builds around the current response body feature
    /// (typically a <see cref="DelegatingResponseBodyFeature"/> subclass) until the returned scope is disposed.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>, or <paramref name="decorate"/> returned <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The request has no response body feature.</exception>
    public static ResponseFeatureScope Decorate(HttpContext context, Func<IHttpResponseBodyFeature, IHttpResponseBodyFeature> decorate)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(decorate);
        var previous = CurrentFeature(context);
        var decorated = decorate(previous) ?? throw new ArgumentNullException(nameof(decorate), "The decorate function returned null.");
        context.Features.Set(decorated);
        return new ResponseFeatureScope(context, previous);
    }

    /// <summary>
    /// Runs <paramref name="next"/> with the response measured and returns what it did. The previous body
    /// feature is restored before this returns or throws. An exception from <paramref name="next"/> is
    /// rethrown; to have failed requests reported too, use the overload with a callback.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static Task<ResponseMetrics> CaptureMetricsAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return RunAsync<object?>(context, next, report: null, state: null).AsTask();
    }

    /// <summary>
    /// Runs <paramref name="next"/> with the response measured and calls <paramref name="onCompleted"/> with
    /// what it did, also when <paramref name="next"/> throws: status 500 when the exception escaped before the
    /// response started (what the server sends), the sent status and <see cref="ResponseMetrics.Aborted"/>
    /// after. The exception is then rethrown. The previous body feature is restored before the callback runs.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static Task CaptureMetricsAsync(HttpContext context, RequestDelegate next, Action<HttpContext, ResponseMetrics> onCompleted)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(onCompleted);
        return CaptureMetricsAsync(context, next, s_reportToCallback, onCompleted);
    }

    /// <summary>
    /// <see cref="CaptureMetricsAsync(HttpContext, RequestDelegate, Action{HttpContext, ResponseMetrics})"/> for
    /// the runtime's own reporters, which also need the exception that escaped (<see langword="null"/> when none
    /// did). <paramref name="state"/> is passed through so that <paramref name="report"/> can be a static lambda.
    /// </summary>
    internal static Task CaptureMetricsAsync<TState>(HttpContext context, RequestDelegate next, Action<HttpContext, ResponseMetrics, Exception?, TState> report, TState state)
    {
        var run = RunAsync(context, next, report, state);
        return run.IsCompletedSuccessfully ? Task.CompletedTask : run.AsTask();
    }

    private static async ValueTask<ResponseMetrics> RunAsync<TState>(HttpContext context, RequestDelegate next, Action<HttpContext, ResponseMetrics, Exception?, TState>? report, TState state)
    {
        var start = Stopwatch.GetTimestamp();
        var previous = CurrentFeature(context);

        // This method restores the previous feature itself, on every path: no registration to end with the request.
        var capture = Install(context, new ResponseMetricsCapture(context, previous, endWithRequest: false, hooks: false, start));
        int status;
        bool started;
        bool aborted;
        try
        {
            await next(context).ConfigureAwait(false);

            // Read while the capture is still installed: the context's feature caches are warm from the application's
            // own use, and the restore below invalidates them (reading after it made the context fetch two features again).
            var response = context.Response;
            status = response.StatusCode;
            started = response.HasStarted;
            aborted = context.RequestAborted.IsCancellationRequested;
        }
        catch (Exception exception) when (Fail(context, capture, start, exception, report, state))
        {
            throw; // not reached: Fail returns false so that the exception passes through untouched
        }
        finally
        {
            context.Features.Set(previous);
            capture.End();
        }

        var metrics = new ResponseMetrics(status, capture.BytesWritten, Stopwatch.GetElapsedTime(start), started, aborted);
        report?.Invoke(context, metrics, null, state);
        return metrics;
    }

    /// <summary>Reports a failed request from an exception filter (before unwinding), and lets the exception go on.</summary>
    private static bool Fail<TState>(HttpContext context, ResponseMetricsCapture capture, long start, Exception exception, Action<HttpContext, ResponseMetrics, Exception?, TState>? report, TState state)
    {
        if (report is null)
        {
            return false;
        }

        context.Features.Set(capture.InnerFeature);
        var started = context.Response.HasStarted;
        var metrics = new ResponseMetrics(
            started ? context.Response.StatusCode : StatusCodes.Status500InternalServerError,
            capture.BytesWritten,
            Stopwatch.GetElapsedTime(start),
            started,
            Aborted: started || context.RequestAborted.IsCancellationRequested);
        try
        {
            report(context, metrics, exception, state);
        }
        catch (Exception)
        {
            // The request's own exception is the one to surface; a failing report must not replace it.
        }

        return false;
    }

    /// <summary>Installs <paramref name="capture"/>, which is its own body feature.</summary>
    private static TCapture Install<TCapture>(HttpContext context, TCapture capture)
        where TCapture : ResponseMetricsCapture
    {
        context.Features.Set<IHttpResponseBodyFeature>(capture);
        return capture;
    }

    private static IHttpResponseBodyFeature CurrentFeature(HttpContext context)
        => context.Features.Get<IHttpResponseBodyFeature>()
            ?? throw new InvalidOperationException("The request has no IHttpResponseBodyFeature to capture.");
}
