using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Internal;

/// <summary>
/// The body feature a capture installs. Every member forwards to the previous feature; bytes are counted
/// (and optionally kept and observed) on the way through. <see cref="Writer"/> wraps the server's own
/// writer and <see cref="SendFileAsync"/> the server's own send-file path, so nothing is lost by wrapping.
/// </summary>
internal sealed class CaptureFeature : DelegatingResponseBodyFeature
{
    private readonly BodyPrefixBuffer? _body;
    private readonly ResponseObserver? _observer;
    private CaptureStream? _stream;
    private CaptureWriter? _writer;
    private long _bytesWritten;
    private int _completed;
    private volatile bool _ended;

    public CaptureFeature(IHttpResponseBodyFeature innerFeature, BodyPrefixBuffer? body, ResponseObserver? observer)
        : base(innerFeature)
    {
        _body = body;
        _observer = observer;
    }

    /// <summary>True when writes must see the bytes, not only their count.</summary>
    public bool NeedsBytes => _body is not null || _observer is not null;

    public ResponseObserver? Observer => _observer;

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Whether the scope that installed this feature has ended (it now only forwards).</summary>
    public bool IsEnded => _ended;

    public override Stream Stream => _stream ??= new CaptureStream(InnerFeature.Stream, this);

    public override PipeWriter Writer => _writer ??= new CaptureWriter(InnerFeature.Writer, this);

    public void Written(ReadOnlySpan<byte> data)
    {
        if (_ended)
        {
            return; // through a stream or writer kept past the scope: the observer was already told it completed
        }

        Interlocked.Add(ref _bytesWritten, data.Length);
        _body?.Append(data);
        _observer?.OnWrite(data);
    }

    public void Counted(int count) => Interlocked.Add(ref _bytesWritten, count);

    public void Flushed()
    {
        if (!_ended)
        {
            _observer?.OnFlush();
        }
    }

    /// <summary>The scope ended: later writes through this feature still reach the client but are no longer seen.</summary>
    public void End()
    {
        _ended = true;
        SignalCompleted();
    }

    public void SignalCompleted()
    {
        if (_observer is not null && Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _observer.OnCompleted();
        }
    }

    public override async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        // The range is known before the send: a null count means "to the end of the file".
        var length = count ?? (new FileInfo(path).Length - offset);
        try
        {
            await InnerFeature.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Part of the range may have reached the client (HttpResponse.SendFileAsync even swallows the
            // cancellation when the client left): the kept prefix cannot go on past this point.
            _body?.Interrupt();
            throw;
        }

        if (_ended)
        {
            return;
        }

        Interlocked.Add(ref _bytesWritten, length);
        _body?.Skip(length);
        _observer?.OnSendFile(path, offset, length);
    }

    public override async Task CompleteAsync()
    {
        await InnerFeature.CompleteAsync().ConfigureAwait(false);
        SignalCompleted();
    }
}
