using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Snoop.Internal;

/// <summary>
/// The capture's <c>Response.BodyWriter</c>: the server's own writer with bytes reported on
/// <see cref="Advance"/> and <see cref="WriteAsync"/>. <c>UnflushedBytes</c> and completion are forwarded
/// (as <see cref="DelegatingPipeWriter"/> does).
/// </summary>
/// <remarks>
/// Like <see cref="CaptureStream"/>, one field (32 bytes in all): it derives from <see cref="PipeWriter"/> rather
/// than <see cref="DelegatingPipeWriter"/> and asks the previous feature for its writer on every call.
/// </remarks>
internal sealed class CaptureWriter : PipeWriter
{
    private readonly ResponseMetricsCapture _feature;

    public CaptureWriter(ResponseMetricsCapture feature)
    {
        _feature = feature;
    }

    private PipeWriter Inner => _feature.InnerFeature.Writer;

    public override bool CanGetUnflushedBytes => Inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => Inner.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        var memory = Inner.GetMemory(sizeHint);
        if (_feature.NeedsBytes)
        {
            _feature.WriterBuffer = memory;
        }

        return memory;
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        if (!_feature.NeedsBytes)
        {
            return Inner.GetSpan(sizeHint);
        }

        // The bytes must be read back on Advance, which a span cannot be kept for: hand out the memory's span.
        var memory = Inner.GetMemory(sizeHint);
        _feature.WriterBuffer = memory;
        return memory.Span;
    }

    public override void Advance(int bytes)
    {
        Inner.Advance(bytes);
        if (!_feature.NeedsBytes)
        {
            _feature.Counted(bytes);
            return;
        }

        var buffer = _feature.WriterBuffer;
        if (bytes <= buffer.Length)
        {
            _feature.WriterBuffer = buffer.Slice(bytes);
            _feature.Written(buffer.Span.Slice(0, bytes));
        }
        else
        {
            // A buffer that did not come from this writer: count without looking.
            _feature.Counted(bytes);
        }
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var task = Inner.WriteAsync(source, cancellationToken);
        _feature.Written(source.Span);
        return task;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var task = Inner.FlushAsync(cancellationToken);
        _feature.Flushed();
        return task;
    }

    public override void CancelPendingFlush() => Inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => Inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => Inner.CompleteAsync(exception);
}
