using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Tests.Infrastructure;

/// <summary>
/// A spy installed between the server's body feature and the capture under test: records which members of
/// the layer below the capture were reached. It forwards everything, so the response is the server's.
/// </summary>
public sealed class RecordingFeature : DelegatingResponseBodyFeature
{
    private readonly RecordingWriter _writer;
    private readonly RecordingStream _stream;

    public RecordingFeature(IHttpResponseBodyFeature inner)
        : base(inner)
    {
        _writer = new RecordingWriter(inner.Writer, this);
        _stream = new RecordingStream(inner.Stream, this);
    }

    public ConcurrentQueue<string> Calls { get; } = new();

    public long StreamBytes;
    public long WriterBytes;

    public override Stream Stream => _stream;

    public override PipeWriter Writer => _writer;

    public override void DisableBuffering()
    {
        Calls.Enqueue(nameof(DisableBuffering));
        base.DisableBuffering();
    }

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(nameof(StartAsync));
        return base.StartAsync(cancellationToken);
    }

    public override Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"{nameof(SendFileAsync)}({Path.GetFileName(path)},{offset},{count?.ToString() ?? "null"})");
        return base.SendFileAsync(path, offset, count, cancellationToken);
    }

    public override Task CompleteAsync()
    {
        Calls.Enqueue(nameof(CompleteAsync));
        return base.CompleteAsync();
    }

    private sealed class RecordingStream(Stream inner, RecordingFeature owner) : DelegatingStream(inner, leaveOpen: true)
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Add(ref owner.StreamBytes, count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Interlocked.Add(ref owner.StreamBytes, buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref owner.StreamBytes, count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref owner.StreamBytes, buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class RecordingWriter(PipeWriter inner, RecordingFeature owner) : DelegatingPipeWriter(inner)
    {
        public override void Advance(int bytes)
        {
            Interlocked.Add(ref owner.WriterBytes, bytes);
            base.Advance(bytes);
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref owner.WriterBytes, source.Length);
            return base.WriteAsync(source, cancellationToken);
        }
    }
}
