using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Snoop.Internal;

/// <summary>
/// The capture's <c>Response.Body</c>: forwards every member to the previous feature's stream (sync to sync,
/// async to async, as <see cref="DelegatingStream"/> does) and reports each write once it was accepted.
/// Never disposes the server's stream.
/// </summary>
/// <remarks>
/// This object is allocated on every request that writes through <c>Response.Body</c>, and a metrics capture is
/// budgeted 96 bytes per request, 64 of them the capture: so it has one field, 32 bytes in all. It derives from
/// <see cref="Stream"/> rather than <see cref="DelegatingStream"/> (no dispose bookkeeping: the inner stream is
/// never disposed), and asks the previous feature for its stream on every call rather than keeping it (one
/// interface call to a getter, against 8 bytes per request).
/// </remarks>
internal sealed class CaptureStream : Stream
{
    private readonly ResponseMetricsCapture _feature;

    public CaptureStream(ResponseMetricsCapture feature)
    {
        _feature = feature;
    }

    private Stream Inner => _feature.InnerFeature.Stream;

    public override bool CanRead => Inner.CanRead;

    public override bool CanSeek => Inner.CanSeek;

    public override bool CanWrite => Inner.CanWrite;

    public override bool CanTimeout => Inner.CanTimeout;

    public override long Length => Inner.Length;

    public override long Position
    {
        get => Inner.Position;
        set => Inner.Position = value;
    }

    public override int ReadTimeout
    {
        get => Inner.ReadTimeout;
        set => Inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => Inner.WriteTimeout;
        set => Inner.WriteTimeout = value;
    }

    public override long Seek(long offset, SeekOrigin origin) => Inner.Seek(offset, origin);

    public override void SetLength(long value) => Inner.SetLength(value);

    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => Inner.Read(buffer);

    public override int ReadByte() => Inner.ReadByte();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Inner.ReadAsync(buffer, cancellationToken);

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        => TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    public override void Write(byte[] buffer, int offset, int count)
    {
        Inner.Write(buffer, offset, count);
        _feature.Written(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Inner.Write(buffer);
        _feature.Written(buffer);
    }

    public override void WriteByte(byte value)
    {
        Inner.WriteByte(value);
        ReadOnlySpan<byte> one = [value];
        _feature.Written(one);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var task = Inner.WriteAsync(buffer, offset, count, cancellationToken);
        if (task.IsCompletedSuccessfully)
        {
            _feature.Written(buffer.AsSpan(offset, count));
            return task;
        }

        return Awaited(task, buffer, offset, count);

        async Task Awaited(Task pending, byte[] data, int start, int length)
        {
            await pending.ConfigureAwait(false);
            _feature.Written(data.AsSpan(start, length));
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var task = Inner.WriteAsync(buffer, cancellationToken);
        if (task.IsCompletedSuccessfully)
        {
            _feature.Written(buffer);
            return default;
        }

        return Awaited(task, buffer);

        async ValueTask Awaited(ValueTask pending, ReadOnlyMemory<byte> data)
        {
            await pending.ConfigureAwait(false);
            _feature.Written(data);
        }
    }

    /// <remarks>Routed through <see cref="WriteAsync(byte[], int, int, CancellationToken)"/>, so the write is reported.</remarks>
    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    public override void Flush()
    {
        Inner.Flush();
        _feature.Flushed();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var task = Inner.FlushAsync(cancellationToken);
        _feature.Flushed();
        return task;
    }
}
