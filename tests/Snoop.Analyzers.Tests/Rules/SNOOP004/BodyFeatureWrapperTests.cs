using Microsoft.CodeAnalysis.Testing;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    Snoop.Analyzers.Rules.BodyFeatureWrapperRule,
    Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

public class BodyFeatureWrapperTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    // Fix tests run in the shared strict mode (Verify.Test.Strict): a fix must not add a compiler warning either.
    private static Task VerifyFixAsync(string source, string fixedSource) => Verify.VerifyCodeFixStrictAsync(source, fixedSource);

    private static Task VerifyNoFixAsync(string source) => Verify.VerifyCodeFixStrictAsync(source, source);

    // ------------------------------------------------------------------ fires

    [Fact]
    public async Task Fix_EmptyMembers()
    {
        var source = Usings + """
            public sealed class CountingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public CountingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void {|SNOOP004:DisableBuffering|}() { }
                public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task {|SNOOP004:CompleteAsync|}()
                {
                    return Task.CompletedTask;
                }
            }
            """;
        var fixedSource = Usings + """
            public sealed class CountingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public CountingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_NotImplementedMembers()
    {
        var source = Usings + """
            public class LoggingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _stream;
                public LoggingFeature(IHttpResponseBodyFeature inner, Stream logged) { _inner = inner; _stream = logged; }
                public Stream Stream => _stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    throw new NotImplementedException();
                }
                public Task {|SNOOP004:CompleteAsync|}() => throw new NotImplementedException("later");
            }
            """;
        var fixedSource = Usings + """
            public class LoggingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _stream;
                public LoggingFeature(IHttpResponseBodyFeature inner, Stream logged) { _inner = inner; _stream = logged; }
                public Stream Stream => _stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task CommentsInReplacedBodies_AreKept()
    {
        var source = Usings + """
            public sealed class Commented : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Commented(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void {|SNOOP004:DisableBuffering|}()
                {
                    // Nothing to do: we never buffer.
                }
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task {|SNOOP004:CompleteAsync|}()
                {
                    // TODO: complete the response.
                    throw new NotImplementedException(); // later
                }
            }
            """;
        var fixedSource = Usings + """
            public sealed class Commented : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Commented(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering()
                {
                    // Nothing to do: we never buffer.
                    _inner.DisableBuffering();
                }
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync()
                {
                    // TODO: complete the response.
                    return _inner.CompleteAsync(); // later
                }
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_SendFileFallback_OverForwardedStream()
    {
        var source = Usings + """
            namespace App;

            internal sealed class TimingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public TimingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public async Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    await SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);
                }
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        var fixedSource = Usings + """
            namespace App;

            internal sealed class TimingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public TimingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fires_FileCopiedIntoOwnStream_NoFix()
    {
        // The wrapper's stream counts bytes: forwarding would skip that logic, so no fix is offered.
        var source = Usings + """
            public sealed class ByteCountingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _counting;
                public ByteCountingFeature(IHttpResponseBodyFeature inner) { _inner = inner; _counting = new ByteCounter(inner.Stream); }
                public Stream Stream => _counting;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public async Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    using var file = File.OpenRead(path);
                    file.Seek(offset, SeekOrigin.Begin);
                    await file.CopyToAsync(_counting, cancellationToken);
                }
                public Task {|SNOOP004:CompleteAsync|}() => Task.CompletedTask;
            }
            """ + BodyFeatureWrapperPrecisionTests.ByteCounter;
        await VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Silent_FileCopiedIntoTheCallersStream()
    {
        var source = Usings + """
            public sealed class ByteCountingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _counting;
                public ByteCountingFeature(IHttpResponseBodyFeature inner, Stream counting) { _inner = inner; _counting = counting; }
                public Stream Stream => _counting;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    using var file = File.OpenRead(path);
                    file.Seek(offset, SeekOrigin.Begin);
                    await file.CopyToAsync(_counting, cancellationToken);
                }
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Fix_LazyWriterOverOwnStream_ReplacedByInnerWriter()
    {
        var source = "#nullable enable\n" + Usings + """
            public sealed class PassThroughFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private PipeWriter? _writer;

                public PassThroughFeature(IHttpResponseBodyFeature inner) => _inner = inner;

                public Stream Stream => _inner.Stream;

                public PipeWriter {|SNOOP004:Writer|}
                {
                    get
                    {
                        return _writer ??= PipeWriter.Create(Stream, new StreamPipeWriterOptions(leaveOpen: true));
                    }
                }

                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        var fixedSource = "#nullable enable\n" + Usings + """
            public sealed class PassThroughFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;

                public PassThroughFeature(IHttpResponseBodyFeature inner) => _inner = inner;

                public Stream Stream => _inner.Stream;

                public PipeWriter Writer => _inner.Writer;

                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Silent_CompressionShapedBody_WriterOverItself()
    {
        // The shape of ASP.NET Core's response compression body: the stream is the wrapper itself, send-file copies
        // only while compressing, and Writer is a pipe over the compressing stream, as it must be. (Issue 11: this was a
        // false warning; a real compressor is in BodyFeatureWrapperPrecisionTests.)
        var source = "#nullable enable\n" + Usings + """
            internal sealed class CompressionBody : Stream, IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _innerBodyFeature;
                private readonly Stream _innerStream;
                private Stream? _compressionStream;
                private PipeWriter? _pipeAdapter;

                public CompressionBody(IHttpResponseBodyFeature innerBodyFeature)
                {
                    _innerBodyFeature = innerBodyFeature;
                    _innerStream = innerBodyFeature.Stream;
                }

                Stream IHttpResponseBodyFeature.Stream => this;

                public PipeWriter Writer
                {
                    get
                    {
                        if (_pipeAdapter == null)
                        {
                            _pipeAdapter = PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));
                        }

                        return _pipeAdapter;
                    }
                }

                public void DisableBuffering() => _innerBodyFeature.DisableBuffering();
                public Task StartAsync(CancellationToken token = default) { OnWrite(); return _innerBodyFeature.StartAsync(token); }
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellation)
                {
                    OnWrite();
                    if (_compressionStream != null)
                    {
                        return SendFileFallback.SendFileAsync(_compressionStream, path, offset, count, cancellation);
                    }

                    return _innerBodyFeature.SendFileAsync(path, offset, count, cancellation);
                }
                public async Task CompleteAsync() { await FlushAsync(); await _innerBodyFeature.CompleteAsync(); }

                private void OnWrite() => _compressionStream ??= _innerStream;

                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override void Flush() => (_compressionStream ?? _innerStream).Flush();
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Write(byte[] buffer, int offset, int count) { OnWrite(); _compressionStream!.Write(buffer, offset, count); }
            }
            """;
        await VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Fires_WriterBuiltInConstructor_NoFix()
    {
        var source = Usings + """
            public sealed class ObservingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public ObservingFeature(IHttpResponseBodyFeature inner)
                {
                    _inner = inner;
                    Stream = new ByteCounter(inner.Stream);
                    Writer = PipeWriter.Create(Stream);
                }
                public Stream Stream { get; }
                public PipeWriter {|SNOOP004:Writer|} { get; }
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """ + BodyFeatureWrapperPrecisionTests.ByteCounter;
        await VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Silent_WriterBuiltInConstructor_OverTheCallersStream()
    {
        // A stream-to-feature adapter: what the caller's stream does is not visible here (the install site is SNOOP007's).
        var source = Usings + """
            public sealed class ObservingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public ObservingFeature(IHttpResponseBodyFeature inner, Stream observed)
                {
                    _inner = inner;
                    Stream = observed;
                    Writer = PipeWriter.Create(observed);
                }
                public Stream Stream { get; }
                public PipeWriter Writer { get; }
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Fix_WriterThrowingNotImplemented()
    {
        var source = Usings + """
            public sealed partial class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _stream;
                public Feature(IHttpResponseBodyFeature inner, Stream stream) { _inner = inner; _stream = stream; }
                public Stream Stream => _stream;
                public PipeWriter {|SNOOP004:Writer|}
                {
                    get { throw new NotImplementedException(); }
                }
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        var fixedSource = Usings + """
            public sealed partial class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _stream;
                public Feature(IHttpResponseBodyFeature inner, Stream stream) { _inner = inner; _stream = stream; }
                public Stream Stream => _stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_ExplicitInterfaceImplementation()
    {
        var source = Usings + """
            public partial class Outer
            {
                private sealed class Feature : IHttpResponseBodyFeature
                {
                    private readonly IHttpResponseBodyFeature _previous;
                    public Feature(IHttpResponseBodyFeature previous) => _previous = previous;
                    Stream IHttpResponseBodyFeature.Stream => _previous.Stream;
                    PipeWriter IHttpResponseBodyFeature.Writer => _previous.Writer;
                    void IHttpResponseBodyFeature.{|SNOOP004:DisableBuffering|}()
                    {
                    }
                    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _previous.StartAsync(cancellationToken);
                    Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) => _previous.SendFileAsync(path, offset, count, cancellationToken);
                    Task IHttpResponseBodyFeature.CompleteAsync() => _previous.CompleteAsync();
                }
            }
            """;
        var fixedSource = Usings + """
            public partial class Outer
            {
                private sealed class Feature : IHttpResponseBodyFeature
                {
                    private readonly IHttpResponseBodyFeature _previous;
                    public Feature(IHttpResponseBodyFeature previous) => _previous = previous;
                    Stream IHttpResponseBodyFeature.Stream => _previous.Stream;
                    PipeWriter IHttpResponseBodyFeature.Writer => _previous.Writer;
                    void IHttpResponseBodyFeature.DisableBuffering() => _previous.DisableBuffering();
                    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _previous.StartAsync(cancellationToken);
                    Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) => _previous.SendFileAsync(path, offset, count, cancellationToken);
                    Task IHttpResponseBodyFeature.CompleteAsync() => _previous.CompleteAsync();
                }
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_PrimaryConstructor_EmptyAsyncStart()
    {
        var source = Usings + """
            namespace App.Features;

            public sealed class HeaderStampingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                public Stream Stream => inner.Stream;
                public PipeWriter Writer => inner.Writer;
                public void DisableBuffering() => inner.DisableBuffering();
                public async Task {|CS1998:{|SNOOP004:StartAsync|}|}(CancellationToken cancellationToken = default)
                {
                }
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => inner.CompleteAsync();
            }
            """;
        var fixedSource = Usings + """
            namespace App.Features;

            public sealed class HeaderStampingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                public Stream Stream => inner.Stream;
                public PipeWriter Writer => inner.Writer;
                public void DisableBuffering() => inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task PrimaryConstructorCopiedIntoField_ForwardsThroughTheField()
    {
        var source = Usings + """
            public sealed class Copied(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task {|SNOOP004:CompleteAsync|}() { return Task.CompletedTask; }
            }
            """;
        var fixedSource = Usings + """
            public sealed class Copied(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task NullableHolder_IsForwardedWithConditionalAccess()
    {
        var source = "#nullable enable\n" + Usings + """
            public sealed class OptionalFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature? _inner;
                private readonly Stream _stream;
                public OptionalFeature(Stream stream, IHttpResponseBodyFeature? inner = null) { _stream = stream; _inner = inner; }
                public Stream Stream => _stream;
                public PipeWriter Writer => PipeWriter.Create(_stream);
                public void {|SNOOP004:DisableBuffering|}() { }
                public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner?.CompleteAsync() ?? Task.CompletedTask;
            }
            """;
        var fixedSource = "#nullable enable\n" + Usings + """
            public sealed class OptionalFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature? _inner;
                private readonly Stream _stream;
                public OptionalFeature(Stream stream, IHttpResponseBodyFeature? inner = null) { _stream = stream; _inner = inner; }
                public Stream Stream => _stream;
                public PipeWriter Writer => PipeWriter.Create(_stream);
                public void DisableBuffering() => _inner?.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner?.StartAsync(cancellationToken) ?? Task.CompletedTask;
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner?.CompleteAsync() ?? Task.CompletedTask;
            }
            """;
        // The copy fallback and the stream pipe over the caller's stream are an adapter's, not reported.
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, Strict = true };
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fires_ActiveIfRegion()
    {
        var source = Usings + """
            public sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Feature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
            #if !NEVER_DEFINED
                public void {|SNOOP004:DisableBuffering|}() { }
            #else
                public void DisableBuffering() => _inner.DisableBuffering();
            #endif
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        var fixedSource = Usings + """
            public sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Feature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
            #if !NEVER_DEFINED
                public void DisableBuffering() => _inner.DisableBuffering();
            #else
                public void DisableBuffering() => _inner.DisableBuffering();
            #endif
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_FeaturesSet_StreamFeatureWithoutPrevious_GivenTheCurrentFeature()
    {
        var source = Usings + """
            public sealed class AuditMiddleware
            {
                private readonly RequestDelegate _next;
                public AuditMiddleware(RequestDelegate next) => _next = next;

                public async Task InvokeAsync(HttpContext context)
                {
                    var audit = new BufferedStream(context.Response.Body);
                    context.Features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(audit)|});
                    await _next(context);
                }
            }
            """;
        var fixedSource = Usings + """
            public sealed class AuditMiddleware
            {
                private readonly RequestDelegate _next;
                public AuditMiddleware(RequestDelegate next) => _next = next;

                public async Task InvokeAsync(HttpContext context)
                {
                    var audit = new BufferedStream(context.Response.Body);
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(audit, context.Features.Get<IHttpResponseBodyFeature>()));
                    await _next(context);
                }
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_FeaturesSet_InTopLevelAppUseLambda()
    {
        var source = Usings + """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.Use(async (context, next) =>
            {
                var counting = new BufferedStream(context.Response.Body);
                context.Features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(counting)|});
                await next(context);
            });
            app.Run();
            """;
        var fixedSource = Usings + """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.Use(async (context, next) =>
            {
                var counting = new BufferedStream(context.Response.Body);
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counting, context.Features.Get<IHttpResponseBodyFeature>()));
                await next(context);
            });
            app.Run();
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, Strict = true };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_FeaturesSet_InIMiddlewareLocalFunction()
    {
        var source = Usings + """
            public sealed class TeeMiddleware : IMiddleware
            {
                public async Task InvokeAsync(HttpContext context, RequestDelegate next)
                {
                    var features = context.Features;
                    Install(new BufferedStream(context.Response.Body));
                    await next(context);

                    void Install(Stream stream) => features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(stream)|});
                }
            }
            """;
        var fixedSource = Usings + """
            public sealed class TeeMiddleware : IMiddleware
            {
                public async Task InvokeAsync(HttpContext context, RequestDelegate next)
                {
                    var features = context.Features;
                    Install(new BufferedStream(context.Response.Body));
                    await next(context);

                    void Install(Stream stream) => features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(stream, features.Get<IHttpResponseBodyFeature>()));
                }
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fires_FeaturesSet_WrapperGivenNull_NoFix()
    {
        var source = Usings + """
            public sealed class Wrapper : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature? _inner;
                public Wrapper(Stream stream, IHttpResponseBodyFeature? inner) { Stream = stream; _inner = inner; }
                public Stream Stream { get; }
                public PipeWriter Writer => PipeWriter.Create(Stream);
                public void DisableBuffering() => _inner?.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner?.StartAsync(cancellationToken) ?? Task.CompletedTask;
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner?.SendFileAsync(path, offset, count, cancellationToken) ?? Task.CompletedTask;
                public Task CompleteAsync() => _inner?.CompleteAsync() ?? Task.CompletedTask;
            }

            public static class Setup
            {
                public static void Install(IFeatureCollection features, Stream stream)
                    => features.Set<IHttpResponseBodyFeature>({|SNOOP004:new Wrapper(stream, null)|});
            }
            """;
        var test = new Verify.Test { TestCode = "#nullable enable\n" + source, FixedCode = "#nullable enable\n" + source, Strict = true };
        // The class itself is a stream-to-feature adapter (its stream is the caller's): its Writer over that stream is not
        // reported; the install that gives it no previous feature is.
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fires_FeaturesSet_ExplicitCastOfTheWrapper()
    {
        // Conversions are seen through the same way in every rule (OperationFacts.Unwrap), explicit casts included.
        var source = Usings + """
            public sealed class AuditMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var audit = new BufferedStream(context.Response.Body);
                    context.Features.Set<IHttpResponseBodyFeature>((IHttpResponseBodyFeature){|SNOOP004:new StreamResponseBodyFeature(audit)|});
                    await next(context);
                }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task FeaturesSet_Message_IsTheInstallFormat_WithTheTypeAsArgument()
    {
        var source = Usings + """
            public sealed class AuditMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    context.Features.Set<IHttpResponseBodyFeature>({|#0:new StreamResponseBodyFeature(new BufferedStream(context.Response.Body))|});
                    await next(context);
                }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source,
            Analyzer.Diagnostic(Descriptors.SNOOP004_InstalledWithoutPrevious).WithLocation(0).WithArguments("StreamResponseBodyFeature"));
    }

    [Fact]
    public async Task Message_IsTheCopyFallbackFormat_WithTheMemberAsArgument()
    {
        var source = Usings + """
            public sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Feature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                    => SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source,
            Analyzer.Diagnostic(Descriptors.SNOOP004_SendFileCopied).WithSpan(16, 17, 16, 30).WithArguments("SendFileAsync"));
    }

    // ------------------------------------------------------------------ fix all

    [Fact]
    public async Task Fix_All_ForwardsEveryMemberInEveryDocument()
    {
        var first = Usings + """
            public sealed class A : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public A(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void {|SNOOP004:DisableBuffering|}() { }
                public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task {|SNOOP004:CompleteAsync|}() => Task.CompletedTask;
            }
            """;
        var second = Usings + """
            public sealed class B(IHttpResponseBodyFeature previous) : IHttpResponseBodyFeature
            {
                public Stream Stream => previous.Stream;
                public PipeWriter Writer => previous.Writer;
                public void {|SNOOP004:DisableBuffering|}() { }
                public Task StartAsync(CancellationToken cancellationToken = default) => previous.StartAsync(cancellationToken);
                public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task CompleteAsync() => previous.CompleteAsync();
            }
            """;
        var firstFixed = Usings + """
            public sealed class A : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public A(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        var secondFixed = Usings + """
            public sealed class B(IHttpResponseBodyFeature previous) : IHttpResponseBodyFeature
            {
                public Stream Stream => previous.Stream;
                public PipeWriter Writer => previous.Writer;
                public void DisableBuffering() => previous.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => previous.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => previous.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => previous.CompleteAsync();
            }
            """;
        var test = new Verify.Test { Strict = true };
        test.TestState.Sources.Add(("A.cs", first));
        test.TestState.Sources.Add(("B.cs", second));
        test.FixedState.Sources.Add(("A.cs", firstFixed));
        test.FixedState.Sources.Add(("B.cs", secondFixed));
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 2; // one per document
        await test.RunAsync(CancellationToken.None);
    }

    // ------------------------------------------------------------------ silent

    [Fact]
    public async Task Silent_CompleteForwardingWrapper()
    {
        var source = Usings + """
            public sealed class Forwarding : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Forwarding(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_OwnWorkThenInner()
    {
        var source = Usings + """
            public sealed class Metering : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public long Bytes;
                public bool Started;
                public Metering(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering()
                {
                    Console.WriteLine("buffering off");
                    _inner.DisableBuffering();
                }
                public async Task StartAsync(CancellationToken cancellationToken = default)
                {
                    Started = true;
                    await _inner.StartAsync(cancellationToken);
                }
                public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    Bytes += count ?? new FileInfo(path).Length - offset;
                    await _inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
                }
                public Task CompleteAsync() { Started = true; return _inner.CompleteAsync(); }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_DeliberateNotSupportedSendFile_WriterOverTheCallersEncodingStream()
    {
        // gRPC-Web style: the wrapper base64-encodes the body, so it refuses send-file on purpose, and its Writer must go
        // through the encoding stream (given by the caller: the rule cannot tell it observes, so it stays silent).
        var source = Usings + """
            internal sealed class GrpcWebResponseFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _initial;
                private readonly Stream _encoded;
                public GrpcWebResponseFeature(Stream encoded, IHttpResponseBodyFeature initial) { _encoded = encoded; _initial = initial; }
                public Stream Stream => _encoded;
                public PipeWriter Writer => PipeWriter.Create(_encoded);
                public void DisableBuffering() => _initial.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _initial.StartAsync(cancellationToken);
                /// <summary>Send-file cannot be base64-encoded; refused by design.</summary>
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                    => throw new NotSupportedException("Send file is not supported for gRPC-Web.");
                public Task CompleteAsync() => _initial.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_DeliberateNotSupportedSendFile_WithInnerWriter()
    {
        var source = Usings + """
            internal sealed class NoSendFileFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public NoSendFileFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    throw new NotSupportedException("Send file is not supported here.");
                }
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_DerivedFromStreamResponseBodyFeature_CallingBase()
    {
        var source = Usings + """
            public sealed class Tracing : StreamResponseBodyFeature
            {
                public Tracing(Stream stream, IHttpResponseBodyFeature prior) : base(stream, prior) { }
                public override void DisableBuffering() { Console.WriteLine("off"); base.DisableBuffering(); }
                public override Task StartAsync(CancellationToken cancellationToken = default) => base.StartAsync(cancellationToken);
                public override Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => base.SendFileAsync(path, offset, count, cancellationToken);
                public override Task CompleteAsync() => base.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_DerivedFromStreamResponseBodyFeature_WithoutOwnHolder()
    {
        // The base decides what reaches the prior feature; the rule cannot know whether one was passed.
        var source = Usings + """
            public sealed class Buffered : StreamResponseBodyFeature
            {
                public Buffered(Stream stream) : base(stream) { }
                public override void DisableBuffering() { }
                public override Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_StreamThatIsAlsoTheFeature_Forwarding()
    {
        // HTTP logging's shape: a buffering stream that is its own body feature and forwards the capabilities.
        var source = Usings + """
            internal sealed class LoggingBody : MemoryStream, IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _innerBodyFeature;
                public LoggingBody(IHttpResponseBodyFeature innerBodyFeature) => _innerBodyFeature = innerBodyFeature;
                public Stream Stream => this;
                public PipeWriter Writer => _innerBodyFeature.Writer;
                public void DisableBuffering() => _innerBodyFeature.DisableBuffering();
                public Task StartAsync(CancellationToken token = default) => _innerBodyFeature.StartAsync(token);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellation) => _innerBodyFeature.SendFileAsync(path, offset, count, cancellation);
                public Task CompleteAsync() => _innerBodyFeature.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_RecordWrapperForwarding()
    {
        var source = Usings + """
            public sealed record class RecordFeature(IHttpResponseBodyFeature Inner) : IHttpResponseBodyFeature
            {
                public Stream Stream => Inner.Stream;
                public PipeWriter Writer => Inner.Writer;
                public void DisableBuffering() => Inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => Inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => Inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_ForwardingWithGuardsAndTryFinally()
    {
        var source = Usings + """
            public sealed class Guarded : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private int _sends;
                public Guarded(IHttpResponseBodyFeature inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering()
                {
                    try { _inner.DisableBuffering(); }
                    catch (InvalidOperationException) { }
                }
                public Task StartAsync(CancellationToken cancellationToken = default)
                    => cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : _inner.StartAsync(cancellationToken);
                public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    ArgumentException.ThrowIfNullOrEmpty(path);
                    Interlocked.Increment(ref _sends);
                    try
                    {
                        await _inner.SendFileAsync(path, offset, count, cancellationToken);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _sends);
                    }
                }
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_ExplicitForwardingImplementation()
    {
        var source = Usings + """
            public sealed partial class Explicit : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Explicit(IHttpResponseBodyFeature inner) => _inner = inner;
            }

            public sealed partial class Explicit
            {
                Stream IHttpResponseBodyFeature.Stream => _inner.Stream;
                PipeWriter IHttpResponseBodyFeature.Writer => _inner.Writer;
                void IHttpResponseBodyFeature.DisableBuffering() => _inner.DisableBuffering();
                Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);
                Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                Task IHttpResponseBodyFeature.CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_FeatureWithoutPreviousFeature()
    {
        // A test double with its own stream: there is nothing to forward to.
        var source = Usings + """
            public sealed class FakeBodyFeature : IHttpResponseBodyFeature
            {
                public Stream Stream { get; } = new MemoryStream();
                public PipeWriter Writer => PipeWriter.Create(Stream);
                public void DisableBuffering() { }
                public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task CompleteAsync() => Task.CompletedTask;
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_ConditionalCopyFallback()
    {
        // Response compression: copy through the compressing stream only when compressing, else the inner's send-file.
        var source = Usings + """
            internal sealed class CompressingBody : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _innerBodyFeature;
                private readonly Stream _compressing;
                private readonly bool _compress;
                private PipeWriter? _pipeAdapter;
                public CompressingBody(IHttpResponseBodyFeature inner, Stream compressing, bool compress) { _innerBodyFeature = inner; _compressing = compressing; _compress = compress; }
                public Stream Stream => _compressing;
                public PipeWriter Writer => _compress ? (_pipeAdapter ??= PipeWriter.Create(Stream)) : _innerBodyFeature.Writer;
                public void DisableBuffering() => _innerBodyFeature.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _innerBodyFeature.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    if (_compress)
                    {
                        return SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);
                    }

                    return _innerBodyFeature.SendFileAsync(path, offset, count, cancellationToken);
                }
                public Task CompleteAsync() => _innerBodyFeature.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync("#nullable enable\n" + source);
    }

    [Fact]
    public async Task Silent_ForwardingThroughHelper()
    {
        var source = Usings + """
            public sealed class Helpers : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Helpers(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => Inner().DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => StartCore(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => SendCore(path, offset, count, cancellationToken);
                public Task CompleteAsync() { Flush(); return _inner.CompleteAsync(); }
                private IHttpResponseBodyFeature Inner() => _inner;
                private Task StartCore(CancellationToken token) => _inner.StartAsync(token);
                private Task SendCore(string path, long offset, long? count, CancellationToken token) => _inner.SendFileAsync(path, offset, count, token);
                private void Flush() { }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_OwnStartLogic_WithoutInner()
    {
        // Does real work in StartAsync (flushing its own stream, like StreamResponseBodyFeature): not an empty body.
        var source = Usings + """
            public sealed class Flushing : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _stream;
                public Flushing(IHttpResponseBodyFeature inner, Stream stream) { _inner = inner; _stream = stream; }
                public Stream Stream => _stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _stream.FlushAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public async Task CompleteAsync() { await _stream.FlushAsync(); await _inner.CompleteAsync(); }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_InactiveIfRegion()
    {
        var source = Usings + """
            public sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Feature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
            #if NEVER_DEFINED
                public void DisableBuffering() { }
            #else
                public void DisableBuffering() => _inner.DisableBuffering();
            #endif
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_LookalikeNotImplementingTheInterface()
    {
        var source = Usings + """
            public sealed class NotAFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public NotAFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public void DisableBuffering() { }
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_FeaturesSet_WithPriorFeature()
    {
        var source = Usings + """
            public static class Install
            {
                public static async Task Run(HttpContext context, RequestDelegate next)
                {
                    var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                    var feature = new StreamResponseBodyFeature(new BufferedStream(original.Stream), original);
                    context.Features.Set<IHttpResponseBodyFeature>(feature);
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(original.Stream, original));
                    try { await next(context); } finally { context.Features.Set(original); }
                }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_FeaturesSet_OnFreshTestContext()
    {
        var source = Usings + """
            public static class TestSetup
            {
                public static HttpContext Create(Stream body)
                {
                    var context = new DefaultHttpContext();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                    var features = new FeatureCollection();
                    features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                    return context;
                }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_FeaturesSet_CollectionSettingUpItself()
    {
        var source = Usings + """
            public sealed class TestFeatures : FeatureCollection
            {
                public TestFeatures(Stream body)
                {
                    Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                    this.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_FeaturesSet_OtherFeatureKeyOrNonWrapper()
    {
        var source = Usings + """
            public sealed class Standalone : IHttpResponseBodyFeature
            {
                public Stream Stream => Stream.Null;
                public PipeWriter Writer => PipeWriter.Create(Stream);
                public void DisableBuffering() { }
                public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task CompleteAsync() => Task.CompletedTask;
            }

            public static class Install
            {
                public static void Run(HttpContext context, Stream stream)
                {
                    // Keyed by the concrete type: it does not replace the body feature.
                    context.Features.Set(new StreamResponseBodyFeature(stream));
                    // A type that cannot take a previous feature is not a wrapper.
                    context.Features.Set<IHttpResponseBodyFeature>(new Standalone());
                }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_AbstractMembers()
    {
        var source = Usings + """
            public abstract class FeatureBase : IHttpResponseBodyFeature
            {
                protected readonly IHttpResponseBodyFeature Inner;
                protected FeatureBase(IHttpResponseBodyFeature inner) => Inner = inner;
                public Stream Stream => Inner.Stream;
                public PipeWriter Writer => Inner.Writer;
                public abstract void DisableBuffering();
                public abstract Task StartAsync(CancellationToken cancellationToken = default);
                public virtual Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Inner.SendFileAsync(path, offset, count, cancellationToken);
                public virtual Task CompleteAsync() => Inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_WriterFromInnerWithOwnStream()
    {
        var source = Usings + """
            public sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private PipeWriter? _writer;
                public Feature(IHttpResponseBodyFeature inner) { _inner = inner; _writer = inner.Writer; }
                public Stream Stream => new BufferedStream(_inner.Stream);
                public PipeWriter Writer => _writer ?? _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync("#nullable enable\n" + source);
    }

    // ------------------------------------------------------------------ broken code

    [Fact]
    public async Task HalfTypedMembers_DoNotThrow()
    {
        var source = Usings + """
            public sealed class Half : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Half(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.
                public PipeWriter Writer => PipeWriter.Create(
                public void DisableBuffering() {
                public Task StartAsync(CancellationToken cancellationToken = default) =>
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new
                public Task CompleteAsync() => _inner.Complete
            }
            """;
        await VerifyBrokenAsync(source);
    }

    [Fact]
    public async Task MissingTypes_DoNotThrow()
    {
        var source = Usings + """
            public sealed class Missing : IHttpResponseBodyFeature, IUnknownFeature
            {
                private readonly IHttpResponseBodyFeatur _inner;
                private readonly UnknownStream _stream;
                public Missing(IHttpResponseBodyFeatur inner) => _inner = inner;
                public Stream Stream => _stream;
                public PipeWriter Writer => PipeWriter.Create(_stream);
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Unknown.SendFileAsync(_stream, path);
            }

            public static class Install
            {
                public static void Run(HttpContext context)
                    => context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(undefinedStream));
            }
            """;
        await VerifyBrokenAsync(source);
    }

    [Fact]
    public async Task SyntaxErrors_DoNotThrow()
    {
        var source = Usings + """
            public sealed class Broken : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner
                public Broken(IHttpResponseBodyFeature inner) => _inner = inner
                void IHttpResponseBodyFeature.() { }
                public Task StartAsync(CancellationToken  = ) => ;
                public static void Install(IFeatureCollection features) => features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(;
                public static void Install2(IFeatureCollection features) => features.Set<>(new Broken());
            """;
        await VerifyBrokenAsync(source);
    }

    /// <summary>Broken code: whatever the compiler says, the analyzer must not throw (AD0001 would fail the run).</summary>
    private static async Task VerifyBrokenAsync(string source)
    {
        var test = new Analyzer.Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        // Whatever SNOOP004 reports on broken code is acceptable; exceptions are not.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
        test.ExpectedDiagnostics.Clear();
        test.DisabledDiagnostics.Clear();
        await test.RunAsync(CancellationToken.None);
    }
}
