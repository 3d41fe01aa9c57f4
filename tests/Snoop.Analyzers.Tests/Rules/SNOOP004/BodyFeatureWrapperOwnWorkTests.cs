using System.Collections.Immutable;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.Analyzers.Tests.Shared;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    Snoop.Analyzers.Rules.BodyFeatureWrapperRule,
    Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP004 on members that do work of their own and never reach the previous feature: a StartAsync that only flushes the
/// stream the wrapper built over the previous feature's, a CompleteAsync that only logs and returns a completed task while
/// the other members forward. The fix keeps the work and calls the previous feature after it.
/// </summary>
public class BodyFeatureWrapperOwnWorkTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.Extensions.Logging;

        """;

    private const string ByteCounter = BodyFeatureWrapperPrecisionTests.ByteCounter;

    private static Task VerifyFixAsync(string source, string fixedSource) => Verify.VerifyCodeFixStrictAsync(source, fixedSource);

    // ------------------------------------------------------------------ StartAsync only flushes the wrapper's own stream

    [Fact]
    public Task Fix_StartOnlyFlushesTheCounter_FlushesThenStartsThePrevious() => VerifyFixAsync(
        Usings + """
        public sealed class CountingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            public CountingFeature(IHttpResponseBodyFeature inner) { _inner = inner; _counter = new ByteCounter(inner.Stream); }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => _counter.FlushAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + ByteCounter,
        Usings + """
        public sealed class CountingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            public CountingFeature(IHttpResponseBodyFeature inner) { _inner = inner; _counter = new ByteCounter(inner.Stream); }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public async Task StartAsync(CancellationToken cancellationToken = default)
            {
                await _counter.FlushAsync(cancellationToken);
                await _inner.StartAsync(cancellationToken);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + ByteCounter);

    [Fact]
    public Task Fix_StartFlushesItsOwnStreamProperty_AsyncBlockWithConfigureAwait() => VerifyFixAsync(
        Usings + """
        public sealed class TimingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _previous;
            public TimingFeature(IHttpResponseBodyFeature previous)
            {
                _previous = previous;
                Stream = new ByteCounter(previous.Stream);
            }
            public Stream Stream { get; }
            public PipeWriter Writer => _previous.Writer;
            public void DisableBuffering() => _previous.DisableBuffering();
            public async Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default)
            {
                await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _previous.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _previous.CompleteAsync();
        }
        """ + ByteCounter,
        Usings + """
        public sealed class TimingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _previous;
            public TimingFeature(IHttpResponseBodyFeature previous)
            {
                _previous = previous;
                Stream = new ByteCounter(previous.Stream);
            }
            public Stream Stream { get; }
            public PipeWriter Writer => _previous.Writer;
            public void DisableBuffering() => _previous.DisableBuffering();
            public async Task StartAsync(CancellationToken cancellationToken = default)
            {
                await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                await _previous.StartAsync(cancellationToken);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _previous.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _previous.CompleteAsync();
        }
        """ + ByteCounter);

    [Fact]
    public Task Fix_FeatureThatIsItsOwnStream_StartFlushesItself() => VerifyFixAsync(
        Usings + """
        internal sealed class MeteredBody : WriteOnlyStream, IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _innerFeature;
            private readonly Stream _innerStream;
            public MeteredBody(IHttpResponseBodyFeature innerFeature) { _innerFeature = innerFeature; _innerStream = innerFeature.Stream; }
            public long Written { get; private set; }
            Stream IHttpResponseBodyFeature.Stream => this;
            public PipeWriter Writer => _innerFeature.Writer;
            public void DisableBuffering() => _innerFeature.DisableBuffering();
            Task IHttpResponseBodyFeature.{|SNOOP004:StartAsync|}(CancellationToken cancellationToken) => FlushAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _innerFeature.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _innerFeature.CompleteAsync();
            public override void Flush() => _innerStream.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _innerStream.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) { _innerStream.Write(buffer, offset, count); Written += count; }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _innerStream.WriteAsync(buffer, offset, count, cancellationToken);
                Written += count;
            }
        }
        """ + BodyFeatureWrapperPrecisionTests.WriteOnlyBase,
        Usings + """
        internal sealed class MeteredBody : WriteOnlyStream, IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _innerFeature;
            private readonly Stream _innerStream;
            public MeteredBody(IHttpResponseBodyFeature innerFeature) { _innerFeature = innerFeature; _innerStream = innerFeature.Stream; }
            public long Written { get; private set; }
            Stream IHttpResponseBodyFeature.Stream => this;
            public PipeWriter Writer => _innerFeature.Writer;
            public void DisableBuffering() => _innerFeature.DisableBuffering();
            async Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken)
            {
                await FlushAsync(cancellationToken);
                await _innerFeature.StartAsync(cancellationToken);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _innerFeature.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _innerFeature.CompleteAsync();
            public override void Flush() => _innerStream.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _innerStream.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) { _innerStream.Write(buffer, offset, count); Written += count; }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _innerStream.WriteAsync(buffer, offset, count, cancellationToken);
                Written += count;
            }
        }
        """ + BodyFeatureWrapperPrecisionTests.WriteOnlyBase);

    [Fact]
    public Task Fix_NullableHolder_StartFlushesThenStartsThePreviousIfAny() => VerifyFixAsync(
        Usings + """
        public sealed class OptionalCountingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature? _inner;
            private readonly ByteCounter _counter;
            public OptionalCountingFeature(IHttpResponseBodyFeature inner, bool forward) { _inner = forward ? inner : null; _counter = new ByteCounter(inner.Stream); }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner?.Writer ?? PipeWriter.Create(_counter);
            public void DisableBuffering() => _inner?.DisableBuffering();
            public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default)
            {
                return _counter.FlushAsync(cancellationToken);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner?.SendFileAsync(path, offset, count, cancellationToken) ?? Task.CompletedTask;
            public Task CompleteAsync() => _inner?.CompleteAsync() ?? Task.CompletedTask;
        }
        """ + ByteCounter,
        Usings + """
        public sealed class OptionalCountingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature? _inner;
            private readonly ByteCounter _counter;
            public OptionalCountingFeature(IHttpResponseBodyFeature inner, bool forward) { _inner = forward ? inner : null; _counter = new ByteCounter(inner.Stream); }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner?.Writer ?? PipeWriter.Create(_counter);
            public void DisableBuffering() => _inner?.DisableBuffering();
            public async Task StartAsync(CancellationToken cancellationToken = default)
            {
                await _counter.FlushAsync(cancellationToken);
                await (_inner?.StartAsync(cancellationToken) ?? Task.CompletedTask);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner?.SendFileAsync(path, offset, count, cancellationToken) ?? Task.CompletedTask;
            public Task CompleteAsync() => _inner?.CompleteAsync() ?? Task.CompletedTask;
        }
        """ + ByteCounter);

    [Fact]
    public Task Silent_BufferingBodyThatIsItsOwnStream_StartFlushesTheBuffer() => Analyzer.VerifyAnalyzerAsync(Usings + """
        internal sealed class BufferedBody : WriteOnlyStream, IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly MemoryStream _buffer = new();
            public BufferedBody(IHttpResponseBodyFeature inner) => _inner = inner;
            Stream IHttpResponseBodyFeature.Stream => this;
            public PipeWriter Writer => PipeWriter.Create(this);
            public void DisableBuffering() => _inner.DisableBuffering();
            // Holds the start back until the body is complete (so that Content-Length can be set).
            public Task StartAsync(CancellationToken cancellationToken = default) => FlushAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                _buffer.Position = 0;
                await _buffer.CopyToAsync(_inner.Stream);
                await _inner.CompleteAsync();
            }
            public override void Flush() { }
            public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);
        }
        """ + BodyFeatureWrapperPrecisionTests.WriteOnlyBase);

    [Fact]
    public Task Silent_StartFlushesAndStartsThePrevious() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            private readonly ByteCounter _counter = new(inner.Stream);
            public Stream Stream => _counter;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public async Task StartAsync(CancellationToken cancellationToken = default)
            {
                await _counter.FlushAsync(cancellationToken);
                await inner.StartAsync(cancellationToken);
            }
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => inner.CompleteAsync();
        }
        """ + ByteCounter);

    [Fact]
    public Task Silent_StartFlushesThePreviousFeaturesOwnStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class PassThroughFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly Stream _body;
            public PassThroughFeature(IHttpResponseBodyFeature inner) { _inner = inner; _body = inner.Stream; }
            public Stream Stream => _body;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _body.FlushAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_StartFlushesThePreviousFeaturesWriter() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class WriterFlushingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.Writer.FlushAsync(cancellationToken).AsTask();
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_StartFlushesAStreamOfUnknownOrigin() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class SinkFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly Stream _sink;
            public SinkFeature(IHttpResponseBodyFeature inner, Func<Stream> open) { _inner = inner; _sink = open(); }
            public Stream Stream => _sink;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _sink.FlushAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """);

    // ------------------------------------------------------------------ CompleteAsync only logs

    [Fact]
    public Task Fix_CompleteOnlyLogs_ReturnsThePreviousCompletion() => VerifyFixAsync(
        Usings + """
        public sealed class LoggingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ILogger _logger;
            public LoggingBodyFeature(IHttpResponseBodyFeature inner, ILogger logger) { _inner = inner; _logger = logger; }
            public Stream Stream => _inner.Stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task {|SNOOP004:CompleteAsync|}()
            {
                _logger.LogInformation("Response completed");
                return Task.CompletedTask;
            }
        }
        """,
        Usings + """
        public sealed class LoggingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ILogger _logger;
            public LoggingBodyFeature(IHttpResponseBodyFeature inner, ILogger logger) { _inner = inner; _logger = logger; }
            public Stream Stream => _inner.Stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync()
            {
                _logger.LogInformation("Response completed");
                return _inner.CompleteAsync();
            }
        }
        """);

    [Fact]
    public Task Fix_AsyncCompleteRecordsATimestamp_PrimaryConstructor() => VerifyFixAsync(
        Usings + """
        public sealed class StampingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public DateTimeOffset? CompletedAt { get; private set; }
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public async Task {|SNOOP004:CompleteAsync|}()
            {
                CompletedAt = DateTimeOffset.UtcNow;
                Activity.Current?.SetTag("http.response.completed", true);
                await Task.CompletedTask;
            }
        }
        """,
        Usings + """
        public sealed class StampingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public DateTimeOffset? CompletedAt { get; private set; }
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                CompletedAt = DateTimeOffset.UtcNow;
                Activity.Current?.SetTag("http.response.completed", true);
                await inner.CompleteAsync();
            }
        }
        """);

    /// <summary>Forwarding CompleteAsync could complete the response before the wrapper's own stream is done: no forwarding fix (the re-base is still offered).</summary>
    [Fact]
    public Task Fires_CompleteOnlyLogs_OverItsOwnCounter_NoForwardingFix() => new Verify.Test
    {
        Strict = true,
        CodeActionEquivalenceKey = "SNOOP004.Forward",
        TestCode = Usings + """
        public sealed class MeteringFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            private readonly ILogger _logger;
            public MeteringFeature(IHttpResponseBodyFeature inner, ILogger logger) { _inner = inner; _logger = logger; _counter = new ByteCounter(inner.Stream); }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task {|SNOOP004:CompleteAsync|}()
            {
                _logger.LogInformation("Sent {Bytes} bytes", _counter.BytesWritten);
                return Task.CompletedTask;
            }
        }
        """ + ByteCounter,
        FixedCode = Usings + """
        public sealed class MeteringFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            private readonly ILogger _logger;
            public MeteringFeature(IHttpResponseBodyFeature inner, ILogger logger) { _inner = inner; _logger = logger; _counter = new ByteCounter(inner.Stream); }
            public Stream Stream => _counter;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task {|SNOOP004:CompleteAsync|}()
            {
                _logger.LogInformation("Sent {Bytes} bytes", _counter.BytesWritten);
                return Task.CompletedTask;
            }
        }
        """ + ByteCounter,
    }.RunAsync();

    [Fact]
    public Task Silent_CompleteLogsThenReturnsThePreviousCompletion() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class LoggingBodyFeature(IHttpResponseBodyFeature inner, ILogger logger) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync()
            {
                logger.LogInformation("Response completed");
                return inner.CompleteAsync();
            }
        }
        """);

    [Fact]
    public Task Silent_CompleteLogsThenAwaitsThePreviousCompletion() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class LoggingBodyFeature(IHttpResponseBodyFeature inner, ILogger logger) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                try
                {
                    await inner.CompleteAsync();
                }
                finally
                {
                    logger.LogInformation("Response completed");
                }
            }
        }
        """);

    [Fact]
    public Task Silent_CompleteFlushesItsOwnPipe() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class PipeFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ILogger _logger;
            public PipeFeature(IHttpResponseBodyFeature inner, ILogger logger, Stream observed) { _inner = inner; _logger = logger; Stream = observed; Writer = PipeWriter.Create(observed); }
            public Stream Stream { get; }
            public PipeWriter Writer { get; }
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                _logger.LogInformation("Completing");
                await Writer.CompleteAsync();
            }
        }
        """);

    [Fact]
    public Task Silent_CompleteCallsAHelperOfItsOwn() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class HelperFeature(IHttpResponseBodyFeature inner, ILogger logger) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync()
            {
                logger.LogDebug("Completing");
                Finish();
                return Task.CompletedTask;
            }
            private void Finish() => inner.Writer.Complete();
        }
        """);

    [Fact]
    public Task Silent_CompleteLogsButNoOtherMemberForwards() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class DetachedFeature(IHttpResponseBodyFeature previous, ILogger logger) : IHttpResponseBodyFeature
        {
            private readonly MemoryStream _capture = new();
            public IHttpResponseBodyFeature Previous => previous;
            public Stream Stream => _capture;
            public PipeWriter Writer => PipeWriter.Create(_capture);
            public void DisableBuffering() => logger.LogDebug("Buffering stays on while captured");
            public Task StartAsync(CancellationToken cancellationToken = default) => _capture.FlushAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task CompleteAsync()
            {
                logger.LogInformation("Captured {Length} bytes", _capture.Length);
                return Task.CompletedTask;
            }
        }
        """);

    // ------------------------------------------------------------------ properties

    [Fact]
    public async Task Properties_FlushOnlyStart_KeepsTheWork_Fixable()
    {
        var properties = await SinglePropertiesAsync("""
            public sealed class CountingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                private readonly BufferedStream _buffered = new(inner.Stream);
                public Stream Stream => _buffered;
                public PipeWriter Writer => inner.Writer;
                public void DisableBuffering() => inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _buffered.FlushAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => inner.CompleteAsync();
            }
            """);
        Assert.Equal("StartAsync", properties[DiagnosticProperties.MemberKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.KeepWorkKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    [Fact]
    public async Task Properties_OwnWorkCompleteOverItsOwnStream_NotFixable_OwnStream()
    {
        var properties = await SinglePropertiesAsync("""
            public sealed class CountingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                private readonly BufferedStream _buffered = new(inner.Stream);
                public int Completions { get; private set; }
                public Stream Stream => _buffered;
                public PipeWriter Writer => inner.Writer;
                public void DisableBuffering() => inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() { Completions++; return Task.CompletedTask; }
            }
            """);
        Assert.Equal("CompleteAsync", properties[DiagnosticProperties.MemberKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.KeepWorkKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Equal(DiagnosticProperties.NotFixableOwnStream, properties[DiagnosticProperties.NotFixableKey]);
    }

    private static async Task<ImmutableDictionary<string, string?>> SinglePropertiesAsync(string source)
    {
        var compilation = Snippet.Compile(source).Compilation;
        var diagnostics = await compilation.WithAnalyzers([RuleAnalyzers.Alone<BodyFeatureWrapperRule>()]).GetAnalyzerDiagnosticsAsync();
        return Assert.Single(diagnostics).Properties;
    }

    // ------------------------------------------------------------------ the second action on these shapes

    [Fact]
    public async Task Rebase_KeepsTheOwnWork_AndCallsBase()
    {
        var source = Usings + """
            public sealed class LoggingBodyFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly ILogger _logger;
                public LoggingBodyFeature(IHttpResponseBodyFeature inner, ILogger logger) { _inner = inner; _logger = logger; }
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task {|SNOOP004:CompleteAsync|}()
                {
                    _logger.LogInformation("Response completed");
                    return Task.CompletedTask;
                }
            }
            """;
        var fixedSource = Usings.Replace("using Microsoft.Extensions.Logging;\n", "using Microsoft.Extensions.Logging;\nusing Snoop;\n") + """
            public sealed class LoggingBodyFeature : DelegatingResponseBodyFeature
            {
                private readonly ILogger _logger;
                public LoggingBodyFeature(IHttpResponseBodyFeature inner, ILogger logger) : base(inner) { _logger = logger; }
                public override Task CompleteAsync()
                {
                    _logger.LogInformation("Response completed");
                    return base.CompleteAsync();
                }
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, Strict = true, CodeActionEquivalenceKey = "DeriveFromDelegatingResponseBodyFeature" };
        await test.RunAsync(CancellationToken.None);
    }
}
