using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Snoop.Internal;

/// <summary>
/// The capture's <c>Response.Body</c>: forwards to the previous feature's stream (sync to sync, async to
/// async) and reports each write once it was accepted. Never disposes the server's stream.
/// </summary>
internal sealed class CaptureStream : DelegatingStream
{
    private readonly CaptureFeature _feature;

    public CaptureStream(Stream innerStream, CaptureFeature feature)
        : base(innerStream, leaveOpen: true)
    {
        _feature = feature;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        InnerStream.Write(buffer, offset, count);
        _feature.Written(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        InnerStream.Write(buffer);
        _feature.Written(buffer);
    }

    public override void WriteByte(byte value)
    {
        InnerStream.WriteByte(value);
        ReadOnlySpan<byte> one = [value];
        _feature.Written(one);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var task = InnerStream.WriteAsync(buffer, offset, count, cancellationToken);
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
        var task = InnerStream.WriteAsync(buffer, cancellationToken);
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

    public override void Flush()
    {
        InnerStream.Flush();
        _feature.Flushed();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var task = InnerStream.FlushAsync(cancellationToken);
        _feature.Flushed();
        return task;
    }
}
