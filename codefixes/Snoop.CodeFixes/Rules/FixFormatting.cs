using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Formatting;

namespace Snoop.CodeFixes.Rules;

/// <summary>Formats what a fix generated (nodes carrying <see cref="Formatter.Annotation"/>) with the document's own line ending.</summary>
internal static class FixFormatting
{
    public static async Task<Document> FormatAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
        var newLine = root is null ? null : DetectNewLine(root);
        var changed = newLine is null ? options : options.WithChangedOption(FormattingOptions.NewLine, newLine);
        return await Formatter.FormatAsync(document, Formatter.Annotation, changed, cancellationToken).ConfigureAwait(false);
    }

    private static string? DetectNewLine(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return null;
    }
}
