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
/// than <see cref="DelegatingPipeWriter"/> and asks the previous feature for its writer on every call. This one
/// only counts; body and observing captures hand out a <see cref="HookedCaptureWriter"/>, which reads the bytes.
/// </remarks>
internal class CaptureWriter : PipeWriter
{
    private readonly ResponseMetricsCapture _feature;

    public CaptureWriter(ResponseMetricsCapture feature)
    {
        _feature = feature;
    }

    private PipeWriter Inner => _feature.InnerFeature.Writer;

    public override bool CanGetUnflushedBytes => Inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => Inner.UnflushedBytes;

    /// <summary>The capture the bytes are reported to.</summary>
    protected ResponseMetricsCapture Feature => _feature;

    public override Memory<byte> GetMemory(int sizeHint = 0) => Inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        Inner.Advance(bytes);
        _feature.Counted(bytes);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var task = Inner.WriteAsync(source, cancellationToken);
        _feature.Written(source);
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
