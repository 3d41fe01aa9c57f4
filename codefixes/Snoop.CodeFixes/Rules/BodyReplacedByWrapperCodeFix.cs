using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP007 fix, where the wrapper only counts: <c>Response.Body = new W(original)</c> becomes
/// <c>using var capture = ResponseCapture.BeginMetrics(context);</c>; the swap, the restore, the kept original and the
/// wrapper's disposal disappear, and reads of the wrapper's count read <c>capture.BytesWritten</c>. Where the wrapper observes
/// otherwise, a <c>ResponseObserver</c> generated from it is installed with <c>ResponseCapture.Observe</c>
/// (<see cref="ObserverGeneration"/>). The wrapper class stays (another caller may use it) unless it is not public and nothing
/// refers to it any more. Offered only when every use of the wrapper and of the kept original is one of those.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BodyReplacedByWrapperCodeFix))]
[Shared]
public sealed partial class BodyReplacedByWrapperCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "SNOOP007:UseBeginMetrics";

    /// <summary>The key of the observer rewrite (a wrapper that observes more than a count).</summary>
    internal const string ObserveEquivalenceKey = "SNOOP007:UseObserve";

    private const string ObserveMark = "*observe*";

    private static readonly SyntaxAnnotation s_remove = new("SnoopRemove");
    private static readonly SyntaxAnnotation s_anchor = new("SnoopAnchor");
    private static readonly SyntaxAnnotation s_countRead = new("SnoopCountRead");

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BodyReplacedByWrapper);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        // Each swap is marked with its count members, then fixed on the updated document in turn (each re-analyzes its function).
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var members = ParseMembers(diagnostic);
            // A key picks one kind of fix; without one (dotnet format may ask so), each swap gets its own kind.
            var wanted = context.CodeActionEquivalenceKey switch
            {
                ObserveEquivalenceKey => members is null,
                EquivalenceKey => members is not null,
                _ => true,
            };
            if (wanted && IsFixable(diagnostic) && FindSwap(root, diagnostic) is { } node && !marks.ContainsKey(node))
            {
                marks.Add(node, new SyntaxAnnotation("SnoopFixAll", members is null ? ObserveMark : string.Join(",", members)));
            }
        }

        var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
        foreach (var mark in marks.Values)
        {
            var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault() is ExpressionSyntax swap
                && await TryFixAsync(current, swap, mark.Data == ObserveMark ? null : (mark.Data ?? string.Empty).Split(new[] { ',' }, System.StringSplitOptions.RemoveEmptyEntries), context.CancellationToken).ConfigureAwait(false) is { } fixedDocument)
            {
                current = fixedDocument;
            }
        }

        return current;
    });

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!IsFixable(diagnostic) || FindSwap(root, diagnostic) is not ExpressionSyntax swap)
            {
                continue;
            }

            // Offered from the analyzer's facts (Kind, Install, NotFixable) and the compile-error precondition; the rewrite is
            // planned once, when the action is applied, and hands back the document unchanged on a shape the analyzer did not foresee.
            if (CompileErrors.BlockRewriteFrom(semanticModel, swap, swap, [RuntimeNames.Namespace], context.CancellationToken))
            {
                continue;
            }

            var countMembers = ParseMembers(diagnostic);
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    countMembers is null
                        ? $"Observe with a {RuntimeNames.ResponseObserver} and {RuntimeNames.ResponseCapture}.{RuntimeNames.Observe} (keeps send-file and the server's pipe)"
                        : $"Count with {RuntimeNames.ResponseCapture}.{RuntimeNames.BeginMetrics} (keeps send-file and the server's pipe)",
                    async cancellationToken => await TryFixAsync(document, swap, countMembers, cancellationToken).ConfigureAwait(false) ?? document,
                    countMembers is null ? ObserveEquivalenceKey : EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>A wrapper stream, or a hand-written body feature over one, that counts or observes.</summary>
    private static bool IsFixable(Diagnostic diagnostic)
        => !diagnostic.Properties.ContainsKey(DiagnosticProperties.NotFixableKey)
            && SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.KindKey, DiagnosticProperties.KindCounts, DiagnosticProperties.KindObserves)
            && SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.InstallKey, DiagnosticProperties.InstallBody, DiagnosticProperties.InstallFeature, DiagnosticProperties.InstallFeatureWrapper);

    /// <summary>The members that read the wrapper's count; null for an observing wrapper (the fix generates an observer).</summary>
    private static string[]? ParseMembers(Diagnostic diagnostic)
        => SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.KindKey, DiagnosticProperties.KindObserves)
            ? null
            : diagnostic.Properties.TryGetValue(DiagnosticProperties.MembersKey, out var members) && !string.IsNullOrEmpty(members)
                ? members!.Split(',')
                : System.Array.Empty<string>();

    /// <summary>The install the diagnostic is on: <c>Response.Body = ...</c>, or the <c>Features.Set(...)</c> call.</summary>
    private static SyntaxNode? FindSwap(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().FirstOrDefault(n => n is AssignmentExpressionSyntax || n is InvocationExpressionSyntax && n.Span == span);
    }
}
