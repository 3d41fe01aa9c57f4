using System;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Internal;

namespace Snoop;

/// <summary>
/// The body feature side of a capture: every member forwards to the previous feature; bytes are counted (and, for
/// body and observing captures, handed to the hooks) on the way through. <c>Writer</c> wraps the server's own
/// writer and <c>SendFileAsync</c> the server's own send-file path, so nothing is lost by wrapping.
/// </summary>
public partial class ResponseMetricsCapture : IHttpResponseBodyFeature
{
    /// <summary>
    /// The stream or writer handed out (a <see cref="CaptureStream"/> or a <see cref="CaptureWriter"/>), or both
    /// (<see cref="CaptureAdapters"/>) once the application used both: one field keeps a capture at 64 bytes, and the
    /// one adapter a request usually needs at 32.
    /// </summary>
    private object? _adapters;

    /// <summary>The feature every member forwards to.</summary>
    internal IHttpResponseBodyFeature InnerFeature => Previous;

    /// <summary>True when writes must see the bytes, not only their count.</summary>
    internal bool NeedsBytes => (_state & HooksFlag) != 0;

    Stream IHttpResponseBodyFeature.Stream => _adapters as CaptureStream ?? AddStream();

    PipeWriter IHttpResponseBodyFeature.Writer => _adapters as CaptureWriter ?? AddWriter();

    void IHttpResponseBodyFeature.DisableBuffering() => Previous.DisableBuffering();

    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => Previous.StartAsync(cancellationToken);

    async Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken)
    {
        // The range is known before the send: a null count means "to the end of the file".
        var length = count ?? (new FileInfo(path).Length - offset);
        try
        {
            await Previous.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Part of the range may have reached the client (HttpResponse.SendFileAsync even swallows the
            // cancellation when the client left): a kept prefix cannot go on past this point.
            if (NeedsBytes)
            {
                OnSendFileFailed();
            }

            throw;
        }

        if (Add(length) && NeedsBytes)
        {
            OnSendFile(path, offset, length);
        }
    }

    Task IHttpResponseBodyFeature.CompleteAsync()
    {
        return NeedsBytes ? CompleteAndSignalAsync() : Previous.CompleteAsync();

        async Task CompleteAndSignalAsync()
        {
            await Previous.CompleteAsync().ConfigureAwait(false);
            SignalCompleted();
        }
    }

    /// <summary>Bytes were accepted by the previous feature's stream or writer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Written(ReadOnlySpan<byte> data)
    {
        if (Add(data.Length) && NeedsBytes)
        {
            OnWrite(data);
        }
    }

    /// <summary>
    /// Bytes were accepted by the previous feature's stream or writer: as <see cref="Written(ReadOnlySpan{byte})"/>, but the
    /// span is only taken when the hooks will see it (a metrics capture counts the length and skips the span's type checks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Written(ReadOnlyMemory<byte> data)
    {
        if (Add(data.Length) && NeedsBytes)
        {
            OnWrite(data.Span);
        }
    }

    /// <summary>Bytes were accepted by the previous feature's writer, without being seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Counted(int count) => Add(count);

    internal void Flushed()
    {
        if ((Volatile.Read(ref _state) & (HooksFlag | EndedFlag)) == HooksFlag)
        {
            OnFlush();
        }
    }

    /// <summary>Tells the hooks, once, that the body is done as far as they can see.</summary>
    private protected void SignalCompleted()
    {
        if (NeedsBytes && (Interlocked.Or(ref _state, CompletedFlag) & CompletedFlag) == 0)
        {
            OnBodyCompleted();
        }
    }

    /// <summary>Bytes were written (not called for a writer's bytes that did not come from its own buffer).</summary>
    private protected virtual void OnWrite(ReadOnlySpan<byte> data)
    {
    }

    private protected virtual void OnFlush()
    {
    }

    private protected virtual void OnSendFile(string path, long offset, long length)
    {
    }

    /// <summary>A send-file failed; called even after the end (a kept prefix must stop, whatever the scope).</summary>
    private protected virtual void OnSendFileFailed()
    {
    }

    /// <summary>The application completed the body, or the capture ended: once.</summary>
    private protected virtual void OnBodyCompleted()
    {
    }

    /// <summary>
    /// Counts <paramref name="count"/> bytes unless the capture has ended: exact under concurrent writes (one
    /// interlocked add). Returns whether they were counted, so whether the hooks may see them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Add(long count)
    {
        if ((Volatile.Read(ref _state) & EndedFlag) != 0)
        {
            return false; // through a stream or writer kept past the scope: forwarded, not counted
        }

        if ((Interlocked.Add(ref _state, count) & EndedFlag) != 0)
        {
            // The capture ended between the check and the add: the frozen count is the one it ended with.
            Interlocked.Add(ref _state, -count);
            return false;
        }

        return true;
    }

    private CaptureStream AddStream()
    {
        while (true)
        {
            var current = Volatile.Read(ref _adapters);
            switch (current)
            {
                case CaptureStream stream:
                    return stream;
                case CaptureAdapters both:
                    return both.Stream;
            }

            var added = new CaptureStream(this);
            object next = current is CaptureWriter writer ? new CaptureAdapters(added, writer) : added;
            if (Interlocked.CompareExchange(ref _adapters, next, current) == current)
            {
                return added;
            }
        }
    }

    private CaptureWriter AddWriter()
    {
        while (true)
        {
            var current = Volatile.Read(ref _adapters);
            switch (current)
            {
                case CaptureWriter writer:
                    return writer;
                case CaptureAdapters both:
                    return both.Writer;
            }

            var added = NeedsBytes ? new HookedCaptureWriter(this) : new CaptureWriter(this);
            object next = current is CaptureStream stream ? new CaptureAdapters(stream, added) : added;
            if (Interlocked.CompareExchange(ref _adapters, next, current) == current)
            {
                return added;
            }
        }
    }
}
