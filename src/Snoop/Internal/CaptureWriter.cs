using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Snoop.Internal;

/// <summary>
/// The capture's <c>Response.BodyWriter</c>: the server's own writer with bytes reported on
/// <see cref="Advance"/> and <see cref="WriteAsync"/>. <c>UnflushedBytes</c> and completion are forwarded.
/// </summary>
internal sealed class CaptureWriter : DelegatingPipeWriter
{
    private readonly CaptureFeature _feature;

    public CaptureWriter(PipeWriter innerWriter, CaptureFeature feature)
        : base(innerWriter)
    {
        _feature = feature;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        var memory = InnerWriter.GetMemory(sizeHint);
        if (_feature.Hooks is { } hooks)
        {
            hooks.WriterBuffer = memory;
        }

        return memory;
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_feature.Hooks is not { } hooks)
        {
            return InnerWriter.GetSpan(sizeHint);
        }

        // The bytes must be read back on Advance, which a span cannot be kept for: hand out the memory's span.
        var memory = InnerWriter.GetMemory(sizeHint);
        hooks.WriterBuffer = memory;
        return memory.Span;
    }

    public override void Advance(int bytes)
    {
        InnerWriter.Advance(bytes);
        if (_feature.Hooks is { } hooks && bytes <= hooks.WriterBuffer.Length)
        {
            var buffer = hooks.WriterBuffer;
            hooks.WriterBuffer = buffer.Slice(bytes);
            _feature.Written(buffer.Span.Slice(0, bytes));
        }
        else
        {
            // Metrics only, or a buffer that did not come from this writer: count without looking.
            _feature.Counted(bytes);
        }
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var task = InnerWriter.WriteAsync(source, cancellationToken);
        _feature.Written(source.Span);
        return task;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var task = InnerWriter.FlushAsync(cancellationToken);
        _feature.Flushed();
        return task;
    }
}
