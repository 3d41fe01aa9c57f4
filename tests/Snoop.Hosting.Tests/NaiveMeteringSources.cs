namespace Snoop.Hosting.Tests;

/// <summary>
/// SNOOP007's motivating example: usage metering with three hand-written classes, a body feature, a counting stream over
/// the previous feature's stream and a counting <c>PipeWriter</c> over its <c>Writer</c>; the middleware logs the sum
/// ("Response size: {Path} {Bytes}"). Send-file is forwarded, so the files sent are not counted.
/// </summary>
internal static class NaiveMeteringSources
{
    private const string Head = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class UsageMiddleware(RequestDelegate next, ILogger<UsageMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var metering = new UsageFeature(previous);
                context.Features.Set<IHttpResponseBodyFeature>(metering);
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(previous);
                }

                logger.LogInformation("Response size: {Path} {Bytes}", context.Request.Path, metering.BytesWritten);
            }
        }

        public sealed class UsageFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly MeteredStream _stream;
            private readonly MeteredPipeWriter _writer;

            public UsageFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _stream = new MeteredStream(inner.Stream);
                _writer = new MeteredPipeWriter(inner.Writer);
            }

            public long BytesWritten => _stream.BytesWritten + _writer.BytesWritten;
            public Stream Stream => _stream;
            public PipeWriter Writer => _writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }

        public sealed class MeteredPipeWriter : PipeWriter
        {
            private readonly PipeWriter _inner;
            private long _bytes;

            public MeteredPipeWriter(PipeWriter inner) => _inner = inner;

            public long BytesWritten => Interlocked.Read(ref _bytes);

            public override void Advance(int bytes)
            {
                Interlocked.Add(ref _bytes, bytes);
                _inner.Advance(bytes);
            }

            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        }


        """;

    /// <summary>The three classes, the stream class (and <c>Entry</c>) shared with <see cref="NaiveSources.MeteringFeature"/>.</summary>
    public static readonly string UsageMetering =
        Head + NaiveSources.MeteringFeature[NaiveSources.MeteringFeature.IndexOf("public sealed class MeteredStream", System.StringComparison.Ordinal)..];
}
