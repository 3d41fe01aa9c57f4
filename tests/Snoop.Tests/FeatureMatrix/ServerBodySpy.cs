using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>
/// Sits directly on the server's body feature, under every set-up, and notes through which member the body
/// reached the server: its <c>Stream</c>, its <c>Writer</c> (the server's own pipe) or its <c>SendFileAsync</c>.
/// Written independently of the runtime's delegating bases, so the "no wrapper" column does not depend on the
/// code under test. Everything is forwarded unchanged.
/// </summary>
internal sealed class ServerBodySpy : IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _server;
    private readonly SpyStream _stream;
    private readonly SpyWriter _writer;
    private long _streamBytes;
    private long _writerBytes;
    private string? _sendFile;

    public ServerBodySpy(IHttpResponseBodyFeature server)
    {
        _server = server;
        _stream = new SpyStream(server.Stream, this);
        _writer = new SpyWriter(server.Writer, this);
    }

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer;

    /// <summary>The server members the body went through, e.g. "BodyWriter" or "SendFileAsync(1000,100000)"; "none" when no byte did.</summary>
    public string Path
    {
        get
        {
            var parts = new List<string>(3);
            if (Volatile.Read(ref _sendFile) is { } sendFile)
            {
                parts.Add(sendFile);
            }

            if (Interlocked.Read(ref _writerBytes) > 0)
            {
                parts.Add("BodyWriter");
            }

            if (Interlocked.Read(ref _streamBytes) > 0)
            {
                parts.Add("Stream");
            }

            return parts.Count == 0 ? "none" : string.Join(" + ", parts);
        }
    }

    public void DisableBuffering() => _server.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _server.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _sendFile, $"SendFileAsync({offset},{count?.ToString() ?? "rest"})");
        return _server.SendFileAsync(path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => _server.CompleteAsync();

    private sealed class SpyStream(Stream server, ServerBodySpy spy) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => server.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Add(ref spy._streamBytes, count);
            server.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Interlocked.Add(ref spy._streamBytes, buffer.Length);
            server.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref spy._streamBytes, count);
            return server.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref spy._streamBytes, buffer.Length);
            return server.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => server.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => server.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class SpyWriter(PipeWriter server, ServerBodySpy spy) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => server.CanGetUnflushedBytes;

        public override long UnflushedBytes => server.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => server.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => server.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            Interlocked.Add(ref spy._writerBytes, bytes);
            server.Advance(bytes);
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref spy._writerBytes, source.Length);
            return server.WriteAsync(source, cancellationToken);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => server.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => server.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => server.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => server.CompleteAsync(exception);
    }
}
