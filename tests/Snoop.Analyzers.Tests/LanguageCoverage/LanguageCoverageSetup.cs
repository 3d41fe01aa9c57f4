using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>Small project set-ups shared by the language-coverage tests (one place, so each rule file reads as its cases).</summary>
internal static class LanguageCoverageSetup
{
    /// <summary>A solution transform that adds <paramref name="symbols"/> to the project's preprocessor symbols (as a csproj's DefineConstants would).</summary>
    public static Func<Solution, ProjectId, Solution> Define(params string[] symbols)
        => (solution, projectId) =>
        {
            var options = (CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, options.WithPreprocessorSymbols(options.PreprocessorSymbolNames.Concat(symbols)));
        };
}
