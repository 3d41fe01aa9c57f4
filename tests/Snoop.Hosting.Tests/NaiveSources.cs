namespace Snoop.Hosting.Tests;

/// <summary>
/// "Log the response body" code the way it is written in the wild. Each source exposes
/// <c>Naive.Entry.UseLogging(IApplicationBuilder)</c> and <c>Naive.Entry.Decorate(IEndpointConventionBuilder)</c>
/// so that the test can host it; the logging itself goes through <c>ILogger</c> as "Response body: {Body}".
/// </summary>
internal static class NaiveSources
{
    public const string ClassMiddleware = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class ResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<ResponseLoggingMiddleware> _logger;

            public ResponseLoggingMiddleware(RequestDelegate next, ILogger<ResponseLoggingMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await _next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    buffer.Seek(0, SeekOrigin.Begin);
                    _logger.LogInformation("Response body: {Body}", text);
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.UseMiddleware<ResponseLoggingMiddleware>();

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>The lambda shape, restored only on the success path (no try/finally): SNOOP001 and SNOOP002.</summary>
    public const string UseLambda = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Naive");
                    var originalBody = context.Response.Body;
                    await using var memoryStream = new MemoryStream();
                    context.Response.Body = memoryStream;
                    await next(context);
                    memoryStream.Position = 0;
                    var body = await new StreamReader(memoryStream).ReadToEndAsync();
                    logger.LogInformation("Response body: {Body}", body);
                    memoryStream.Position = 0;
                    await memoryStream.CopyToAsync(originalBody);
                    context.Response.Body = originalBody;
                });
            }

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    public const string EndpointFilter = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class ResponseLoggingFilter(ILogger<ResponseLoggingFilter> logger) : IEndpointFilter
        {
            public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                var response = context.HttpContext.Response;
                var original = response.Body;
                using (var buffer = new MemoryStream())
                {
                    response.Body = buffer;
                    try
                    {
                        var result = await next(context);
                        buffer.Position = 0;
                        using var reader = new StreamReader(buffer, leaveOpen: true);
                        var text = reader.ReadToEnd();
                        logger.LogInformation("Response body: {Body}", text);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        return result;
                    }
                    finally
                    {
                        response.Body = original;
                    }
                }
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app)
            {
            }

            public static void Decorate(IEndpointConventionBuilder endpoint) => endpoint.AddEndpointFilter<IEndpointConventionBuilder, ResponseLoggingFilter>();
        }
        """;

    /// <summary>
    /// SNOOP007: a response-size middleware that counts through a wrapper stream installed as <c>Response.Body</c>
    /// (complete and async-correct, so only the install is wrong). Logs "Response size: {Path} {Bytes}".
    /// </summary>
    public const string CountingBody = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class ResponseSizeMiddleware(RequestDelegate next, ILogger<ResponseSizeMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                var counter = new ByteCountingStream(originalBody);
                context.Response.Body = counter;
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }

                logger.LogInformation("Response size: {Path} {Bytes}", context.Request.Path, counter.BytesWritten);
            }
        }

        public sealed class ByteCountingStream : Stream
        {
            private readonly Stream _inner;
            private long _bytes;

            public ByteCountingStream(Stream inner) => _inner = inner;

            public long BytesWritten => Interlocked.Read(ref _bytes);

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
                Interlocked.Add(ref _bytes, count);
                _inner.Write(buffer, offset, count);
            }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Interlocked.Add(ref _bytes, buffer.Length);
                _inner.Write(buffer);
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Interlocked.Add(ref _bytes, count);
                return _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref _bytes, buffer.Length);
                return _inner.WriteAsync(buffer, cancellationToken);
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.UseMiddleware<ResponseSizeMiddleware>();

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>
    /// SNOOP007: a usage-metering body feature written by hand: a counting stream over the previous feature's stream,
    /// everything else forwarded (the server's writer and send-file included, so what goes through them is not counted).
    /// Installed with the previous feature and put back; logs "Response size: {Path} {Bytes}".
    /// </summary>
    public const string MeteringFeature = """
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
                var metering = new MeteringFeature(previous);
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

        public sealed class MeteringFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly MeteredStream _stream;

            public MeteringFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _stream = new MeteredStream(inner.Stream);
            }

            public long BytesWritten => _stream.BytesWritten;
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }

        public sealed class MeteredStream : Stream
        {
            private readonly Stream _inner;
            private long _bytes;

            public MeteredStream(Stream inner) => _inner = inner;

            public long BytesWritten => Interlocked.Read(ref _bytes);

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
                Interlocked.Add(ref _bytes, count);
                _inner.Write(buffer, offset, count);
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Interlocked.Add(ref _bytes, count);
                return _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref _bytes, buffer.Length);
                return _inner.WriteAsync(buffer, cancellationToken);
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.UseMiddleware<UsageMiddleware>();

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>
    /// SNOOP004: a body-feature wrapper that counts completions but copies files through its stream
    /// (<c>SendFileFallback</c>); installed with the previous feature. Logs "Completions: {Count}".
    /// </summary>
    public const string CountingFeature = """
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class CompletionCountingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;

            public CompletionCountingFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
            }

            public int Completions { get; private set; }

            public Stream Stream => _inner.Stream;

            public PipeWriter Writer => _inner.Writer;

            public void DisableBuffering() => _inner.DisableBuffering();

            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);

            public async Task CompleteAsync()
            {
                Completions++;
                await _inner.CompleteAsync();
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.Use(async (context, next) =>
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var feature = new CompletionCountingFeature(previous);
                context.Features.Set<IHttpResponseBodyFeature>(feature);
                try
                {
                    await next(context);
                    await context.Response.CompleteAsync();
                }
                finally
                {
                    context.Features.Set(previous);
                }

                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Naive").LogInformation("Response size: {Path} {Count}", context.Request.Path, feature.Completions);
            });

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>
    /// SNOOP007, observing: a wrapper that keeps write statistics (bytes and writes) installed as <c>Response.Body</c>.
    /// Logs "Response size: {Path} {Total}".
    /// </summary>
    public const string StatsBody = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class WriteStatsMiddleware(RequestDelegate next, ILogger<WriteStatsMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                var stats = new WriteStatsStream(originalBody);
                context.Response.Body = stats;
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }

                logger.LogInformation("Response size: {Path} {Bytes}", context.Request.Path, stats.Total);
                logger.LogInformation("Writes: {Path} {Writes}", context.Request.Path, stats.Writes);
            }
        }

        public sealed class WriteStatsStream(Stream inner) : Stream
        {
            private long _total;
            private int _writes;

            public long Total => _total;
            public int Writes => _writes;

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
                Interlocked.Add(ref _total, count);
                Interlocked.Increment(ref _writes);
                inner.Write(buffer, offset, count);
            }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Interlocked.Add(ref _total, buffer.Length);
                Interlocked.Increment(ref _writes);
                inner.Write(buffer);
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Interlocked.Add(ref _total, count);
                Interlocked.Increment(ref _writes);
                await inner.WriteAsync(buffer, offset, count, cancellationToken);
            }

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref _total, buffer.Length);
                Interlocked.Increment(ref _writes);
                await inner.WriteAsync(buffer, cancellationToken);
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.UseMiddleware<WriteStatsMiddleware>();

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>
    /// SNOOP003: a counting wrapper that overrides only the synchronous members (every async write becomes a blocking
    /// Write, which Kestrel refuses). Logs "Response size: {Path} {Bytes}".
    /// </summary>
    public const string SyncOnlyCountingBody = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class ByteCountingMiddleware(RequestDelegate next, ILogger<ByteCountingMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                var counting = new SyncCountingStream(original);
                context.Response.Body = counting;
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = original;
                    logger.LogInformation("Response size: {Path} {Bytes}", context.Request.Path, counting.BytesWritten);
                }
            }
        }

        public sealed class SyncCountingStream : Stream
        {
            private readonly Stream _inner;

            public SyncCountingStream(Stream inner) => _inner = inner;

            public long BytesWritten { get; private set; }

            public override bool CanRead => _inner.CanRead;
            public override bool CanSeek => _inner.CanSeek;
            public override bool CanWrite => _inner.CanWrite;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => _inner.Position = value; }
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
            public override void SetLength(long value) => _inner.SetLength(value);
            public override void Flush() => _inner.Flush();

            public override void Write(byte[] buffer, int offset, int count)
            {
                BytesWritten += count;
                _inner.Write(buffer, offset, count);
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.UseMiddleware<ByteCountingMiddleware>();

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>
    /// SNOOP006: a body feature whose Writer counts through a PipeWriter wrapper that hides UnflushedBytes and lets
    /// CompleteAsync block. Logs "Response size: {Path} {Bytes}" (bytes advanced through the writer).
    /// </summary>
    public const string CountingPipeWriter = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class CountingWriter : PipeWriter
        {
            private readonly PipeWriter _inner;

            public CountingWriter(PipeWriter inner) => _inner = inner;

            public long Advanced { get; private set; }

            public override void Advance(int bytes)
            {
                Advanced += bytes;
                _inner.Advance(bytes);
            }

            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
        }

        public sealed class WriterCountingFeature(IHttpResponseBodyFeature inner, CountingWriter writer) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => inner.CompleteAsync();
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.Use(async (context, next) =>
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var writer = new CountingWriter(previous.Writer);
                context.Features.Set<IHttpResponseBodyFeature>(new WriterCountingFeature(previous, writer));
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(previous);
                }

                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Naive").LogInformation("Response size: {Path} {Bytes}", context.Request.Path, writer.Advanced);
            });

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;
}
