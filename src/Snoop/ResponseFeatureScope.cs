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
            _context.Features.Set(_previous);
        }
        catch (ObjectDisposedException)
        {
            // The request is over and the server recycled its features: there is nothing left to restore.
        }
    }
}
