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
/// Derives from <see cref="Stream"/> rather than <see cref="DelegatingStream"/> to stay one field smaller
/// (no dispose bookkeeping: the inner stream is never disposed): this object is allocated on every request
/// that writes through <c>Response.Body</c>, and a metrics capture is budgeted 96 bytes per request.
/// </remarks>
internal sealed class CaptureStream : Stream
{
    private readonly Stream _inner;
    private readonly CaptureFeature _feature;

    public CaptureStream(Stream innerStream, CaptureFeature feature)
    {
        _inner = innerStream ?? throw new ArgumentNullException(nameof(innerStream));
        _feature = feature;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanTimeout => _inner.CanTimeout;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int ReadTimeout
    {
        get => _inner.ReadTimeout;
        set => _inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => _inner.WriteTimeout;
        set => _inner.WriteTimeout = value;
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override int ReadByte() => _inner.ReadByte();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => _inner.ReadAsync(buffer, cancellationToken);

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        => TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    public override void Write(byte[] buffer, int offset, int count)
    {
        _inner.Write(buffer, offset, count);
        _feature.Written(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        _feature.Written(buffer);
    }

    public override void WriteByte(byte value)
    {
        _inner.WriteByte(value);
        ReadOnlySpan<byte> one = [value];
        _feature.Written(one);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var task = _inner.WriteAsync(buffer, offset, count, cancellationToken);
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
        var task = _inner.WriteAsync(buffer, cancellationToken);
        if (task.IsCompletedSuccessfully)
        {
            _feature.Written(buffer.Span);
            return default;
        }

        return Awaited(task, buffer);

        async ValueTask Awaited(ValueTask pending, ReadOnlyMemory<byte> data)
        {
            await pending.ConfigureAwait(false);
            _feature.Written(data.Span);
        }
    }

    /// <remarks>Routed through <see cref="WriteAsync(byte[], int, int, CancellationToken)"/>, so the write is reported.</remarks>
    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    public override void Flush()
    {
        _inner.Flush();
        _feature.Flushed();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var task = _inner.FlushAsync(cancellationToken);
        _feature.Flushed();
        return task;
    }
}
