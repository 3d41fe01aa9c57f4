using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Snoop;

/// <summary>
/// A <see cref="Stream"/> that forwards every member to an inner stream: synchronous members to
/// synchronous members, asynchronous members to asynchronous members, span and memory overloads to
/// span and memory overloads. Derive from it and override what you need; whatever you do not override
/// keeps the inner stream's behaviour, so no async write ever falls back to a blocking call.
/// </summary>
public class DelegatingStream : Stream
{
    private readonly bool _leaveOpen;
    private bool _innerDisposed;

    /// <summary>Creates a stream that forwards to <paramref name="innerStream"/>.</summary>
    /// <param name="innerStream">The stream every member forwards to.</param>
    /// <param name="leaveOpen">
    /// <see langword="true"/> to leave <paramref name="innerStream"/> open when this stream is disposed;
    /// <see langword="false"/> (the default) to dispose it too.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="innerStream"/> is <see langword="null"/>.</exception>
    public DelegatingStream(Stream innerStream, bool leaveOpen = false)
    {
        InnerStream = innerStream ?? throw new ArgumentNullException(nameof(innerStream));
        _leaveOpen = leaveOpen;
    }

    /// <summary>The stream every member forwards to.</summary>
    protected Stream InnerStream { get; }

    /// <inheritdoc />
    public override bool CanRead => InnerStream.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => InnerStream.CanSeek;

    /// <inheritdoc />
    public override bool CanWrite => InnerStream.CanWrite;

    /// <inheritdoc />
    public override bool CanTimeout => InnerStream.CanTimeout;

    /// <inheritdoc />
    public override long Length => InnerStream.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => InnerStream.Position;
        set => InnerStream.Position = value;
    }

    /// <inheritdoc />
    public override int ReadTimeout
    {
        get => InnerStream.ReadTimeout;
        set => InnerStream.ReadTimeout = value;
    }

    /// <inheritdoc />
    public override int WriteTimeout
    {
        get => InnerStream.WriteTimeout;
        set => InnerStream.WriteTimeout = value;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => InnerStream.Seek(offset, origin);

    /// <inheritdoc />
    public override void SetLength(long value) => InnerStream.SetLength(value);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => InnerStream.Read(buffer, offset, count);

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => InnerStream.Read(buffer);

    /// <inheritdoc />
    public override int ReadByte() => InnerStream.ReadByte();

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => InnerStream.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => InnerStream.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        => TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    /// <inheritdoc />
    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => InnerStream.Write(buffer, offset, count);

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer) => InnerStream.Write(buffer);

    /// <inheritdoc />
    public override void WriteByte(byte value) => InnerStream.WriteByte(value);

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => InnerStream.WriteAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        => InnerStream.WriteAsync(buffer, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Routed through <see cref="WriteAsync(byte[], int, int, CancellationToken)"/>, so an override of the async write covers it.</remarks>
    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
        => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    /// <inheritdoc />
    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    /// <inheritdoc />
    public override void Flush() => InnerStream.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => InnerStream.FlushAsync(cancellationToken);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen && !_innerDisposed)
        {
            _innerDisposed = true;
            InnerStream.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (!_leaveOpen && !_innerDisposed)
        {
            _innerDisposed = true;
            await InnerStream.DisposeAsync().ConfigureAwait(false);
        }

        // Runs the derived classes' Dispose(true) clean-up; the inner stream is already disposed asynchronously.
        Dispose();
    }
}
