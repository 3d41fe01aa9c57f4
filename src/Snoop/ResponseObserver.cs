using System;

namespace Snoop;

/// <summary>
/// Observes what an application does with a response body, on every path: <c>Response.Body</c> writes,
/// <c>Response.BodyWriter</c> writes, flushes, send-file, start and completion. Override the members you
/// need and install the observer with <see cref="ResponseCapture.Observe"/>.
/// </summary>
/// <remarks>
/// Callbacks run on the thread that performed the operation, after the operation was handed to the
/// wrapped feature, and must not block. Concurrent writes call <see cref="OnWrite"/> concurrently.
/// An exception thrown by a callback is not swallowed: it surfaces from the application's call that triggered
/// it (the write, <c>Advance</c>, flush, send-file or <c>CompleteAsync</c>; <see cref="OnCompleted"/> from the
/// disposal of the scope, <see cref="OnStarting"/> as the server reports a failing <c>OnStarting</c> callback).
/// The operation itself was already handed to the wrapped feature, so its bytes still reach the client and are
/// counted. Once the scope has ended the observer is called no more, even for writes through a stream or writer
/// that was kept.
/// To change what is written (rather than observe it), derive from
/// <see cref="DelegatingResponseBodyFeature"/> and install it with <see cref="ResponseCapture.Decorate"/>.
/// </remarks>
public abstract class ResponseObserver
{
    /// <summary>Bytes were written through <c>Response.Body</c> or <c>Response.BodyWriter</c>.</summary>
    /// <param name="data">The bytes written. Valid only during the call.</param>
    public virtual void OnWrite(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>The application flushed <c>Response.Body</c> or <c>Response.BodyWriter</c>.</summary>
    public virtual void OnFlush()
    {
    }

    /// <summary>The response is about to send its headers (runs as an <c>OnStarting</c> callback).</summary>
    public virtual void OnStarting()
    {
    }

    /// <summary>A file range was sent with <c>SendFileAsync</c>, forwarded to the server's own send-file path.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="offset">The first byte sent.</param>
    /// <param name="count">The number of bytes sent, computed from the range without reading the file.</param>
    public virtual void OnSendFile(string path, long offset, long count)
    {
    }

    /// <summary>
    /// The body is done as far as this observer can see: the application called <c>CompleteAsync</c>, or the
    /// observation scope ended, whichever came first. Called once.
    /// </summary>
    public virtual void OnCompleted()
    {
    }
}
