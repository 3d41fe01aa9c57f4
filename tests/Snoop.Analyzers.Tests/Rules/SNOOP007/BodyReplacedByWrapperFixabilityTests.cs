using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.CodeFixes.Rules;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Shared;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP007's fixability facts: the analyzer says why the rewrite does not apply (<see cref="DiagnosticProperties.NotFixableKey"/>),
/// and the fixer registers from that alone (plus the compile-error precondition). Each shape here is one the rewrite rejects; the
/// look-alikes beside them are fixable (no <see cref="DiagnosticProperties.NotFixableKey"/>).
/// </summary>
public class BodyReplacedByWrapperFixabilityTests
{
    private const string CountingStream = BodyReplacedByWrapperTests.CountingStream;
    private const string WriteOnly = BodyReplacedByWrapperTests.WriteOnly;

    private static async Task<ImmutableDictionary<string, string?>> SinglePropertiesAsync(string source)
    {
        var compilation = Snippet.Compile(source).Compilation;
        var diagnostics = await compilation.WithAnalyzers([RuleAnalyzers.Alone<BodyReplacedByWrapperRule>()]).GetAnalyzerDiagnosticsAsync();
        return Assert.Single(diagnostics).Properties;
    }

    private static string Counting(string body) => """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
        BODY
            }

            private static void Log(CountingStream counter) => Console.WriteLine(counter.BytesWritten);
        }

        """.Replace("BODY", body) + CountingStream;

    // ---------------------------------------------------------------- the wrapper

