using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Snoop.Package.Tests.Infrastructure;

namespace Snoop.Package.Tests.Ide;

/// <summary>
/// What an editor host does with a light bulb: load the consumer's project into a Roslyn workspace (its compile
/// items and references as MSBuild resolved them), load the analyzers and code-fix providers from the package's
/// analyzers/dotnet/cs, ask the providers for actions at a SNOOP001 diagnostic, apply one, and compile.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class WorkspaceFixTests(PackageFixture fixture)
{
    [Fact]
    public async Task A_code_action_from_the_package_fixes_SNOOP001_and_the_document_compiles()
    {
        var outcome = await fixture.NaiveBuildAsync();
        Assert.True(outcome.Build.Succeeded, outcome.Build.ToString());
        var items = await GetProjectItemsAsync(outcome.Consumer);

        // The package's analyzer folder is what MSBuild handed the compiler; load exactly those assemblies.
        var packageAnalyzers = Path.Combine(fixture.ExtractedPackage, "analyzers", "dotnet", "cs");
        var fromPackage = items.Analyzers.Where(a => a.StartsWith(packageAnalyzers, StringComparison.Ordinal)).Select(a => Path.GetFileName(a)).Order().ToArray();
        Assert.Equal(["Snoop.Analyzers.dll", "Snoop.CodeFixes.dll"], fromPackage);
        var context = new PackageLoadContext(packageAnalyzers);
        var analyzerAssembly = context.LoadFromAssemblyName(new AssemblyName("Snoop.Analyzers"));
        var fixerAssembly = context.LoadFromAssemblyName(new AssemblyName("Snoop.CodeFixes"));
        var analyzers = Instantiate<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>(analyzerAssembly);
        var fixers = Instantiate<CodeFixProvider, ExportCodeFixProviderAttribute>(fixerAssembly);
        Assert.NotEmpty(analyzers);
        Assert.NotEmpty(fixers);

        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            ConsumerApp.AssemblyName,
            ConsumerApp.AssemblyName,
            LanguageNames.CSharp,
            filePath: outcome.Consumer.ProjectPath,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication),
            parseOptions: parseOptions,
            documents: items.Compile.Select(path => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                Path.GetFileName(path),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(File.ReadAllText(path)), VersionStamp.Create(), path)),
                filePath: path)),
            metadataReferences: items.References.Select(r => MetadataReference.CreateFromFile(r))));
        Assert.True(workspace.TryApplyChanges(solution));

        var project = workspace.CurrentSolution.GetProject(projectId)!;
        await AssertCompilesAsync(project);
        var diagnostics = await AnalyzeAsync(project, analyzers);
        Assert.Equal(ConsumerApp.ExpectedReportedIds, diagnostics.Select(d => d.Id).Distinct().Order().ToArray());

        // The light bulb at the SNOOP001 squiggle.
        var diagnostic = diagnostics.First(d => d.Id == "SNOOP001");
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        Assert.Equal("ResponseBodyLoggingMiddleware.cs", document.Name);
        var actions = new List<CodeAction>();
        foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains("SNOOP001")))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        }

        var chosen = Assert.Single(actions);
        var operations = await chosen.GetOperationsAsync(CancellationToken.None);
        Assert.True(workspace.TryApplyChanges(operations.OfType<ApplyChangesOperation>().Single().ChangedSolution));

        var fixedProject = workspace.CurrentSolution.GetProject(projectId)!;
        var fixedText = (await fixedProject.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024)", fixedText);
        Assert.DoesNotContain("new MemoryStream", fixedText);
        await AssertCompilesAsync(fixedProject);
        var left = await AnalyzeAsync(fixedProject, analyzers);
        Assert.DoesNotContain(left, d => d.Id == "SNOOP001");
    }

    private static async Task AssertCompilesAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers(analyzers, new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync();
    }

    private static ImmutableArray<T> Instantiate<T, TAttribute>(Assembly assembly)
        where TAttribute : Attribute
        => assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetCustomAttribute<TAttribute>() is not null)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>What MSBuild resolved for the consumer: the compile items, the references and the analyzers.</summary>
    private static async Task<ProjectItems> GetProjectItemsAsync(Consumer consumer)
    {
        var result = await consumer.RunAsync(
            "msbuild", consumer.ProjectPath, "-nologo", "-t:Build",
            "-getItem:Compile", "-getItem:ReferencePathWithRefAssemblies", "-getItem:Analyzer");
        Assert.True(result.Succeeded, result.ToString());
        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        var itemsElement = document.RootElement.GetProperty("Items");
        string[] FullPaths(string name) => itemsElement.GetProperty(name).EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!).ToArray();
        return new ProjectItems(FullPaths("Compile"), FullPaths("ReferencePathWithRefAssemblies"), FullPaths("Analyzer"));
    }

    private sealed record ProjectItems(string[] Compile, string[] References, string[] Analyzers);

    /// <summary>Loads the package's assemblies from its folder; Roslyn itself comes from the host, as in an editor.</summary>
    private sealed class PackageLoadContext(string directory) : AssemblyLoadContext("Snoop.Analyzers package", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
