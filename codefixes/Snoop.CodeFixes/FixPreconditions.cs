using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes;

/// <summary>The wrapper fixers' precondition, on a <see cref="Document"/>: <see cref="CompileErrors.BlockTypeFix"/>.</summary>
internal static class FixPreconditions
{
    /// <summary>
    /// The namespaces a wrapper fix may add a <c>using</c> for (the types of the generated members' signatures, the
    /// runtime's delegating bases): an unresolved name one of them would resolve blocks the fix.
    /// </summary>
    public static readonly IReadOnlyList<string> WrapperImports = new[]
    {
        "System", "System.Buffers", "System.Collections.Generic", "System.IO", "System.IO.Pipelines", "System.Security.Claims",
        "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Http.Features",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Primitives", RuntimeNames.Namespace,
    };

    /// <summary>
    /// Whether a compiler error blocks a fix of the wrapper class reported by <paramref name="diagnostic"/> (then no fix is
    /// offered): errors in members the fix neither generates, overrides, forwards, copies nor deletes, and that do not
    /// name the wrapped instance, do not (see <see cref="CompileErrors.BlockTypeFix"/>).
    /// </summary>
    public static async Task<bool> TypeHasErrorsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.KindKey, out var kind) && kind == DiagnosticProperties.KindSet)
        {
            // An install site (Features.Set with a feature given no previous one): the fix rewrites that one statement.
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (model is null || root is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return true;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var statement = node.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? node;
            return CompileErrors.BlockFunctionFix(model, node, new[] { statement }, CompileErrors.NamesIn(statement), WrapperImports, cancellationToken);
        }

        // SNOOP006 may name a path to the inner writer (_pipe.Writer): every name on it is relied on.
        var inner = diagnostic.Properties.TryGetValue(DiagnosticProperties.InnerKey, out var name) && !string.IsNullOrEmpty(name)
            ? name!.Split('.')
            : System.Array.Empty<string>();
        return await TypeHasErrorsAsync(document, diagnostic.Location.SourceSpan, inner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a compiler error blocks a fix of the type that holds <paramref name="span"/>; <paramref name="inner"/>: the holders of the wrapped instance.</summary>
    public static async Task<bool> TypeHasErrorsAsync(Document document, TextSpan span, IEnumerable<string> inner, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null || CompileErrors.BlockTypeFix(model, span, inner, WrapperImports, cancellationToken);
    }

    /// <summary>Whether a compiler error blocks a fix of the type that holds <paramref name="span"/>.</summary>
    public static Task<bool> TypeHasErrorsAsync(Document document, TextSpan span, CancellationToken cancellationToken)
        => TypeHasErrorsAsync(document, span, System.Array.Empty<string>(), cancellationToken);

    /// <summary>
    /// The fixers' postcondition: true when <paramref name="fixedDocument"/> has more compiler errors than the document
    /// <paramref name="before"/> was the model of (the fix is then not applied: a fix never hands back code that compiles
    /// less than it did).
    /// </summary>
    public static async Task<bool> AddsCompileErrorsAsync(SemanticModel before, Document fixedDocument, CancellationToken cancellationToken)
    {
        var after = await fixedDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return after is null || CountErrors(after, cancellationToken) > CountErrors(before, cancellationToken);
    }

    private static int CountErrors(SemanticModel model, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var diagnostic in model.GetDiagnostics(cancellationToken: cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                count++;
            }
        }

        return count;
    }
}
