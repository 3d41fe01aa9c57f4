using System;
using System.Diagnostics;
using System.Threading;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop;

/// <summary>
/// Counts what a response does while the scope is open: status code, body bytes (through
/// <c>Response.Body</c>, <c>Response.BodyWriter</c> and <c>SendFileAsync</c>, each once), duration,
/// whether it started and whether it was aborted. The response itself streams through untouched.
/// Create it with <see cref="ResponseCapture.BeginMetrics"/>; disposing it restores the previous body
/// feature and freezes the values.
/// </summary>
/// <remarks>
/// <para>
/// A scope cannot see an exception that passes through it; to have exceptions reported (status 500 before
/// the response started, aborted after), use <see cref="ResponseCapture.CaptureMetricsAsync(HttpContext, RequestDelegate)"/>.
/// </para>
/// <para>
/// The capture is itself the <see cref="IHttpResponseBodyFeature"/> it installs (implemented explicitly): one
/// object per request for the scope, the counters and the feature, plus the stream or writer the application
/// writes through.
/// </para>
/// </remarks>
public partial class ResponseMetricsCapture : ResponseFeatureScope
{
    /// <summary>Set in the state once the capture stopped counting; its values are frozen from then on.</summary>
    private const long EndedFlag = 1L << 61;

    /// <summary>Set from the start when writes must see the bytes (a body or observing capture), not only their count.</summary>
    private const long HooksFlag = 1L << 60;

    /// <summary>Set once the body completed as far as the hooks can see (<c>CompleteAsync</c> or the end).</summary>
    private const long CompletedFlag = 1L << 59;

    /// <summary>The byte count, under the flags (2^59 bytes is 512 PiB).</summary>
    private const long BytesMask = CompletedFlag - 1;

    private const long StartedBit = 1L << 32;

    private const long AbortedBit = 1L << 33;

    /// <summary>
    /// The start's <see cref="Stopwatch"/> timestamp (positive) while counting; once ended, the complement of the
    /// duration's ticks (negative). One field for both, read in one atomic read, is never seen half-changed.
    /// </summary>
    private long _time;

    /// <summary>Once ended: the status code (low 32 bits), <see cref="StartedBit"/> and <see cref="AbortedBit"/>.</summary>
    private long _final;

    internal ResponseMetricsCapture(HttpContext context, IHttpResponseBodyFeature previous, bool endWithRequest, bool hooks, long startTimestamp)
        : base(context, previous, endWithRequest, hooks ? HooksFlag : 0)
    {
        _time = startTimestamp;
    }

    /// <summary>The status code the response has (or had when the scope ended).</summary>
    public int StatusCode => IsEnded ? (int)_final : Context.Response.StatusCode;

    /// <summary>Body bytes written through this scope so far (or until it ended).</summary>
    public long BytesWritten => Volatile.Read(ref _state) & BytesMask;

    /// <summary>Whether the response has started (or had when the scope ended).</summary>
    public bool HasStarted => IsEnded ? (_final & StartedBit) != 0 : Context.Response.HasStarted;

    /// <summary>Whether the client has disconnected (or had when the scope ended).</summary>
    public bool IsAborted => IsEnded ? (_final & AbortedBit) != 0 : Context.RequestAborted.IsCancellationRequested;

    /// <summary>Time since the scope began (or its length once ended).</summary>
    public TimeSpan Duration
    {
        get
        {
            var time = Volatile.Read(ref _time);
            return time < 0 ? new TimeSpan(~time) : Stopwatch.GetElapsedTime(time);
        }
    }

    /// <summary>Whether the capture stopped counting: its scope ended (it now only forwards).</summary>
    internal bool IsEnded => (Volatile.Read(ref _state) & EndedFlag) != 0;

    /// <summary>All the values at once.</summary>
    public ResponseMetrics GetMetrics()
    {
        if (IsEnded)
        {
            var final = _final;
            return new ResponseMetrics((int)final, BytesWritten, Duration, (final & StartedBit) != 0, (final & AbortedBit) != 0);
        }

        var response = Context.Response;
        return new ResponseMetrics(
            response.StatusCode,
            BytesWritten,
            Duration,
            response.HasStarted,
            Context.RequestAborted.IsCancellationRequested);
    }

    /// <summary>
    /// Stops counting: later writes through this feature (a stream or writer someone kept) still reach the client,
    /// but are no longer counted, kept or observed. Ends the hooks' view of the body. Idempotent.
    /// </summary>
    internal void End()
    {
        if ((Interlocked.Or(ref _state, EndedFlag) & EndedFlag) == 0)
        {
            SignalCompleted();
        }
    }

    private protected override void OnEnding()
    {
        // Freeze first, then end: a reader that sees the ended flag finds the frozen values.
        long final;
        try
        {
            var response = Context.Response;
            final = (uint)response.StatusCode
                | (response.HasStarted ? StartedBit : 0)
                | (Context.RequestAborted.IsCancellationRequested ? AbortedBit : 0);
        }
        catch (ObjectDisposedException)
        {
            // Disposed after the request ended: keep what can still be known.
            final = StartedBit;
        }

        _final = final;
        var start = Volatile.Read(ref _time);
        if (start >= 0)
        {
            Volatile.Write(ref _time, ~Stopwatch.GetElapsedTime(start).Ticks);
        }

        End();
    }
}
