using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Internal;

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
    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _previous;
    private int _disposed;

    internal ResponseFeatureScope(HttpContext context, IHttpResponseBodyFeature previous)
    {
        _context = context;
        _previous = previous;

        // End with the request at the latest: a scope disposed later must not reach into the next request.
        context.Features.Get<IHttpResponseFeature>()?.OnCompleted(
            static state =>
            {
                ((ResponseFeatureScope)state).Dispose();
                return Task.CompletedTask;
            },
            this);
    }

    /// <summary>The request this scope belongs to.</summary>
    protected HttpContext Context => _context;

    /// <summary>Whether the scope has ended.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Ends the scope and restores the previous response body feature.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
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

        GC.SuppressFinalize(this);
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
            while (previous is CaptureFeature { IsEnded: true } ended)
            {
                previous = ended.InnerFeature;
            }

            _context.Features.Set(previous);
        }
        catch (ObjectDisposedException)
        {
            // The request is over and the server recycled its features: there is nothing left to restore.
        }
    }
}
