using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Hosting.Tests;

/// <summary>
/// Does what an editor does: runs Snoop's analyzers over a document, asks the code-fix providers for actions
/// at each diagnostic, applies the first one through the workspace, and repeats. Then compiles the result
/// against the real framework and the real Snoop runtime and loads it.
/// </summary>
internal static class FixApplier
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
        typeof(Snoop.Analyzers.RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static readonly ImmutableArray<CodeFixProvider> s_fixers =
        AppDomain.CurrentDomain.Load("Snoop.CodeFixes").GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The framework the test runs on (implementation assemblies) plus the Snoop runtime next to the tests.</summary>
    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12);

    public static Task<FixResult> FixAsync(string source, params string[] ids) => FixWithActionAsync(source, equivalenceKey: null, ids);

    /// <summary>As <see cref="FixAsync"/>, choosing the action with <paramref name="equivalenceKey"/> where a fixer offers several.</summary>
    public static async Task<FixResult> FixWithActionAsync(string source, string? equivalenceKey, params string[] ids)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Naive",
            "Naive",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: s_parseOptions,
            metadataReferences: s_references));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Naive.cs", SourceText.From(source));

        var applied = new List<string>();
        var offeredNoFix = new HashSet<string>();
        for (var round = 0; round < 20; round++)
        {
            var document = solution.GetDocument(documentId)!;
            var diagnostics = await GetDiagnosticsAsync(document.Project);
            var next = await FindFixAsync(document, diagnostics, ids, offeredNoFix, equivalenceKey);
            if (next is null)
            {
                break;
            }

            var (diagnostic, action) = next.Value;
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            applied.Add($"{diagnostic.Id}: {action.Title}");
        }

        var finalDocument = solution.GetDocument(documentId)!;
        var remaining = await GetDiagnosticsAsync(finalDocument.Project);
        var text = (await finalDocument.GetTextAsync()).ToString();
        return new FixResult(text, applied, remaining.Where(d => d.Id.StartsWith("SNOOP", StringComparison.Ordinal)).Select(d => d.Id).ToArray());
    }

    /// <summary>Compiles <paramref name="source"/> against the framework and the runtime; fails the test with the compiler's errors.</summary>
    public static Assembly Compile(string source, string name)
    {
        var compilation = CSharpCompilation.Create(
            name + "_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, s_parseOptions)],
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(result.Success, $"{name} does not compile:\n{string.Join("\n", errors.Select(e => e.ToString()))}\n\n{source}");
        image.Position = 0;
        return new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(image);
    }

    private static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(s_analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: (ex, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", ex), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    private static async Task<(Diagnostic, CodeAction)?> FindFixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string[] ids, HashSet<string> offeredNoFix, string? equivalenceKey)
    {
        foreach (var id in ids)
        {
            foreach (var diagnostic in diagnostics.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start))
            {
                var key = $"{diagnostic.Id}@{diagnostic.Location.SourceSpan}";
                if (offeredNoFix.Contains(key))
                {
                    continue;
                }

                foreach (var fixer in s_fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
                {
                    var actions = new List<CodeAction>();
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                    await fixer.RegisterCodeFixesAsync(context);
                    var chosen = equivalenceKey is null ? actions.FirstOrDefault() : actions.FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
                    if (chosen is not null)
                    {
                        return (diagnostic, chosen);
                    }
                }

                offeredNoFix.Add(key);
            }
        }

        return null;
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var frameworkDirectories = new[]
        {
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!,
        };
        var files = frameworkDirectories
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.dll"))
            .Where(IsManagedAssembly)
            .Append(typeof(ResponseCapture).Assembly.Location);
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}

internal sealed record FixResult(string Source, IReadOnlyList<string> Applied, IReadOnlyList<string> Remaining);
