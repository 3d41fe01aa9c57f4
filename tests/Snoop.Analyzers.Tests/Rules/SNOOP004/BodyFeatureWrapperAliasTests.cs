using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP004 when a member reaches a feature through a local: a local assigned once from the field holding the previous
/// feature is that feature (forwarding through it is forwarding); a local holding another feature (one the member builds
/// over the wrapper's own stream, or the previous one replaced before the call) is not.
/// </summary>
public class BodyFeatureWrapperAliasTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.Extensions.Logging;

        """;

    // ------------------------------------------------------------------ fires: the local holds another feature

    [Fact]
    public Task Fires_SendFileThroughAStreamFeatureOverTheCounter_HeldInALocal() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;

            public CountingBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _counter = new ByteCounter(inner.Stream);
            }

            public long BytesWritten => _counter.BytesWritten;
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                var throughCounter = new StreamResponseBodyFeature(_counter);
                return throughCounter.SendFileAsync(path, offset, count, cancellationToken);
            }
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + BodyFeatureWrapperPrecisionTests.ByteCounter);

    [Fact]
    public Task Fires_SendFileThroughALocalReassignedFromThePreviousFeatureToAStreamFeature() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;

            public CountingBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _counter = new ByteCounter(inner.Stream);
            }

            public long BytesWritten => _counter.BytesWritten;
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public async Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                IHttpResponseBodyFeature sender = _inner;
                // Count the file's bytes as well.
                sender = new StreamResponseBodyFeature(_counter);
                await sender.SendFileAsync(path, offset, count, cancellationToken);
            }
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + BodyFeatureWrapperPrecisionTests.ByteCounter);

    [Fact]
    public Task Fires_SendFileThroughAStreamFeatureCreatedInTheCall() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;

            public CountingBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _counter = new ByteCounter(inner.Stream);
            }

            public long BytesWritten => _counter.BytesWritten;
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => new StreamResponseBodyFeature(_counter).SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + BodyFeatureWrapperPrecisionTests.ByteCounter);

    [Fact]
    public Task Silent_SendFileThroughAStreamFeatureOverACompressingStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class GzipBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly System.IO.Compression.GZipStream _gzip;

            public GzipBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _gzip = new System.IO.Compression.GZipStream(inner.Stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
            }

            public Stream Stream => _gzip;
            public PipeWriter Writer => PipeWriter.Create(_gzip, new StreamPipeWriterOptions(leaveOpen: true));
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                // The file must be compressed too: it goes through the gzip stream.
                var throughGzip = new StreamResponseBodyFeature(_gzip);
                return throughGzip.SendFileAsync(path, offset, count, cancellationToken);
            }
            public async Task CompleteAsync()
            {
                await _gzip.DisposeAsync();
                await _inner.CompleteAsync();
            }
        }
        """);

    // ------------------------------------------------------------------ silent: the local is the previous feature

    [Fact]
    public Task Silent_StartAsyncForwardsThroughALocalCopyOfThePrevious() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class FirstByteTimingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private long _startedAt;

            public FirstByteTimingFeature(IHttpResponseBodyFeature inner) => _inner = inner;

            public long StartedAt => _startedAt;
            public Stream Stream => _inner.Stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering()
            {
                var inner = _inner;
                inner.DisableBuffering();
            }
            public Task StartAsync(CancellationToken cancellationToken = default)
            {
                var inner = _inner;
                Interlocked.CompareExchange(ref _startedAt, DateTime.UtcNow.Ticks, 0);
                return inner.StartAsync(cancellationToken);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_CompleteAsyncAwaitsThePreviousThroughALocal_AfterLogging() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class LoggingBodyFeature(IHttpResponseBodyFeature previous, ILogger logger) : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _previous = previous;

            public Stream Stream => _previous.Stream;
            public PipeWriter Writer => _previous.Writer;
            public void DisableBuffering() => _previous.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _previous.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => _previous.SendFileAsync(path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                var f = _previous;
                logger.LogDebug("Response body completing");
                await f.CompleteAsync();
            }
        }
        """);

    [Fact]
    public Task Silent_SendFileForwardsThroughALocalCopyOfThePrevious_OverACountingStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;

            public CountingBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _counter = new ByteCounter(inner.Stream);
            }

            public long BytesWritten => _counter.BytesWritten;
            public long FileBytes { get; private set; }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                var previous = _inner;
                FileBytes += count ?? new FileInfo(path).Length - offset;
                await previous.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
            }
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + BodyFeatureWrapperPrecisionTests.ByteCounter);

    [Fact]
    public Task Silent_SendFileCopiesThroughTheCounterOnlyWhenAsked_ElseForwardsThroughALocal() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class MeteredBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            private readonly bool _meterFiles;

            public MeteredBodyFeature(IHttpResponseBodyFeature inner, bool meterFiles)
            {
                _inner = inner;
                _counter = new ByteCounter(inner.Stream);
                _meterFiles = meterFiles;
            }

            public long BytesWritten => _counter.BytesWritten;
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                var previous = _inner;
                if (_meterFiles)
                {
                    // Metered plans count file bytes too, at the cost of the zero-copy path.
                    await using var file = File.OpenRead(path);
                    file.Seek(offset, SeekOrigin.Begin);
                    await file.CopyToAsync(_counter, cancellationToken);
                    return;
                }

                await previous.SendFileAsync(path, offset, count, cancellationToken);
            }
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + BodyFeatureWrapperPrecisionTests.ByteCounter);

    [Fact]
    public Task Silent_SendFileThroughALocalGuardedAgainstAMissingPrevious() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature? _inner;
            private readonly ByteCounter _counter;

            public CountingBodyFeature(HttpContext context)
            {
                _inner = context.Features.Get<IHttpResponseBodyFeature>();
                _counter = new ByteCounter(context.Response.Body);
            }

            public long BytesWritten => _counter.BytesWritten;
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner?.Writer ?? PipeWriter.Create(_counter);
            public void DisableBuffering() => _inner?.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner?.StartAsync(cancellationToken) ?? Task.CompletedTask;
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                IHttpResponseBodyFeature previous;
                previous = _inner ?? throw new InvalidOperationException("No response body feature to send the file with.");
                return previous.SendFileAsync(path, offset, count, cancellationToken);
            }
            public Task CompleteAsync() => _inner?.CompleteAsync() ?? Task.CompletedTask;
        }
        """ + BodyFeatureWrapperPrecisionTests.ByteCounter);
}
