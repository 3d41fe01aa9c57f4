using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Snoop;

/// <summary>
/// A <see cref="PipeWriter"/> that forwards every member to an inner writer, including
/// <see cref="CanGetUnflushedBytes"/>/<see cref="UnflushedBytes"/> (which System.Text.Json needs),
/// <see cref="CompleteAsync(Exception)"/> (never the blocking <see cref="Complete(Exception)"/>) and the
/// exception passed to completion. Derive from it and override what you need.
/// </summary>
/// <remarks>
/// <see cref="PipeWriter.AsStream(bool)"/> is deliberately not forwarded: the stream it returns writes
/// through this writer, so a derived writer's logic sees those bytes too.
/// </remarks>
public class DelegatingPipeWriter : PipeWriter
{
    /// <summary>Creates a writer that forwards to <paramref name="innerWriter"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="innerWriter"/> is <see langword="null"/>.</exception>
    public DelegatingPipeWriter(PipeWriter innerWriter)
    {
        InnerWriter = innerWriter ?? throw new ArgumentNullException(nameof(innerWriter));
    }

    /// <summary>The writer every member forwards to.</summary>
    protected PipeWriter InnerWriter { get; }

    /// <inheritdoc />
    public override bool CanGetUnflushedBytes => InnerWriter.CanGetUnflushedBytes;

    /// <inheritdoc />
    public override long UnflushedBytes => InnerWriter.UnflushedBytes;

    /// <inheritdoc />
    public override void Advance(int bytes) => InnerWriter.Advance(bytes);

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0) => InnerWriter.GetMemory(sizeHint);

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => InnerWriter.GetSpan(sizeHint);

    /// <inheritdoc />
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        => InnerWriter.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        => InnerWriter.WriteAsync(source, cancellationToken);

    /// <inheritdoc />
    public override void CancelPendingFlush() => InnerWriter.CancelPendingFlush();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => InnerWriter.Complete(exception);

    /// <inheritdoc />
    public override ValueTask CompleteAsync(Exception? exception = null) => InnerWriter.CompleteAsync(exception);
}
