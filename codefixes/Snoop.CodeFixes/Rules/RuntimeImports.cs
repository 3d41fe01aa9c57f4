using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.CodeFixes.Rules;

/// <summary>How generated code names a runtime type: plainly with a <c>using Snoop;</c>, or fully qualified when the name means something else here.</summary>
internal static class RuntimeImports
{
    /// <summary>The name to write for the runtime type <paramref name="typeName"/> at <paramref name="position"/>; <paramref name="addUsing"/> when <c>using Snoop;</c> is needed.</summary>
    public static string ChooseTypeName(SyntaxNode root, SemanticModel model, int position, string typeName, out bool addUsing)
    {
        addUsing = false;
        var visible = model.LookupNamespacesAndTypes(position, name: typeName);
        foreach (var symbol in visible)
        {
            if (symbol.ContainingNamespace?.ToDisplayString() != RuntimeNames.Namespace)
            {
                return "global::" + RuntimeNames.Namespace + "." + typeName;
            }
        }

        if (visible.IsEmpty)
        {
            addUsing = !HasSnoopUsing(root);
        }

        return typeName;
    }

    /// <summary>Adds <c>using Snoop;</c> among the file's usings (after the System ones, in order), keeping a file header in front.</summary>
    public static CompilationUnitSyntax AddSnoopUsing(CompilationUnitSyntax root)
    {
        if (HasSnoopUsing(root))
        {
            return root;
        }

        // The file's own line ending: the one after its last using, else its first one (CRLF files stay CRLF).
        var usings = root.Usings;
        var endOfLine = usings.Count > 0 ? usings[usings.Count - 1].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) : default;
        if (endOfLine.RawKind == 0)
        {
            endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        }

        if (endOfLine.RawKind == 0)
        {
            endOfLine = SyntaxFactory.EndOfLine("\n");
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(RuntimeNames.Namespace)).NormalizeWhitespace().WithTrailingTrivia(endOfLine);
        if (usings.Count == 0)
        {
            var first = root.GetFirstToken(includeZeroWidth: true);
            var rooted = root.ReplaceToken(first, first.WithLeadingTrivia());
            return rooted.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(endOfLine, endOfLine)));
        }

        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            var name = usings[i].Name?.ToString() ?? string.Empty;
            if (usings[i].Alias is null && usings[i].StaticKeyword.RawKind == 0 && !name.StartsWith("System", System.StringComparison.Ordinal)
                && string.CompareOrdinal(name, RuntimeNames.Namespace) > 0)
            {
                index = i;
                break;
            }
        }

        return root.WithUsings(usings.Insert(index, directive));
    }

    private static bool HasSnoopUsing(SyntaxNode root)
        => root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.Name?.ToString() == RuntimeNames.Namespace);
}
