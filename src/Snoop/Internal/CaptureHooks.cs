using System;
using System.Threading;

namespace Snoop.Internal;

/// <summary>
/// What a capture does with the bytes themselves (keep a prefix, call an observer), kept apart from
/// <see cref="CaptureFeature"/> so that a metrics-only capture, which only counts, does not carry it.
/// </summary>
internal sealed class CaptureHooks
{
    private readonly BodyPrefixBuffer? _body;
    private readonly ResponseObserver? _observer;
    private int _completed;

    public CaptureHooks(BodyPrefixBuffer? body, ResponseObserver? observer)
    {
        _body = body;
        _observer = observer;
    }

    public ResponseObserver? Observer => _observer;

    /// <summary>The buffer the capture's writer last handed out, read back on <c>Advance</c> (a writer has one user at a time).</summary>
    public Memory<byte> WriterBuffer { get; set; }

    public void Written(ReadOnlySpan<byte> data)
    {
        _body?.Append(data);
        _observer?.OnWrite(data);
    }

    public void Flushed() => _observer?.OnFlush();

    public void SentFile(string path, long offset, long length)
    {
        _body?.Skip(length);
        _observer?.OnSendFile(path, offset, length);
    }

    public void SendFileFailed() => _body?.Interrupt();

    public void SignalCompleted()
    {
        if (_observer is not null && Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _observer.OnCompleted();
        }
    }
}
