using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// <see cref="CompileErrors.In"/> for several nodes of one tree (the sync members a wrapper analyzer asks the
/// <see cref="AsyncBodyTranslator"/> about), from one <see cref="SemanticModel.GetDiagnostics"/> call over the span that
/// covers them all. Each call of <c>GetDiagnostics(span)</c> repeats work over the whole tree (declaration, CLS and
/// documentation-comment checks) before it compiles the members in the span: for a stream wrapper whose <c>Write</c>
/// and <c>Flush</c> are both translated that was most of SNOOP003's time.
/// </summary>
/// <remarks>
/// The answer is the one <see cref="CompileErrors.In"/> gives: the errors of the wider span are filtered the way the
/// compiler filters by span (a location of the diagnostic in the tree that intersects the node's span). Members
/// between the nodes are compiled too, but their diagnostics lie in their own declarations, outside the nodes.
/// </remarks>
internal sealed class CompileErrorScope
{
    private readonly SemanticModel _model;
    private readonly TextSpan _span;
    private List<Diagnostic>? _errors;

    /// <param name="model">The semantic model of the tree the nodes are in.</param>
    /// <param name="nodes">The nodes that will be asked about; those of another tree are ignored (and answered one by one).</param>
    public CompileErrorScope(SemanticModel model, IEnumerable<SyntaxNode?> nodes)
    {
        _model = model;
        int start = int.MaxValue, end = -1;
        foreach (var node in nodes)
        {
            if (node is not null && node.SyntaxTree == model.SyntaxTree)
            {
                start = System.Math.Min(start, node.SpanStart);
                end = System.Math.Max(end, node.Span.End);
            }
        }

        _span = end < 0 ? default : TextSpan.FromBounds(start, end);
    }

    /// <summary>True when the compiler reports an error inside <paramref name="node"/>: the answer of <see cref="CompileErrors.In"/>.</summary>
    public bool In(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (model != _model || node.SyntaxTree != _model.SyntaxTree || _span.IsEmpty || !_span.Contains(node.Span))
        {
            return CompileErrors.In(model, node, cancellationToken);
        }

        if (_errors is null)
        {
            var errors = new List<Diagnostic>();
            foreach (var diagnostic in _model.GetDiagnostics(_span, cancellationToken))
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    errors.Add(diagnostic);
                }
            }

            _errors = errors;
        }

        var tree = _model.SyntaxTree;
        foreach (var error in _errors)
        {
            if (Intersects(error.Location, tree, node.Span))
            {
                return true;
            }

            foreach (var additional in error.AdditionalLocations)
            {
                if (Intersects(additional, tree, node.Span))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Intersects(Location location, SyntaxTree tree, TextSpan span)
        => location.SourceTree == tree && span.IntersectsWith(location.SourceSpan);
}
