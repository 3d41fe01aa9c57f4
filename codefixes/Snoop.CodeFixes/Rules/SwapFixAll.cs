using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// Fix All for the body-swap fixes: every diagnostic's node is marked, then the fixes run one after the other on the
/// updated document (each re-analyzes its block), so fixes in one document never fight over text changes (<c>using Snoop;</c>).
/// </summary>
internal static class SwapFixAll
{
    public static FixAllProvider Create(Func<Diagnostic, bool> isFixable, Func<SyntaxNode, Diagnostic, SyntaxNode?> findNode, Func<Document, SyntaxNode, CancellationToken, Task<Document?>> fixAsync)
        => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (isFixable(diagnostic) && findNode(root, diagnostic) is { } node && !marks.ContainsKey(node))
                {
                    marks.Add(node, new SyntaxAnnotation("SnoopFixAll"));
                }
            }

            var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
            foreach (var mark in marks.Values)
            {
                var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault() is { } node
                    && await fixAsync(current, node, context.CancellationToken).ConfigureAwait(false) is { } fixedDocument)
                {
                    current = fixedDocument;
                }
            }

            return current;
        });

    /// <summary>Is <paramref name="diagnostic"/>'s property <paramref name="name"/> one of <paramref name="values"/>?</summary>
    public static bool HasProperty(Diagnostic diagnostic, string name, params string[] values)
        => diagnostic.Properties.TryGetValue(name, out var value) && value is not null && Array.IndexOf(values, value) >= 0;
}
