using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>One mutated input and how it was made (so that a failure can be reproduced by hand).</summary>
internal sealed record FuzzInput(int Seed, string Mutation, string Source);

/// <summary>
/// Yields every source as it is, then broken and unusual versions of them, deterministically: truncated at every k-th token, single
/// tokens deleted, braces unbalanced, types renamed to missing ones, members duplicated, classes split into partials.
/// </summary>
internal static class Mutator
{
    private static readonly string[] s_renames =
    [
        "MemoryStream", "HttpContext", "Stream", "RequestDelegate", "IHttpResponseBodyFeature", "PipeWriter", "HttpResponse", "Task",
    ];

    public static IEnumerable<FuzzInput> Generate(IReadOnlyList<string> seeds, int budget, int randomSeed)
    {
        // Every seed once as it is: valid code, where fixes are offered and must add no error.
        for (var s = 0; s < seeds.Count; s++)
        {
            yield return new FuzzInput(s, "original", seeds[s]);
        }

        var random = new Random(randomSeed);
        var perSeed = Math.Max(1, budget / Math.Max(1, seeds.Count));
        var produced = 0;
        for (var round = 0; produced < budget && round < 64; round++)
        {
            for (var s = 0; s < seeds.Count && produced < budget; s++)
            {
                foreach (var input in ForSeed(s, seeds[s], round == 0 ? perSeed : Math.Max(1, perSeed / 4), random))
                {
                    yield return input;
                    if (++produced >= budget)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    private static IEnumerable<FuzzInput> ForSeed(int seedIndex, string source, int count, Random random)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var root = tree.GetRoot();
        var tokens = root.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && !t.IsMissing && t.Span.Length > 0).ToArray();
        if (tokens.Length == 0)
        {
            yield break;
        }

        for (var i = 0; i < count; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                {
                    var cut = tokens[random.Next(tokens.Length)];
                    yield return new FuzzInput(seedIndex, $"truncate at {cut.SpanStart}", source[..cut.SpanStart]);
                    break;
                }

                case 1:
                {
                    var gone = tokens[random.Next(tokens.Length)];
                    yield return new FuzzInput(seedIndex, $"delete token '{gone.Text}' at {gone.SpanStart}", source.Remove(gone.SpanStart, gone.Span.Length));
                    break;
                }

                case 2:
                {
                    var braces = tokens.Where(t => t.IsKind(SyntaxKind.CloseBraceToken) || t.IsKind(SyntaxKind.OpenBraceToken)).ToArray();
                    if (braces.Length > 0)
                    {
                        var brace = braces[random.Next(braces.Length)];
                        yield return random.Next(2) == 0
                            ? new FuzzInput(seedIndex, $"remove brace at {brace.SpanStart}", source.Remove(brace.SpanStart, 1))
                            : new FuzzInput(seedIndex, $"extra '{{' at {brace.SpanStart}", source.Insert(brace.SpanStart, "{"));
                    }

                    break;
                }

                case 3:
                {
                    var name = s_renames[random.Next(s_renames.Length)];
                    var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name).ToArray();
                    if (identifiers.Length > 0)
                    {
                        var target = identifiers[random.Next(identifiers.Length)];
                        yield return new FuzzInput(seedIndex, $"rename {name} at {target.SpanStart} to a missing type", source.Remove(target.SpanStart, target.Span.Length).Insert(target.SpanStart, name + "Missing"));
                    }

                    break;
                }

                case 4:
                {
                    var members = root.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(m => m is MethodDeclarationSyntax or PropertyDeclarationSyntax or FieldDeclarationSyntax).ToArray();
                    if (members.Length > 0)
                    {
                        var member = members[random.Next(members.Length)];
                        yield return new FuzzInput(seedIndex, $"duplicate member at {member.SpanStart}", source.Insert(member.FullSpan.End, member.ToFullString()));
                    }

                    break;
                }

                default:
                {
                    var split = SplitIntoPartials(root, random);
                    if (split is not null)
                    {
                        yield return new FuzzInput(seedIndex, "split class into partials", split);
                    }

                    break;
                }
            }
        }
    }

    /// <summary>Moves the second half of a class's members into a second <c>partial</c> declaration of it.</summary>
    private static string? SplitIntoPartials(SyntaxNode root, Random random)
    {
        var classes = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Where(c => c.Members.Count >= 2 && c.Parent is not ClassDeclarationSyntax).ToArray();
        if (classes.Length == 0)
        {
            return null;
        }

        var target = classes[random.Next(classes.Length)];
        var half = target.Members.Count / 2;
        var partialModifier = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        var modifiers = target.Modifiers.Any(SyntaxKind.PartialKeyword) ? target.Modifiers : target.Modifiers.Add(partialModifier);
        var first = target.WithModifiers(modifiers).WithMembers(SyntaxFactory.List(target.Members.Take(half)));
        var second = SyntaxFactory.ClassDeclaration(target.Identifier.WithoutTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partialModifier))
            .WithTypeParameterList(target.TypeParameterList)
            .WithMembers(SyntaxFactory.List(target.Members.Skip(half)))
            .NormalizeWhitespace();
        var replaced = root.ReplaceNode(target, new SyntaxNode[] { first, second });
        return replaced.ToFullString();
    }
}
