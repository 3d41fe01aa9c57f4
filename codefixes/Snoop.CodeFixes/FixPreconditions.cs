using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.CodeFixes;

/// <summary>Checks every fixer makes before it offers a rewrite.</summary>
internal static class FixPreconditions
{
    /// <summary>
    /// Whether the type that holds <paramref name="span"/> has compiler errors. A rewrite of code that does not
    /// compile cannot be shown to add no error (a missing parameter name, a duplicated member), so no fix is
    /// offered there: the diagnostic stays, and the fix comes back once the code compiles.
    /// </summary>
    public static async Task<bool> TypeHasErrorsAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || !root.FullSpan.Contains(span))
        {
            return true;
        }

        var node = root.FindNode(span).FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? root;
        foreach (var diagnostic in node.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return true;
        }

        foreach (var diagnostic in model.GetDiagnostics(node.Span, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }
}
