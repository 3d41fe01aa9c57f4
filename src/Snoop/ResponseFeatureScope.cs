using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop;

/// <summary>
/// A response body feature installed for a while. Disposing the scope puts the previous feature back, on
/// every path and whatever a later component installed meanwhile; disposing again (or <see cref="DisposeAsync"/>
/// after <see cref="Dispose"/>) does nothing.
/// </summary>
/// <remarks>
/// <para>
/// Writes that reach the installed feature after the scope ended (through a stream or writer someone kept)
/// still go to the client; they are no longer captured.
/// </para>
/// <para>
/// A scope the application does not dispose ends by itself when its request ends (as a response
/// <c>OnCompleted</c> callback; callbacks registered after the scope began run before it). The server reuses
/// the <see cref="HttpContext"/> for later requests, so from then on the scope touches the context no more:
/// its values stay as they were when the request ended, and disposing it later does nothing.
/// </para>
/// <para>
/// Scopes disposed out of order (an outer one before an inner one) still leave the feature that was there
/// before them: a capture that has ended is skipped when an inner scope restores it. A decorator installed
/// with <see cref="ResponseCapture.Decorate"/> is not skipped: it is the application's, and keeps working.
/// </para>
/// </remarks>
public class ResponseFeatureScope : IDisposable, IAsyncDisposable
{
    /// <summary>Set in <see cref="_state"/> by the first <see cref="Dispose"/>.</summary>
    private protected const long DisposedFlag = 1L << 62;

    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _previous;

    /// <summary>
    /// <see cref="DisposedFlag"/>, and for a capture its own flags and byte count (<see cref="ResponseMetricsCapture"/>):
    /// one field for all of them keeps a metrics capture, scope and body feature in one, at 64 bytes.
    /// </summary>
    private protected long _state;

    internal ResponseFeatureScope(HttpContext context, IHttpResponseBodyFeature previous)
        : this(context, previous, endWithRequest: true, state: 0)
    {
    }

    /// <param name="context">The request.</param>
    /// <param name="previous">The feature to restore.</param>
    /// <param name="endWithRequest">
    /// Whether to end the scope when the request ends, if not disposed before (a capture that its own code is sure to
    /// end, as <c>CaptureMetricsAsync</c>'s, skips the registration).
    /// </param>
    /// <param name="state">The initial <see cref="_state"/> (a capture's constant flags).</param>
    private protected ResponseFeatureScope(HttpContext context, IHttpResponseBodyFeature previous, bool endWithRequest, long state)
    {
        _context = context;
        _previous = previous;
        _state = state;

        if (endWithRequest)
        {
            // End with the request at the latest: a scope disposed later must not reach into the next request.
            context.Features.Get<IHttpResponseFeature>()?.OnCompleted(
                static state =>
                {
                    ((ResponseFeatureScope)state).Dispose();
                    return Task.CompletedTask;
                },
                this);
        }
    }

    /// <summary>The request this scope belongs to.</summary>
    protected HttpContext Context => _context;

    /// <summary>The feature that was installed before this scope's, restored when it ends.</summary>
    private protected IHttpResponseBodyFeature Previous => _previous;

    /// <summary>Whether the scope has ended.</summary>
    public bool IsDisposed => (Volatile.Read(ref _state) & DisposedFlag) != 0;

    /// <summary>Ends the scope and restores the previous response body feature.</summary>
    public void Dispose()
    {
        if ((Interlocked.Or(ref _state, DisposedFlag) & DisposedFlag) != 0)
        {
            return;
        }

        try
        {
            OnEnding();
        }
        finally
        {
            Restore();
            OnEnded();
        }

        // No GC.SuppressFinalize: no type in this hierarchy has a finalizer, and none can be added (every constructor is
        // internal or private protected), so the call would only cost time on every request.
    }

    /// <summary>Ends the scope and restores the previous response body feature. Completes synchronously.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <summary>Runs before the previous feature is restored, once.</summary>
    private protected virtual void OnEnding()
    {
    }

    /// <summary>Runs after the previous feature is restored, once.</summary>
    private protected virtual void OnEnded()
    {
    }

    private void Restore()
    {
        try
        {
            // Scopes disposed out of order: a capture that has ended only forwards, so restore what it wrapped.
            var previous = _previous;
            while (previous is ResponseMetricsCapture { IsEnded: true } ended)
            {
                previous = ended.Previous;
            }

            _context.Features.Set(previous);
        }
        catch (ObjectDisposedException)
        {
            // The request is over and the server recycled its features: there is nothing left to restore.
        }
    }
}
