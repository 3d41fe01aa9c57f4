using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The precondition every fixer checks before it offers a rewrite: the code it rewrites compiles. A rewrite of code that
/// does not compile cannot be shown to add no error (a missing parameter name, a duplicated member), so no fix is
/// offered there: the diagnostic stays, and the fix comes back once the code compiles. The fixers ask
/// <see cref="BlockFunctionFix(SemanticModel, SyntaxNode, System.Collections.Generic.IEnumerable{SyntaxNode}, System.Collections.Generic.IEnumerable{string}, System.Collections.Generic.IEnumerable{string}, CancellationToken)"/>
/// and <see cref="BlockTypeFix"/>, which let errors elsewhere (another method, an unrelated field) stand; the strict
/// forms below (any error in a node, a type, a function) are for checks on code a fix copies as it is.
/// </summary>
internal static partial class CompileErrors
{
    /// <summary>
    /// True when the compiler reports an error (syntax or semantic: <see cref="SemanticModel.GetDiagnostics"/> reports
    /// both) inside <paramref name="node"/>.
    /// </summary>
    public static bool In(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in model.GetDiagnostics(node.Span, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the type declaration that holds <paramref name="span"/> (the whole file outside a type) has errors, or
    /// when <paramref name="span"/> is not in the tree at all.
    /// </summary>
    public static bool InEnclosingType(SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        if (!root.FullSpan.Contains(span))
        {
            return true;
        }

        var node = root.FindNode(span).FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? root;
        return In(model, node, cancellationToken);
    }

    /// <summary>
    /// True when the function that holds <paramref name="node"/> (lambda, local function, method, accessor, or the top-level
    /// statements) has errors: the scope a rewrite inside one function touches.
    /// </summary>
    public static bool InEnclosingFunction(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
            {
                return In(model, ancestor, cancellationToken);
            }
        }

        return In(model, node, cancellationToken);
    }
}
