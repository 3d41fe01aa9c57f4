using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes;

/// <summary>The wrapper fixers' precondition, on a <see cref="Document"/>: <see cref="CompileErrors.InEnclosingType"/>.</summary>
internal static class FixPreconditions
{
    /// <summary>Whether the type that holds <paramref name="span"/> has compiler errors (then no fix is offered).</summary>
    public static async Task<bool> TypeHasErrorsAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null || CompileErrors.InEnclosingType(model, span, cancellationToken);
    }
}
