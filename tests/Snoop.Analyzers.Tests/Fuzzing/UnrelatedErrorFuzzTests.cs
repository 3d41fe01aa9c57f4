using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>
/// The fixes' compile-error precondition under load: every seed with errors a user has while editing, placed where no
/// fix rewrites (a helper method taking an unresolved type in every class; and, in a second variant, a call of an
/// unresolved name at the top of every method that overrides nothing). Fixes must still be offered on such code, and
/// none may add an error (the same check as <see cref="AnalyzerFuzzTests"/>: the errors before and after, as a multiset).
/// </summary>
public class UnrelatedErrorFuzzTests(ITestOutputHelper output)
{
    private const int MinimumFixesExercised = 100; // 143 at the time of writing; 37 when any error in the type or function blocked a fix

    private const string UnrelatedMember = "private static void SnoopFuzzUnrelated(ISnoopFuzzMissing missing) => missing.Go();";
    private const string UnrelatedStatement = "SnoopFuzzMissingLog.Write(\"unrelated\");";

    [Fact]
    public async Task FixesAreOfferedDespiteUnrelatedErrors_AndAddNone()
    {
        var seeds = FuzzCorpus.LoadSeeds();
        using var runner = await FuzzRunner.CreateAsync();
        var failures = new List<string>();
        var inputs = 0;
        for (var s = 0; s < seeds.Count; s++)
        {
            foreach (var (mutation, source) in Variants(seeds[s]))
            {
                inputs++;
                failures.AddRange(await runner.CheckAsync(new FuzzInput(s, mutation, source)));
                if (failures.Count >= 5)
                {
                    break;
                }
            }
        }

        output.WriteLine($"{inputs} inputs from {seeds.Count} seeds: {runner.DiagnosticsSeen} diagnostics, {runner.FixesChecked} fixes applied and compiled");
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s); the first:\n\n{string.Join("\n\n", failures.Take(3))}");
        Assert.True(runner.FixesChecked >= MinimumFixesExercised, $"only {runner.FixesChecked} fixes were offered on code with unrelated errors");
    }

    private static IEnumerable<(string Mutation, string Source)> Variants(string seed)
    {
        var root = CSharpSyntaxTree.ParseText(seed, new CSharpParseOptions(LanguageVersion.CSharp12)).GetRoot();
        if (!root.DescendantNodes().OfType<ClassDeclarationSyntax>().Any())
        {
            yield break;
        }

        yield return ("unrelated member in every class", new Inserter(statements: false).Visit(root).ToFullString());
        yield return ("unrelated member and statement", new Inserter(statements: true).Visit(root).ToFullString());
    }

    private sealed class Inserter(bool statements) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node)
        {
            var visited = (ClassDeclarationSyntax)base.VisitClassDeclaration(node)!;
            var member = SyntaxFactory.ParseMemberDeclaration(UnrelatedMember)!.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            return visited.AddMembers(member);
        }

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
            if (!statements || visited.Body is null || visited.Modifiers.Any(SyntaxKind.OverrideKeyword) || visited.Identifier.ValueText == "SnoopFuzzUnrelated")
            {
                return visited;
            }

            var statement = SyntaxFactory.ParseStatement(UnrelatedStatement).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            return visited.WithBody(visited.Body.WithStatements(visited.Body.Statements.Insert(0, statement)));
        }
    }
}
