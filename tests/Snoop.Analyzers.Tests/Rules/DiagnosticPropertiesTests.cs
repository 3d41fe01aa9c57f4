using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.Analyzers.Tests.Shared;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// The facts each analyzer emits as <c>Diagnostic.Properties</c> (what its fixer reads): SNOOP001's fixable-or-why-not,
/// consumption, copy-back and headers; SNOOP002's restore kind and fixability; SNOOP003's and SNOOP006's fixability;
/// SNOOP004's kind, member and holder.
/// </summary>
public class DiagnosticPropertiesTests
{
    private const string Middleware = """
        public class Logging(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                    BODY
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """;

    private static async Task<ImmutableDictionary<string, string?>> SinglePropertiesAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = Snippet.Compile(source).Compilation;
        var diagnostics = await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync();
        return Assert.Single(diagnostics).Properties;
    }

    private static Task<ImmutableDictionary<string, string?>> Snoop001Async(string body)
        => SinglePropertiesAsync(RuleAnalyzers.Alone<BufferedResponseBodyRule>(), Middleware.Replace("BODY", body));

    [Fact]
    public async Task Snoop001_TextCopiedBack_IsFixable()
    {
        var properties = await Snoop001Async("""
            buffer.Position = 0;
            var text = await new StreamReader(buffer).ReadToEndAsync();
            buffer.Position = 0;
            await buffer.CopyToAsync(originalBody);
            """);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
        Assert.Equal(DiagnosticProperties.ConsumptionText, properties[DiagnosticProperties.ConsumptionKey]);
        Assert.Equal(nameof(CopyBack.Unchanged), properties[DiagnosticProperties.CopyBackKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.HeadersChangedKey));
    }

    [Fact]
    public async Task Snoop001_LengthOnly_IsFixable_WithLengthConsumption()
    {
        var properties = await Snoop001Async("""
            var length = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(originalBody);
            """);
        Assert.True(properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Equal(DiagnosticProperties.ConsumptionLength, properties[DiagnosticProperties.ConsumptionKey]);
    }

    [Fact]
    public async Task Fires_Snoop001_EnvelopeWritten_SaysBytesChanged()
    {
        var properties = await Snoop001Async("""
            var bytes = buffer.ToArray();
            await originalBody.WriteAsync(Encoding.UTF8.GetBytes("{\"data\":"));
            await originalBody.WriteAsync(bytes);
            """);
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Equal(nameof(NotFixableReason.BytesChanged), properties[DiagnosticProperties.NotFixableKey]);
        Assert.Equal(nameof(CopyBack.Changed), properties[DiagnosticProperties.CopyBackKey]);
    }

    [Fact]
    public async Task Fires_Snoop001_HeaderSetAfterTheHandler_SaysSo()
    {
        var properties = await Snoop001Async("""
            context.Response.Headers["X-Length"] = buffer.Length.ToString();
            buffer.Position = 0;
            await buffer.CopyToAsync(originalBody);
            """);
        Assert.Equal(nameof(NotFixableReason.HeadersChangedAfterHandler), properties[DiagnosticProperties.NotFixableKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.HeadersChangedKey]);
    }

    [Fact]
    public async Task Fires_Snoop001_NothingCopiedBack_SaysNoCopyBack()
    {
        var properties = await Snoop001Async("var length = buffer.Length;");
        Assert.Equal(nameof(NotFixableReason.NoCopyBack), properties[DiagnosticProperties.NotFixableKey]);
        Assert.Equal(nameof(CopyBack.Missing), properties[DiagnosticProperties.CopyBackKey]);
    }

    [Fact]
    public async Task Snoop002_SuccessPathOnly_IsFixable()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<BodyNotRestoredRule>(), """
            public class Swap(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new BufferedStream(original);
                    await next(context);
                    context.Response.Body = original;
                }
            }
            """);
        Assert.Equal(nameof(RestoreKind.SuccessPathOnly), properties[DiagnosticProperties.RestoreKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
    }

    [Fact]
    public async Task Snoop002_RestoreInACatchThatDoesNotRethrow_IsNotFixable()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<BodyNotRestoredRule>(), """
            public class Swap(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new BufferedStream(original);
                    try
                    {
                        await next(context);
                    }
                    catch (Exception)
                    {
                        context.Response.Body = original;
                    }
                }
            }
            """);
        Assert.Equal(nameof(RestoreKind.CatchOnly), properties[DiagnosticProperties.RestoreKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
    }

    [Fact]
    public async Task Snoop004_EmptyMember_NamesTheMemberAndTheHolder()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<BodyFeatureWrapperRule>(), """
            public sealed class Feature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """);
        Assert.Equal(DiagnosticProperties.KindMember, properties[DiagnosticProperties.KindKey]);
        Assert.Equal("StartAsync", properties[DiagnosticProperties.MemberKey]);
        Assert.Equal("_inner", properties[DiagnosticProperties.InnerKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
    }

    [Fact]
    public async Task Snoop004_Install_IsTheSetKind()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<BodyFeatureInstallRule>(), """
            public sealed class Install(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new BufferedStream(context.Response.Body)));
                    return next(context);
                }
            }
            """);
        Assert.Equal(DiagnosticProperties.KindSet, properties[DiagnosticProperties.KindKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
    }

    private const string Snoop003Wrapper = """
        public sealed class CountingStream(Stream inner) : Stream
        {
            public long Count { get; private set; }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count)
            {
                WRITE
            }
        }
        """;

    [Fact]
    public async Task Snoop003_TranslatableWrite_IsFixable()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<StreamWrapperRule>(), Snoop003Wrapper.Replace("WRITE", "Count += count; inner.Write(buffer, offset, count);"));
        Assert.Equal(DiagnosticProperties.KindAsync, properties[DiagnosticProperties.KindKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    /// <summary>
    /// Compile errors in the member the fix translates are the fixer's to check (it offers nothing then:
    /// StreamWrapperCompileErrorTests); the analyzer's fact is the shape alone, so it asks the compiler nothing. (An
    /// unresolved name or call still makes the body untranslatable: the translator does not guess what it is.)
    /// </summary>
    [Fact]
    public async Task Snoop003_ErrorInTheTranslatedWrite_IsFixableByShape()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<StreamWrapperRule>(), Snoop003Wrapper.Replace("WRITE", "Count += count; string last = count; inner.Write(buffer, offset, count);"));
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    [Fact]
    public async Task Snoop003_InnerWriteInALoop_IsNotFixable()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<StreamWrapperRule>(), Snoop003Wrapper.Replace("WRITE", "for (var i = 0; i < 2; i++) { inner.Write(buffer, offset, count); }"));
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Equal(DiagnosticProperties.NotTranslatable, properties[DiagnosticProperties.NotFixableKey]);
    }

    private const string Snoop006Wrapper = """
        public sealed class ObservingWriter(System.IO.Pipelines.PipeWriter inner) : System.IO.Pipelines.PipeWriter
        {
            public override void Advance(int bytes) => inner.Advance(bytes);
            public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
            public override void CancelPendingFlush() => inner.CancelPendingFlush();
            public override ValueTask<System.IO.Pipelines.FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
            public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => inner.UnflushedBytes;
            public override void Complete(Exception? exception = null)
            {
                COMPLETE
            }
        }
        """;

    [Fact]
    public async Task Snoop006_TranslatableComplete_IsFixable()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<PipeWriterWrapperRule>(), Snoop006Wrapper.Replace("COMPLETE", "inner.Complete(exception);"));
        Assert.Equal(DiagnosticProperties.CompleteAsyncFinding, properties[DiagnosticProperties.FindingsKey]);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    /// <summary>As for SNOOP003: an error in <c>Complete</c> is the fixer's to check (PipeWriterWrapperCompileErrorTests).</summary>
    [Fact]
    public async Task Snoop006_ErrorInTheTranslatedComplete_IsFixableByShape()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<PipeWriterWrapperRule>(), Snoop006Wrapper.Replace("COMPLETE", "int attempts = \"one\"; inner.Complete(exception);"));
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    [Fact]
    public async Task Snoop006_InnerCompleteInALoop_IsNotFixable()
    {
        var properties = await SinglePropertiesAsync(RuleAnalyzers.Alone<PipeWriterWrapperRule>(), Snoop006Wrapper.Replace("COMPLETE", "for (var i = 0; i < 1; i++) { inner.Complete(exception); }"));
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Equal(DiagnosticProperties.NotTranslatable, properties[DiagnosticProperties.NotFixableKey]);
    }
}
