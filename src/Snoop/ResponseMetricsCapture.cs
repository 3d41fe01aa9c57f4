using System;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Snoop.Internal;

namespace Snoop;

/// <summary>
/// Counts what a response does while the scope is open: status code, body bytes (through
/// <c>Response.Body</c>, <c>Response.BodyWriter</c> and <c>SendFileAsync</c>, each once), duration,
/// whether it started and whether it was aborted. The response itself streams through untouched.
/// Create it with <see cref="ResponseCapture.BeginMetrics"/>; disposing it restores the previous body
/// feature and freezes the values.
/// </summary>
/// <remarks>
/// A scope cannot see an exception that passes through it; to have exceptions reported (status 500 before
/// the response started, aborted after), use <see cref="ResponseCapture.CaptureMetricsAsync(HttpContext, RequestDelegate)"/>.
/// </remarks>
public class ResponseMetricsCapture : ResponseFeatureScope
{
    private readonly CaptureFeature _feature;
    private readonly long _startTimestamp;
    private ResponseMetrics _final;

    internal ResponseMetricsCapture(HttpContext context, CaptureFeature feature)
        : base(context, feature.InnerFeature)
    {
        _feature = feature;
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The status code the response has (or had when the scope ended).</summary>
    public int StatusCode => IsDisposed ? _final.StatusCode : Context.Response.StatusCode;

    /// <summary>Body bytes written through this scope so far (or until it ended).</summary>
    public long BytesWritten => IsDisposed ? _final.BytesWritten : _feature.BytesWritten;

    /// <summary>Whether the response has started (or had when the scope ended).</summary>
    public bool HasStarted => IsDisposed ? _final.Started : Context.Response.HasStarted;

    /// <summary>Whether the client has disconnected (or had when the scope ended).</summary>
    public bool IsAborted => IsDisposed ? _final.Aborted : Context.RequestAborted.IsCancellationRequested;

    /// <summary>Time since the scope began (or its length once ended).</summary>
    public TimeSpan Duration => IsDisposed ? _final.Duration : Stopwatch.GetElapsedTime(_startTimestamp);

    internal CaptureFeature Feature => _feature;

    /// <summary>All the values at once.</summary>
    public ResponseMetrics GetMetrics() => IsDisposed ? _final : Snapshot();

    private protected override void OnEnding()
    {
        try
        {
            _final = Snapshot();
        }
        catch (ObjectDisposedException)
        {
            // Disposed after the request ended: keep what can still be known.
            _final = new ResponseMetrics(0, _feature.BytesWritten, Stopwatch.GetElapsedTime(_startTimestamp), Started: true, Aborted: false);
        }

        _feature.End();
    }

    private ResponseMetrics Snapshot()
    {
        var response = Context.Response;
        return new ResponseMetrics(
            response.StatusCode,
            _feature.BytesWritten,
            Stopwatch.GetElapsedTime(_startTimestamp),
            response.HasStarted,
            Context.RequestAborted.IsCancellationRequested);
    }
}
