using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop;

/// <summary>
/// A response body feature installed for a while. Disposing the scope puts the previous feature back, on
/// every path and whatever a later component installed meanwhile; disposing twice does nothing.
/// </summary>
/// <remarks>
/// Writes that reach the installed feature after the scope ended (through a stream or writer someone kept)
/// still go to the client; they are no longer captured.
/// </remarks>
public class ResponseFeatureScope : IDisposable, IAsyncDisposable
{
    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _previous;
    private bool _disposed;

    internal ResponseFeatureScope(HttpContext context, IHttpResponseBodyFeature previous)
    {
        _context = context;
        _previous = previous;
    }

    /// <summary>The request this scope belongs to.</summary>
    protected HttpContext Context => _context;

    /// <summary>Whether the scope has ended.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Ends the scope and restores the previous response body feature.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
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
