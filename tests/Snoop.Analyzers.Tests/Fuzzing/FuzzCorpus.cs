using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>The seeds of the fuzzer: every C# source embedded as a raw string literal in the rule tests, markup removed.</summary>
internal static partial class FuzzCorpus
{
    private const string DefaultUsings = """
        using System;
        using System.Buffers;
        using System.IO;
        using System.IO.Pipelines;
        using System.Net.Http;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.Extensions.Logging;

        """;

    public static IReadOnlyList<string> LoadSeeds()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "tests", "Snoop.Analyzers.Tests", "Rules");
        // Sources that carried diagnostic markup come first: when the budget is smaller than two inputs per seed, the extra
        // inputs go to the sources the fixers can reach, so adding silent cases to the rule tests does not starve the fixers.
        var seeds = new SortedSet<string>(StringComparer.Ordinal);
        var marked = new SortedSet<string>(StringComparer.Ordinal);
        // Rules and its per-rule folders; the language-coverage files (which move into those folders) are not seeds.
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("LanguageTests.cs", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (!literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    continue;
                }

                var text = StripMarkup(literal.Token.ValueText);
                if (!LooksLikeCompilationUnit(text))
                {
                    continue;
                }

                var seed = text.Contains("using ", StringComparison.Ordinal) ? text : DefaultUsings + text;
                (DiagnosticMarkupStart().IsMatch(literal.Token.ValueText) ? marked : seeds).Add(seed);
            }
        }

        seeds.ExceptWith(marked);
        return marked.Concat(seeds).ToArray();
    }

    public static string StripMarkup(string source)
    {
        var withoutIds = DiagnosticMarkupStart().Replace(source, string.Empty);
        return withoutIds.Replace("|}", string.Empty, StringComparison.Ordinal)
            .Replace("[|", string.Empty, StringComparison.Ordinal)
            .Replace("|]", string.Empty, StringComparison.Ordinal);
    }

    private static bool LooksLikeCompilationUnit(string text)
        => text.Contains("class ", StringComparison.Ordinal) || text.Contains("app.", StringComparison.Ordinal) || text.Contains("record ", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\|[A-Za-z0-9]+:")]
    private static partial Regex DiagnosticMarkupStart();
}
