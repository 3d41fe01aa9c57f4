using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests;

/// <summary>
/// Generated code, once for every rule: each rule of the Snoop.Analyzers assembly (found by reflection, so a new rule is
/// covered as soon as it exists), run by the shipped analyzer that hosts it, fires on its sample in a user file, and is
/// silent on the same sample in a
/// <c>*.g.cs</c>, <c>*.generated.cs</c> or <c>*.designer.cs</c> file, under an <c>&lt;auto-generated&gt;</c> header, or on a type marked
/// <c>[GeneratedCode]</c>. A new rule fails <see cref="Fires_InAUserFile"/> until it has a sample in <see cref="Samples"/>.
/// </summary>
public class GeneratedCodeTests
{
    /// <summary>Where the <c>[GeneratedCode]</c> attribute goes: the line before the type that holds the finding.</summary>
    private const string Attribute = "/*[GeneratedCode]*/";

    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    /// <summary>One firing sample per analyzer, by analyzer type name.</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["BufferedResponseBodyRule"] = """
            /*[GeneratedCode]*/
            public class BodyLogger(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await next(context);
                    buffer.Position = 0;
                    Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
            """,
        ["BodyNotRestoredRule"] = """
            /*[GeneratedCode]*/
            public class Swapper(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """,
        ["StreamWrapperRule"] = """
            /*[GeneratedCode]*/
            public sealed class Blocking(Stream inner) : Stream
            {
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() => inner.Flush();
                public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            }
            """,
        ["BodyFeatureWrapperRule"] = """
            /*[GeneratedCode]*/
            public sealed class Dropping(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                public Stream Stream => inner.Stream;
                public PipeWriter Writer => inner.Writer;
                public void DisableBuffering() { }
                public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task CompleteAsync() => Task.CompletedTask;
            }
            """,
        ["BodyFeatureInstallRule"] = """
            /*[GeneratedCode]*/
            public static class Setup
            {
                public static void Install(HttpContext context, Stream stream)
                    => context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(stream));
            }
            """,
        ["HttpAbstractionWrapperRule"] = """
            /*[GeneratedCode]*/
            public sealed class Wrapper(HttpResponse inner) : HttpResponse
            {
                public override HttpContext HttpContext => inner.HttpContext;
                public override int StatusCode { get => inner.StatusCode; set => inner.StatusCode = value; }
                public override IHeaderDictionary Headers => inner.Headers;
                public override Stream Body { get => inner.Body; set => inner.Body = value; }
                public override long? ContentLength { get => inner.ContentLength; set => inner.ContentLength = value; }
                public override string ContentType { get => inner.ContentType; set => inner.ContentType = value; }
                public override IResponseCookies Cookies => inner.Cookies;
                public override bool HasStarted => inner.HasStarted;
                public override void OnStarting(Func<object, Task> callback, object state) => inner.OnStarting(callback, state);
                public override void OnCompleted(Func<object, Task> callback, object state) => inner.OnCompleted(callback, state);
                public override void Redirect(string location, bool permanent) => inner.Redirect(location, permanent);
            }
            """,
        ["PipeWriterWrapperRule"] = """
            /*[GeneratedCode]*/
            public sealed class Wrapper(PipeWriter inner) : PipeWriter
            {
                public override void Advance(int bytes) => inner.Advance(bytes);
                public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
                public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
                public override void CancelPendingFlush() => inner.CancelPendingFlush();
                public override void Complete(Exception exception = null) => inner.Complete(exception);
                public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
            }
            """,
        ["BodyReplacedByWrapperRule"] = """
            public sealed class CountingStream(Stream inner) : Stream
            {
                public long BytesWritten { get; private set; }
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
                public override void Write(byte[] buffer, int offset, int count) { BytesWritten += count; inner.Write(buffer, offset, count); }
                public override void Write(ReadOnlySpan<byte> buffer) { BytesWritten += buffer.Length; inner.Write(buffer); }
                public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { BytesWritten += count; await inner.WriteAsync(buffer, offset, count, cancellationToken); }
                public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { BytesWritten += buffer.Length; return inner.WriteAsync(buffer, cancellationToken); }
            }

            /*[GeneratedCode]*/
            public class Metering(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    var counting = new CountingStream(original);
                    context.Response.Body = counting;
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }

                    Console.WriteLine(counting.BytesWritten);
                }
            }
            """,
        ["ResponseContentReplacedRule"] = """
            /*[GeneratedCode]*/
            public sealed class LoggingHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    response.Content = new StringContent(text);
                    return response;
                }
            }
            """,
    };

    public static TheoryData<string> Rules()
    {
        var data = new TheoryData<string>();
        foreach (var type in RuleTypes())
        {
            data.Add(type.Name);
        }

        return data;
    }

    public static TheoryData<string, string> GeneratedVariants()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in RuleTypes())
        {
            foreach (var variant in new[] { "g.cs file", "generated.cs file", "designer.cs file", "auto-generated header", "auto-generated block header", "GeneratedCode attribute" })
            {
                data.Add(type.Name, variant);
            }
        }

        return data;
    }

    [Fact]
    public void EverySampleNamesARuleOfTheAssembly()
    {
        // Guards the reflection and the table: no sample is left behind by a renamed or removed rule, and the
        // reflection finds the rules (SNOOP004's install check included).
        var names = RuleTypes().Select(t => t.Name).ToHashSet();
        Assert.Subset(names, Samples.Keys.ToHashSet());
        Assert.Contains("BodyFeatureInstallRule", names);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Fires_InAUserFile(string ruleName)
    {
        Assert.True(Samples.ContainsKey(ruleName), $"{ruleName} has no firing sample in {nameof(GeneratedCodeTests)}.{nameof(Samples)}: add one, so that its generated-code behaviour is tested.");
        var diagnostics = await RunAsync(ruleName, "Sample.cs", Usings + Samples[ruleName].Replace(Attribute, string.Empty));
        Assert.NotEmpty(diagnostics);
    }

    [Theory]
    [MemberData(nameof(GeneratedVariants))]
    public async Task Silent_InGeneratedCode(string ruleName, string variant)
    {
        Assert.True(Samples.ContainsKey(ruleName), $"{ruleName} has no firing sample in {nameof(GeneratedCodeTests)}.{nameof(Samples)}.");
        var sample = Samples[ruleName];
        Assert.Contains(Attribute, sample);
        var user = sample.Replace(Attribute, string.Empty);
        var (path, source) = variant switch
        {
            "g.cs file" => ("Sample.g.cs", Usings + user),
            "generated.cs file" => ("Sample.generated.cs", Usings + user),
            "designer.cs file" => ("Sample.designer.cs", Usings + user),
            "auto-generated header" => ("Sample.cs", "// <auto-generated/>\n" + Usings + user),
            "auto-generated block header" => ("Sample.cs", "// <auto-generated>\n//     by a tool\n// </auto-generated>\n" + Usings + user),
            "GeneratedCode attribute" => ("Sample.cs", Usings + sample.Replace(Attribute, "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")]")),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
        var diagnostics = await RunAsync(ruleName, path, source);
        Assert.Empty(diagnostics);
    }

    private static IEnumerable<Type> RuleTypes() => RuleAnalyzers.RuleTypes;

    /// <summary>
    /// The diagnostics of the rule's IDs that its shipped host reports on one file (the sample must compile; an analyzer
    /// exception fails).
    /// </summary>
    private static async Task<ImmutableArray<Diagnostic>> RunAsync(string ruleName, string path, string source)
    {
        var ruleType = RuleTypes().Single(t => t.Name == ruleName);
        var analyzer = RuleAnalyzers.HostOf(ruleType);
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), path);
        var compilation = CSharpCompilation.Create(
            "GeneratedCodeSample",
            [tree],
            [.. TestReferences.AspNetCore80, TestReferences.SnoopRuntime],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers([analyzer], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(exceptions);
        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        Assert.All(diagnostics, d => Assert.Contains(d.Id, ids));
        var ruleIds = ((SnoopRule)Activator.CreateInstance(ruleType)!).SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        return diagnostics.Where(d => ruleIds.Contains(d.Id)).ToImmutableArray();
    }
}
