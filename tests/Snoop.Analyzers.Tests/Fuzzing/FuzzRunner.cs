using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>
/// Runs every Snoop analyzer and every Snoop fixer over one input the way an IDE would, and reports what went
/// wrong: an analyzer or fixer exception, or an offered fix whose document has compiler errors the input did not have.
/// </summary>
internal sealed class FuzzRunner : IDisposable
{
    private const int MaxDiagnosticsFixedPerInput = 3;
    private const int MaxActionsPerDiagnostic = 2;

    private readonly AdhocWorkspace _workspace = new();
    private readonly DocumentId _documentId;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableArray<CodeFixProvider> _fixers;
    private Solution _solution;

    private FuzzRunner(ImmutableArray<MetadataReference> references)
    {
        _analyzers = typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        _fixers = Assembly.Load("Snoop.CodeFixes").GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var projectId = ProjectId.CreateNewId();
        _documentId = DocumentId.CreateNewId(projectId);
        _solution = _workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Fuzz",
                "Fuzz",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                metadataReferences: references))
            .AddDocument(_documentId, "Input.cs", SourceText.From(string.Empty));
    }

    private int _diagnosticsSeen;
    private int _fixesChecked;

    public int AnalyzerCount => _analyzers.Length;

    /// <summary>Snoop diagnostics reported over all inputs so far.</summary>
    public int DiagnosticsSeen => Volatile.Read(ref _diagnosticsSeen);

    /// <summary>Offered fixes applied and compiled over all inputs so far.</summary>
    public int FixesChecked => Volatile.Read(ref _fixesChecked);

    public int FixerCount => _fixers.Length;

    public static Task<FuzzRunner> CreateAsync()
        => Task.FromResult(new FuzzRunner(TestReferences.AspNetCore80.Add(TestReferences.SnoopRuntime)));

    public async Task<IReadOnlyList<string>> CheckAsync(FuzzInput input)
    {
        var failures = new List<string>();
        var document = _solution.WithDocumentText(_documentId, SourceText.From(input.Source)).GetDocument(_documentId)!;
        var compilation = (await document.Project.GetCompilationAsync())!;
        List<string>? errorsBefore = null;

        var analyzerExceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (analyzerExceptions)
                {
                    analyzerExceptions.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(_analyzers, options).GetAnalyzerDiagnosticsAsync();
        failures.AddRange(analyzerExceptions.Select(e => Describe(input, e)));
        failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => Describe(input, d.GetMessage())));

        var snoopDiagnostics = diagnostics.Where(d => d.Id.StartsWith("SNOOP", StringComparison.Ordinal)).ToArray();
        Interlocked.Add(ref _diagnosticsSeen, snoopDiagnostics.Length);
        foreach (var diagnostic in snoopDiagnostics.Take(MaxDiagnosticsFixedPerInput))
        {
            foreach (var fixer in _fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                try
                {
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                }
                catch (Exception ex)
                {
                    failures.Add(Describe(input, $"{fixer.GetType().Name}.RegisterCodeFixesAsync threw {ex.GetType().Name}: {ex.Message}"));
                    continue;
                }

                foreach (var action in actions.Take(MaxActionsPerDiagnostic))
                {
                    try
                    {
                        var operations = await action.GetOperationsAsync(CancellationToken.None);
                        var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                        var fixedDocument = changed?.GetDocument(_documentId);
                        if (fixedDocument is null)
                        {
                            continue;
                        }

                        var fixedCompilation = (await fixedDocument.Project.GetCompilationAsync())!;
                        Interlocked.Increment(ref _fixesChecked);
                        errorsBefore ??= Errors(compilation);
                        var added = Except(Errors(fixedCompilation), errorsBefore);
                        if (added.Count > 0)
                        {
                            var text = (await fixedDocument.GetTextAsync()).ToString();
                            failures.Add(Describe(input, $"fix '{action.Title}' for {diagnostic.Id} added errors: {string.Join("; ", added.Take(3))}\n--- fixed ---\n{text}"));
                        }
                    }
                    catch (Exception ex)
                    {
                        failures.Add(Describe(input, $"fix '{action.Title}' for {diagnostic.Id} threw {ex.GetType().Name}: {ex.Message}"));
                    }
                }
            }
        }

        return failures;
    }

    public void Dispose() => _workspace.Dispose();

    /// <summary>Compiler errors as a multiset of "ID: message" (locations move when code is rewritten).</summary>
    private static List<string> Errors(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id}: {d.GetMessage()}")
            .OrderBy(e => e, StringComparer.Ordinal)
            .ToList();

    private static List<string> Except(List<string> after, List<string> before)
    {
        var remaining = before.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        var added = new List<string>();
        foreach (var error in after)
        {
            if (remaining.TryGetValue(error, out var n) && n > 0)
            {
                remaining[error] = n - 1;
            }
            else
            {
                added.Add(error);
            }
        }

        return added;
    }

    private static string Describe(FuzzInput input, string problem)
        => $"seed #{input.Seed}, {input.Mutation}: {problem}\n--- input ---\n{input.Source}\n";
}