    [Fact]
    public async Task Fires_WrapperHandedToAnotherMethod_NotFixable_WrapperUsedOtherwise()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var counter = new CountingStream(context.Response.Body);
                    context.Response.Body = counter;
                    await next(context);
                    Log(counter);
            """));
        Assert.Equal(DiagnosticProperties.KindCounts, properties[DiagnosticProperties.KindKey]);
        Assert.Equal(DiagnosticProperties.NotFixableWrapperUsedOtherwise, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_BodyCastToTheWrapper_NotFixable_WrapperUsedOtherwise()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var counter = new CountingStream(context.Response.Body);
                    context.Response.Body = counter;
                    await next(context);
                    Console.WriteLine(((CountingStream)context.Response.Body).BytesWritten);
            """));
        Assert.Equal(DiagnosticProperties.NotFixableWrapperUsedOtherwise, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_CountReadAfterTheRequest_IsFixable()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var counter = new CountingStream(context.Response.Body);
                    context.Response.Body = counter;
                    await next(context);
                    Console.WriteLine(counter.BytesWritten);
                    counter.Dispose();
            """));
        Assert.Equal(DiagnosticProperties.KindCounts, properties[DiagnosticProperties.KindKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    // ---------------------------------------------------------------- the kept original

    [Fact]
    public async Task Fires_OriginalFlushedByTheMiddleware_NotFixable_OriginalUsedOtherwise()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var original = context.Response.Body;
                    context.Response.Body = new CountingStream(original);
                    try { await next(context); }
                    finally
                    {
                        context.Response.Body = original;
                        await original.FlushAsync();
                    }
            """));
        Assert.Equal(DiagnosticProperties.NotFixableOriginalUsedOtherwise, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_OriginalOnlyRestored_IsFixable()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var original = context.Response.Body;
                    context.Response.Body = new CountingStream(original);
                    try { await next(context); }
                    finally { context.Response.Body = original; }
            """));
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    // ---------------------------------------------------------------- the previous feature

    [Fact]
    public async Task Fires_FeatureSet_PreviousFeatureCompleted_NotFixable_PreviousFeatureUsedOtherwise()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new CountingStream(previous.Stream), previous));
                    try { await next(context); }
                    finally
                    {
                        await previous.CompleteAsync();
                        context.Features.Set(previous);
                    }
            """));
        Assert.Equal(DiagnosticProperties.InstallFeature, properties[DiagnosticProperties.InstallKey]);
        Assert.Equal(DiagnosticProperties.NotFixablePreviousFeatureUsedOtherwise, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_FeatureSet_PreviousFeatureOnlyRestored_IsFixable()
    {
        var properties = await SinglePropertiesAsync(Counting("""
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new CountingStream(previous.Stream), previous));
                    try { await next(context); }
                    finally { context.Features.Set(previous); }
            """));
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    // ---------------------------------------------------------------- a hand-written feature

    [Fact]
    public async Task Fires_FeatureWrapper_FeatureStoredInItems_NotFixable_WrapperUsedOtherwise()
    {
        var properties = await SinglePropertiesAsync("""
            public class UsageMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    var metering = new MeteringFeature(previous);
                    context.Features.Set<IHttpResponseBodyFeature>(metering);
                    context.Items["metering"] = metering;
                    await next(context);
                }
            }

            """ + BodyReplacedByWrapperFeatureWrapperTests.MeteringFeature + CountingStream);
        Assert.Equal(DiagnosticProperties.InstallFeatureWrapper, properties[DiagnosticProperties.InstallKey]);
        Assert.Equal(DiagnosticProperties.NotFixableWrapperUsedOtherwise, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_FeatureWrapper_CountReadAfterTheRequest_IsFixable()
    {
        var properties = await SinglePropertiesAsync("""
            public class UsageMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    var metering = new MeteringFeature(previous);
                    context.Features.Set<IHttpResponseBodyFeature>(metering);
                    try { await next(context); }
                    finally { context.Features.Set(previous); }
                    Console.WriteLine(metering.BytesWritten);
                }
            }

            """ + BodyReplacedByWrapperFeatureWrapperTests.MeteringFeature + CountingStream);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    // ---------------------------------------------------------------- an observing wrapper

    private static string Observing(string writes) => """
        public class AuditMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var audit = new AuditStream(original);
                context.Response.Body = audit;
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        public sealed class AuditStream(Stream _inner) : Stream
        {
            public int Writes { get; private set; }
            public long Last { get; private set; }
        """ + WriteOnly + writes + """

        }
        """;

    [Fact]
    public async Task Fires_Observes_NoSpanWriteOverride_NotFixable_NoObserver()
    {
        var properties = await SinglePropertiesAsync(Observing("""
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Console.WriteLine(count);
                    _inner.Write(buffer, offset, count);
                }
            """));
        Assert.Equal(DiagnosticProperties.KindObserves, properties[DiagnosticProperties.KindKey]);
        Assert.Equal(DiagnosticProperties.NotFixableNoObserver, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_Observes_OverloadsDoDifferentThings_NotFixable_NoObserver()
    {
        var properties = await SinglePropertiesAsync(Observing("""
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Console.WriteLine(count);
                    _inner.Write(buffer, offset, count);
                }
                public override void Write(ReadOnlySpan<byte> buffer)
                {
                    Console.Error.WriteLine(buffer.Length);
                    _inner.Write(buffer);
                }
            """));
        Assert.Equal(DiagnosticProperties.NotFixableNoObserver, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Fires_Observes_OverloadsDoTheSame_IsFixable()
    {
        var properties = await SinglePropertiesAsync(Observing("""
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Console.WriteLine(count);
                    _inner.Write(buffer, offset, count);
                }
                public override void Write(ReadOnlySpan<byte> buffer)
                {
                    Console.WriteLine(buffer.Length);
                    _inner.Write(buffer);
                }
            """));
        Assert.Equal(DiagnosticProperties.KindObserves, properties[DiagnosticProperties.KindKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    // ---------------------------------------------------------------- no block

    [Fact]
    public async Task Fires_TopLevelStatements_NotFixable_NoBlock()
    {
        var compilation = CSharpCompilation.Create(
            "Test",
            [CSharpSyntaxTree.ParseText(BodyReplacedByWrapperTests.Usings + """
                var context = new HttpContextAccessor().HttpContext!;
                var counter = new CountingStream(context.Response.Body);
                context.Response.Body = counter;
                Console.WriteLine(counter.BytesWritten);

                """ + CountingStream, new CSharpParseOptions(LanguageVersion.Latest))],
            TestReferences.AspNetCore80,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var diagnostic = Assert.Single(await compilation.WithAnalyzers([RuleAnalyzers.Alone<BodyReplacedByWrapperRule>()]).GetAnalyzerDiagnosticsAsync());
        Assert.Equal(DiagnosticProperties.NotFixableNoBlock, diagnostic.Properties[DiagnosticProperties.NotFixableKey]);
    }

    // ---------------------------------------------------------------- a shape the analyzer does not foresee

    /// <summary>
    /// The wrapper is created, then other work runs before the install: the capture cannot begin where the wrapper was
    /// created. The analyzer does not foresee it (the fix is offered); applied, the action hands the document back unchanged.
    /// </summary>
    [Fact]
    public async Task Fires_WrapperCreatedBeforeOtherWork_NotFixable_WrapperCreatedApart()
    {
        // Was a gap: the fix was offered and gave the document back unchanged (the capture must begin at the install).
        var source = Gap("""context.Items["started"] = DateTime.UtcNow;""");
        var (diagnostic, actions) = await ReportAndRegisterAsync(source);
        Assert.Equal(DiagnosticProperties.NotFixableWrapperCreatedApart, diagnostic.Properties[DiagnosticProperties.NotFixableKey]);
        Assert.Empty(actions);
    }

    /// <summary>The same harness on the adjacent form: the action rewrites (so the unchanged document above is the gap, not the harness).</summary>
    [Fact]
    public async Task Fix_WrapperCreatedRightBeforeTheInstall_Offered_Rewrites()
    {
        var source = Gap(string.Empty);
        var (offered, applied) = await ApplyTheOnlyFixAsync(source);
        Assert.Equal(1, offered);
        Assert.Contains("ResponseCapture.BeginMetrics(context)", applied);
        Assert.Contains("capture.BytesWritten", applied);
    }

    private static string Gap(string work) => BodyReplacedByWrapperTests.Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var counter = new CountingStream(context.Response.Body);
                WORK
                context.Response.Body = counter;
                await next(context);
                Console.WriteLine(counter.BytesWritten);
            }
        }

        """.Replace("WORK", work) + CountingStream;

    /// <summary>Reports SNOOP007 on <paramref name="source"/> (one diagnostic) and collects the actions the fixer registers for it.</summary>
    private static async Task<(Diagnostic Diagnostic, List<CodeAction> Actions)> ReportAndRegisterAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        var (diagnostic, actions, _) = await ReportAndRegisterAsync(workspace, source);
        return (diagnostic, actions);
    }

    private static async Task<(Diagnostic Diagnostic, List<CodeAction> Actions, Document Document)> ReportAndRegisterAsync(AdhocWorkspace workspace, string source)
    {
        var project = workspace.AddProject("Test", LanguageNames.CSharp)
            .WithMetadataReferences(TestReferences.AspNetCore80.Add(TestReferences.SnoopRuntime))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var document = project.AddDocument("Test.cs", SourceText.From(source));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostic = Assert.Single(await compilation.WithAnalyzers([RuleAnalyzers.Alone<BodyReplacedByWrapperRule>()]).GetAnalyzerDiagnosticsAsync());
        var actions = new List<CodeAction>();
        await new BodyReplacedByWrapperCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return (diagnostic, actions, document);
    }

    /// <summary>Reports SNOOP007 on <paramref name="source"/>, and applies the one action the fixer offers: how many were offered, and the text after.</summary>
    private static async Task<(int Offered, string Applied)> ApplyTheOnlyFixAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        var (diagnostic, actions, document) = await ReportAndRegisterAsync(workspace, source);
        Assert.False(diagnostic.Properties.ContainsKey(DiagnosticProperties.NotFixableKey));
        if (actions.Count != 1)
        {
            return (actions.Count, source);
        }

        var operation = Assert.IsType<ApplyChangesOperation>(Assert.Single(await actions[0].GetOperationsAsync(CancellationToken.None)));
        var applied = await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync();
        return (1, applied.ToString());
    }
}
