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
/// <remarks>
/// A metrics capture allocates this feature and the stream or writer the application uses, nothing else:
/// what only body and observer captures need lives in <see cref="CaptureHooks"/>.
/// </remarks>
internal sealed class CaptureFeature : DelegatingResponseBodyFeature
{
    private readonly CaptureHooks? _hooks;
    private CaptureStream? _stream;
    private CaptureWriter? _writer;
    /// <summary>The bytes written, with <see cref="EndedFlag"/> set once the scope ended: one field, not two, keeps a metrics capture at 96 bytes.</summary>
    private long _state;

    /// <summary>A bit no byte count reaches (2^62 bytes is 4 EiB).</summary>
    private const long EndedFlag = 1L << 62;

    public CaptureFeature(IHttpResponseBodyFeature innerFeature, BodyPrefixBuffer? body, ResponseObserver? observer)
        : base(innerFeature)
    {
        if (body is not null || observer is not null)
        {
            _hooks = new CaptureHooks(body, observer);
        }
    }

    /// <summary>The bytes' consumers, or <see langword="null"/> when writes need only be counted.</summary>
    public CaptureHooks? Hooks => _hooks;

    /// <summary>True when writes must see the bytes, not only their count.</summary>
    public bool NeedsBytes => _hooks is not null;

    public ResponseObserver? Observer => _hooks?.Observer;

    // Reads are plain atomic reads (Volatile.Read of a long is atomic everywhere .NET runs): only the count itself
    // needs a locked instruction, once per write, as in a hand-written interlocked counting stream.
    public long BytesWritten => Volatile.Read(ref _state) & ~EndedFlag;

    /// <summary>Whether the scope that installed this feature has ended (it now only forwards).</summary>
    public bool IsEnded => (Volatile.Read(ref _state) & EndedFlag) != 0;

    public override Stream Stream => _stream ??= new CaptureStream(InnerFeature.Stream, this);

    public override PipeWriter Writer => _writer ??= new CaptureWriter(InnerFeature.Writer, this);

    public void Written(ReadOnlySpan<byte> data)
    {
        if (IsEnded)
        {
            return; // through a stream or writer kept past the scope: the observer was already told it completed
        }

        Interlocked.Add(ref _state, data.Length);
        _hooks?.Written(data);
    }

    public void Counted(int count)
    {
        if (!IsEnded)
        {
            Interlocked.Add(ref _state, count);
        }
    }

    public void Flushed()
    {
        if (!IsEnded)
        {
            _hooks?.Flushed();
        }
    }

    public void SignalCompleted() => _hooks?.SignalCompleted();

    /// <summary>
    /// The scope ended: later writes through this feature (a stream or writer someone kept) still reach the
    /// client, but are no longer kept or observed. The scope's values were frozen when it ended.
    /// </summary>
    public void End()
    {
        Interlocked.Or(ref _state, EndedFlag);
        SignalCompleted();
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
            _hooks?.SendFileFailed();
            throw;
        }

        if (IsEnded)
        {
            return;
        }

        Interlocked.Add(ref _state, length);
        _hooks?.SentFile(path, offset, length);
    }

    public override async Task CompleteAsync()
    {
        await InnerFeature.CompleteAsync().ConfigureAwait(false);
        SignalCompleted();
    }
}
