using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.CodeFixes.Rules;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>
/// Fix All without an equivalence key, the way <c>dotnet format analyzers</c> asks when the first diagnostic of its pass
/// belongs to another rule of the same analyzer: the key-matching fixers (SNOOP003, SNOOP004, SNOOP005, SNOOP006) fix
/// with their first action instead of fixing nothing.
/// </summary>
public class DefaultKeyFixAllTests
{
    private const string Handler = """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class LoggingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                response.Content = new StringContent(body);
                return response;
            }
        }
        """;

    private const string Feature = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http.Features;

        public sealed class TimingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;

            public TimingBodyFeature(IHttpResponseBodyFeature inner) => _inner = inner;

            public Stream Stream => _inner.Stream;

            public PipeWriter Writer => _inner.Writer;

            public void DisableBuffering()
            {
            }

            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => throw new NotImplementedException();

            public Task CompleteAsync() => Task.CompletedTask;
        }
        """;

    [Fact]
    public async Task NullKey_FixesWithTheFirstAction()
    {
        using var workspace = new AdhocWorkspace();
        var (solution, diagnostics, first) = await PassAsync(workspace);
        var fix = new BodyFeatureWrapperCodeFix();

        var action = await fix.GetFixAllProvider().GetFixAsync(Context(solution, first, fix, diagnostics));

        Assert.NotNull(action);
        var operation = Assert.IsType<ApplyChangesOperation>(Assert.Single(await action.GetOperationsAsync(CancellationToken.None)));
        var after = await AnalyzeAsync(operation.ChangedSolution.Projects.Single());
        Assert.DoesNotContain(after, d => d.Id == RuleIdentifiers.BodyFeatureDropsCapability);
        Assert.Contains(after, d => d.Id == RuleIdentifiers.ResponseContentReplaced);
    }

    [Fact]
    public async Task NullKey_WithoutTheWrapper_TheBatchFixerFixesNothing()
    {
        // The failure the wrapper exists for: the batch fixer matches actions by key, and a null key matches none.
        using var workspace = new AdhocWorkspace();
        var (solution, diagnostics, first) = await PassAsync(workspace);
        var fix = new BodyFeatureWrapperCodeFix();

        Assert.Null(await WellKnownFixAllProviders.BatchFixer.GetFixAsync(Context(solution, first, fix, diagnostics)));
    }

    [Fact]
    public async Task NullKey_NothingTheFixerFixes_NoAction()
    {
        using var workspace = new AdhocWorkspace();
        var (solution, diagnostics, first) = await PassAsync(workspace);
        var fix = new BodyFeatureWrapperCodeFix();
        var others = diagnostics.Where(d => d.Id != RuleIdentifiers.BodyFeatureDropsCapability).ToImmutableArray();

        Assert.Null(await fix.GetFixAllProvider().GetFixAsync(Context(solution, first, fix, others)));
    }

    [Fact]
    public async Task NullKey_Snoop007_FixesEachSwapWithItsOwnKind()
    {
        // A counting wrapper (becomes BeginMetrics) and a hashing one (becomes an observer) in one file: a key picks one
        // kind; without a key both are fixed.
        var source = Rules.BodyReplacedByWrapperTests.Usings + """
            using Microsoft.AspNetCore.Http.Features;

            public class A(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    context.Response.Body = new CountingStream(context.Response.Body);
                    await next(context);
                }
            }

            public class ETagMiddleware(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    var hashing = new HashingStream(previous.Stream);
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(hashing, previous));
                    try { await next(context); }
                    finally { context.Features.Set(previous); }
                    context.Items["sha256"] = Convert.ToHexString(hashing.GetHash());
                }
            }

            """ + Rules.BodyReplacedByWrapperTests.HashingStream + Rules.BodyReplacedByWrapperTests.CountingStream;
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Test", LanguageNames.CSharp)
            .WithMetadataReferences(TestReferences.AspNetCore80.Add(TestReferences.SnoopRuntime))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var document = project.AddDocument("Middleware.cs", SourceText.From(source), filePath: "/src/Middleware.cs");
        var diagnostics = await AnalyzeAsync(document.Project);
        Assert.Equal(2, diagnostics.Count(d => d.Id == RuleIdentifiers.BodyReplacedByWrapper));
        var fix = new BodyReplacedByWrapperCodeFix();
        var context = new FixAllContext(document, fix, FixAllScope.Solution, codeActionEquivalenceKey: null!, [RuleIdentifiers.BodyReplacedByWrapper], new Pass(diagnostics), CancellationToken.None);

        var action = await fix.GetFixAllProvider().GetFixAsync(context);

        Assert.NotNull(action);
        var operation = Assert.IsType<ApplyChangesOperation>(Assert.Single(await action.GetOperationsAsync(CancellationToken.None)));
        var text = (await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("ResponseCapture.BeginMetrics(context)", text);
        Assert.Contains("ResponseCapture.Observe(context", text);
        Assert.DoesNotContain(await AnalyzeAsync(operation.ChangedSolution.GetProject(project.Id)!), d => d.Id == RuleIdentifiers.BodyReplacedByWrapper);
    }

    /// <summary>
    /// One project with a SNOOP008 handler (first, as <c>dotnet format</c> may see it) and a SNOOP004 feature; the
    /// diagnostics of both shipped analyzers, as one pass.
    /// </summary>
    private static async Task<(Solution Solution, ImmutableArray<Diagnostic> Diagnostics, Document First)> PassAsync(AdhocWorkspace workspace)
    {
        var project = workspace.AddProject("Test", LanguageNames.CSharp)
            .WithMetadataReferences(TestReferences.AspNetCore80.Add(TestReferences.SnoopRuntime))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var handler = project.AddDocument("A_Handler.cs", SourceText.From(Handler), filePath: "/src/A_Handler.cs");
        var feature = handler.Project.AddDocument("B_Feature.cs", SourceText.From(Feature), filePath: "/src/B_Feature.cs");
        var diagnostics = await AnalyzeAsync(feature.Project);
        Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.BodyFeatureDropsCapability);
        Assert.Equal(RuleIdentifiers.ResponseContentReplaced, diagnostics.OrderBy(d => d.Location.SourceTree!.FilePath).First().Id);
        return (feature.Project.Solution, diagnostics, feature.Project.GetDocument(handler.Id)!);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation.WithAnalyzers([.. RuleAnalyzers.Shipped]).GetAnalyzerDiagnosticsAsync();
    }

    private static FixAllContext Context(Solution solution, Document document, CodeFixProvider fix, ImmutableArray<Diagnostic> diagnostics)
        => new(document, fix, FixAllScope.Solution, codeActionEquivalenceKey: null!, [RuleIdentifiers.BodyFeatureDropsCapability], new Pass(diagnostics), CancellationToken.None);

    /// <summary>Every diagnostic of the pass, whatever its ID, as <c>dotnet format</c> hands them over.</summary>
    private sealed class Pass(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToArray());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
